//===- BranchConditions.cpp - What a condition says about the IRQL --------===//

#include "tu/BranchConditions.h"

#include "tu/ExprKeys.h"
#include "tu/SourcePoints.h"

#include "clang/Lex/Lexer.h"

#include <algorithm>

using namespace clang;

namespace ndischeck {

namespace {

/// More than this many atoms per function are not followed: the link step
/// keeps path facts per combination of atom values.
constexpr size_t MaxAtoms = 8;

const Expr *strip(const Expr *E) { return E ? E->IgnoreParenCasts() : nullptr; }

bool isIntegralLike(QualType T) {
  T = T.getCanonicalType();
  return T->isIntegralOrEnumerationType() || T->isBooleanType();
}

} // namespace

void BranchConditions::beginFunction(
    const FunctionDecl *FD, const std::vector<const Expr *> &Conditions,
    const llvm::DenseSet<const VarDecl *> &Results,
    std::vector<const Stmt *> BodyStmts) {
  Atoms.clear();
  AtomIndex.clear();
  IrqlLocals.clear();
  SingleValue.clear();
  Written.clear();
  Stmts = std::move(BodyStmts);
  if (FD && FD->hasBody())
    scanLocals();
  for (const Expr *C : Conditions) {
    if (Atoms.size() >= MaxAtoms)
      break;
    const VarDecl *VD = testedVariable(C);
    if (!VD || AtomIndex.count(VD) || Results.count(VD) || IrqlLocals.count(VD))
      continue;
    ProgAtom A;
    A.Name = VD->getNameAsString();
    if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
      A.Param = static_cast<int>(PVD->getFunctionScopeIndex());
    AtomIndex[VD] = static_cast<int>(Atoms.size());
    Atoms.push_back(std::move(A));
  }
}

void BranchConditions::scanLocals() {
  llvm::DenseMap<const VarDecl *, unsigned> Writes;
  llvm::DenseSet<const VarDecl *> Other;
  auto Local = [](const Expr *E) -> const VarDecl * {
    const auto *DRE =
        dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return VD && VD->hasLocalStorage() ? VD : nullptr;
  };
  auto Write = [&](const VarDecl *VD, const Expr *Value) {
    ++Writes[VD];
    if (Value && !isa<ParmVarDecl>(VD))
      SingleValue[VD] = Value;
    if (Value && isCurrentIrqlQuery(Value) && !isa<ParmVarDecl>(VD))
      IrqlLocals.insert(VD);
    else
      Other.insert(VD);
  };
  for (const Stmt *S : Stmts) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit())
          Write(VD, VD->getInit());
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
               BO && BO->isAssignmentOp()) {
      if (const VarDecl *VD = Local(BO->getLHS())) {
        Write(VD, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr);
        Written.insert(VD);
      }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO &&
               (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)) {
      if (const VarDecl *VD = Local(UO->getSubExpr())) {
        Other.insert(VD); // changed, or changeable through a pointer
        Writes[VD] += 2;
        Written.insert(VD);
      }
    }
  }
  for (const VarDecl *VD : Other)
    IrqlLocals.erase(VD);
  for (auto It = SingleValue.begin(); It != SingleValue.end();) {
    auto Cur = It++;
    if (Writes.lookup(Cur->first) != 1)
      SingleValue.erase(Cur);
  }
}

std::optional<int64_t>
BranchConditions::constantOf(const Expr *E, const VarDecl *&From) const {
  From = nullptr;
  if (std::optional<int64_t> V = constantValue(E, Ctx))
    return V;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  // Its one write is its initialiser: it holds that value wherever it is
  // read.
  if (!VD || VD->getType().isVolatileQualified() || !VD->getInit() ||
      singleValue(VD) != VD->getInit())
    return std::nullopt;
  std::optional<int64_t> V = constantValue(VD->getInit(), Ctx);
  if (V)
    From = VD;
  return V;
}

const Expr *BranchConditions::singleValue(const VarDecl *VD) const {
  auto It = SingleValue.find(VD);
  return It == SingleValue.end() ? nullptr : It->second;
}

int BranchConditions::atomOf(const VarDecl *VD) const {
  auto It = AtomIndex.find(VD);
  return It == AtomIndex.end() ? -1 : It->second;
}

const VarDecl *BranchConditions::testedVariable(const Expr *E) const {
  while ((E = strip(E))) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isEqualityOp()) {
      // `x == FALSE`, `TRUE != x`
      if (constantValue(BO->getRHS(), Ctx))
        E = BO->getLHS();
      else if (constantValue(BO->getLHS(), Ctx))
        E = BO->getRHS();
      else
        return nullptr;
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    if (!DRE)
      return nullptr;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || !VD->hasLocalStorage() || !isIntegralLike(VD->getType()))
      return nullptr;
    // A copy of another variable (`BOOLEAN Dpc = AtDispatch;`) tests it.
    for (unsigned Depth = 0; Depth < 4; ++Depth) {
      const Expr *V = singleValue(VD);
      const auto *Src = V ? dyn_cast<DeclRefExpr>(strip(V)) : nullptr;
      const auto *SrcVD = Src ? dyn_cast<VarDecl>(Src->getDecl()) : nullptr;
      if (!SrcVD || !SrcVD->hasLocalStorage() ||
          !isIntegralLike(SrcVD->getType()))
        break;
      VD = SrcVD;
    }
    return VD;
  }
  return nullptr;
}

bool BranchConditions::isDispatchFlag(const Expr *E) const {
  E = strip(E);
  if (!E)
    return false;
  std::string Name;
  if (E->getBeginLoc().isMacroID())
    Name = Lexer::getImmediateMacroName(
               E->getBeginLoc(), Ctx.getSourceManager(), Ctx.getLangOpts())
               .str();
  if (Name.empty())
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      Name = DRE->getDecl()->getNameAsString();
  const std::vector<std::string> &Flags = Db.DispatchLevelFlags;
  return !Name.empty() &&
         std::find(Flags.begin(), Flags.end(), Name) != Flags.end();
}

/// `F & FLAG`, `(F & FLAG) != 0`, `(F & FLAG) == FLAG`, `F & FLAG ? TRUE :
/// FALSE` and their negations: true when the flag is set on the condition's
/// true branch, false when it is clear there.
std::optional<bool>
BranchConditions::dispatchFlagSense(const Expr *Cond) const {
  bool Sense = true;
  const Expr *E = Cond;
  while ((E = strip(E))) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Sense = !Sense;
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
      auto T = constantValue(CO->getTrueExpr(), Ctx);
      auto F = constantValue(CO->getFalseExpr(), Ctx);
      if (!T || !F || (*T != 0) == (*F != 0))
        return std::nullopt;
      if (*T == 0)
        Sense = !Sense;
      E = CO->getCond();
      continue;
    }
    const auto *BO = dyn_cast<BinaryOperator>(E);
    if (!BO)
      return std::nullopt;
    if (BO->getOpcode() == BO_And)
      return isDispatchFlag(BO->getLHS()) || isDispatchFlag(BO->getRHS())
                 ? std::optional<bool>(Sense)
                 : std::nullopt;
    if (!BO->isEqualityOp())
      return std::nullopt;
    const Expr *Other = BO->getLHS();
    const Expr *Const = BO->getRHS();
    std::optional<int64_t> V = constantValue(Const, Ctx);
    if (!V) {
      std::swap(Other, Const);
      V = constantValue(Const, Ctx);
    }
    if (!V)
      return std::nullopt;
    // `(F & FLAG) == 0` is "clear"; `(F & FLAG) == FLAG` (the WDK's
    // NDIS_TEST_*_FLAG spelling) is "set".
    bool EqualMeansSet = *V != 0;
    if (BO->getOpcode() == BO_EQ ? !EqualMeansSet : EqualMeansSet)
      Sense = !Sense;
    E = Other;
  }
  return std::nullopt;
}

bool BranchConditions::isCurrentIrqlQuery(const Expr *E) const {
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E)))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return IrqlLocals.count(VD);
  const auto *CE = dyn_cast_or_null<CallExpr>(strip(E));
  if (!CE)
    return false;
  ResolvedDdi R = Resolver.resolve(CE);
  return R && R.Semantics->Effect.K == IrqlEffect::Query;
}

std::optional<IrqlRange>
BranchConditions::currentIrqlTest(const Expr *E) const {
  const auto *BO = dyn_cast_or_null<BinaryOperator>(strip(E));
  if (!BO || !(BO->isRelationalOp() || BO->isEqualityOp()))
    return std::nullopt;
  BinaryOperatorKind Op = BO->getOpcode();
  const Expr *Level = BO->getRHS();
  if (!isCurrentIrqlQuery(BO->getLHS())) {
    if (!isCurrentIrqlQuery(BO->getRHS()))
      return std::nullopt;
    Level = BO->getLHS();
    // LEVEL < KeGetCurrentIrql() is KeGetCurrentIrql() > LEVEL.
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  std::optional<int64_t> V = constantValue(Level, Ctx);
  if (!V)
    return std::nullopt;
  Irql L = irqlFromValue(*V);
  auto Below = [](Irql X) {
    return static_cast<Irql>(static_cast<int>(X) - 1);
  };
  auto Above = [](Irql X) {
    return static_cast<Irql>(static_cast<int>(X) + 1);
  };
  switch (Op) {
  case BO_EQ:
  case BO_NE: // the caller negates
    return IrqlRange::exactly(L);
  case BO_LT:
    if (L == Irql::Passive)
      return std::nullopt;
    return IrqlRange{Irql::Passive, Below(L)};
  case BO_LE:
    return IrqlRange{Irql::Passive, L};
  case BO_GT:
    if (L == Irql::High)
      return std::nullopt;
    return IrqlRange{Above(L), Irql::High};
  case BO_GE:
    return IrqlRange{L, Irql::High};
  default:
    return std::nullopt;
  }
}

ProgCond BranchConditions::resourceTest(const Expr *Cond) const {
  ProgCond C;
  bool Negated = false;
  const Expr *E = Cond;
  auto IsZero = [&](const Expr *X) {
    const Expr *S = strip(X);
    if (S->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return true;
    std::optional<int64_t> V = constantValue(S, Ctx);
    return V && *V == 0;
  };
  while ((E = strip(E))) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = UO->getSubExpr();
      continue;
    }
    const auto *BO = dyn_cast<BinaryOperator>(E);
    if (BO && BO->getOpcode() == BO_Assign) {
      E = BO->getLHS();
      continue;
    }
    if (BO && (BO->isEqualityOp() || BO->isRelationalOp())) {
      const Expr *Other = BO->getLHS(), *Const = BO->getRHS();
      BinaryOperatorKind Op = BO->getOpcode();
      std::optional<int64_t> V = constantValue(strip(Const), Ctx);
      bool Null = IsZero(Const);
      if (!V && !Null) {
        std::swap(Other, Const);
        V = constantValue(strip(Const), Ctx);
        Null = IsZero(Const);
        Op = BinaryOperator::reverseComparisonOp(Op);
      }
      if (!V && !Null) {
        // Two pointers compared: `Result != Pkt`.
        if (!BO->isEqualityOp() || !isPointerLike(strip(Other)->getType()))
          return ProgCond{};
        ProgValue A = Paths.valueOf(Other), B = Paths.valueOf(Const);
        if (A.K == ProgValue::Unknown || B.K == ProgValue::Unknown)
          return ProgCond{};
        C.K = ProgCond::SameAs;
        C.Subject = std::move(A);
        C.Other = std::move(B);
        C.Negated = Negated != (Op == BO_NE);
        return C;
      }
      ProgValue Subject = Paths.valueOf(Other);
      if (Subject.K != ProgValue::Read && Subject.K != ProgValue::DdiResult &&
          Subject.K != ProgValue::CallResult &&
          Subject.K != ProgValue::IndirectResult)
        return ProgCond{};
      bool Pointer = isPointerLike(strip(Other)->getType());
      C.Subject = std::move(Subject);
      if (Pointer) {
        if (!Null || !BO->isEqualityOp())
          return ProgCond{};
        C.K = ProgCond::NotNull;
        C.Negated = Negated != (Op == BO_EQ);
        return C;
      }
      int64_t K = V ? *V : 0;
      if (K == 0 && BO->isEqualityOp()) {
        // A status is 0 (NDIS_STATUS_SUCCESS, STATUS_SUCCESS) on success.
        C.K = ProgCond::Success;
        C.Negated = Negated != (Op == BO_NE);
        return C;
      }
      if (K == 0 && (Op == BO_GE || Op == BO_LT)) {
        // NT_SUCCESS(s) is `s >= 0`.
        C.K = ProgCond::Success;
        C.Negated = Negated != (Op == BO_LT);
        return C;
      }
      if (K != 0 && BO->isEqualityOp()) {
        // `== NDIS_STATUS_FAILURE` fails when true; `== NDIS_STATUS_PENDING`
        // (an informational status, NT_SUCCESS) does not. False says
        // nothing either way.
        bool FailureCode = static_cast<int32_t>(static_cast<uint32_t>(K)) < 0;
        C.K = FailureCode ? ProgCond::Failure : ProgCond::NotFailure;
        C.Negated = Negated != (Op == BO_NE);
        return C;
      }
      return ProgCond{};
    }
    ProgValue Subject = Paths.valueOf(E);
    if (Subject.K != ProgValue::Read && Subject.K != ProgValue::DdiResult &&
        Subject.K != ProgValue::CallResult &&
        Subject.K != ProgValue::IndirectResult)
      return ProgCond{};
    C.Subject = std::move(Subject);
    if (isPointerLike(E->getType())) {
      C.K = ProgCond::NotNull;
      C.Negated = Negated;
      return C;
    }
    if (E->getType()->isIntegralOrEnumerationType()) {
      // `if (Status)` is taken on failure.
      C.K = ProgCond::Success;
      C.Negated = !Negated;
      return C;
    }
    return ProgCond{};
  }
  return ProgCond{};
}

ProgCond BranchConditions::classify(const Expr *Cond) const {
  ProgCond C = classifyIrql(Cond);
  if (C.known() || !Cond)
    return C;
  C = resourceTest(Cond);
  C.Loc = toSourcePoint(Ctx.getSourceManager(), Cond->getBeginLoc());
  return C;
}

ProgCond BranchConditions::classifyIrql(const Expr *Cond) const {
  ProgCond C;
  unsigned Substituted = 0;
  if (!Cond)
    return C;
  C.Loc = toSourcePoint(Ctx.getSourceManager(), Cond->getBeginLoc());
  if (std::optional<bool> Sense = dispatchFlagSense(Cond)) {
    C.K = ProgCond::DispatchFlag;
    C.Negated = !*Sense;
    return C;
  }
  bool Negated = false;
  const Expr *E = Cond;
  while ((E = strip(E))) {
    if (std::optional<int64_t> V = constantValue(E, Ctx)) {
      C.K = ProgCond::Const;
      C.Value = (*V != 0) != Negated;
      return C;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = UO->getSubExpr();
      continue;
    }
    if (std::optional<IrqlRange> R = currentIrqlTest(E)) {
      C.K = ProgCond::CurrentIrql;
      C.Range = *R;
      C.Negated =
          Negated != (cast<BinaryOperator>(strip(E))->getOpcode() == BO_NE);
      return C;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isEqualityOp()) {
      const Expr *Other = BO->getLHS();
      std::optional<int64_t> V = constantValue(BO->getRHS(), Ctx);
      if (!V) {
        Other = BO->getRHS();
        V = constantValue(BO->getLHS(), Ctx);
      }
      // `x == 0`, `x != FALSE`, `x == TRUE` on a boolean.
      if (!V || (*V != 0 && *V != 1))
        return ProgCond{};
      bool EqualMeansTrue = *V != 0;
      if ((BO->getOpcode() == BO_EQ) != EqualMeansTrue)
        Negated = !Negated;
      E = Other;
      continue;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        if (int A = atomOf(VD); A >= 0) {
          C.K = ProgCond::Atom;
          C.Var = A;
          C.Negated = Negated;
          return C;
        }
        // A local written once is its value (through a bounded chain).
        if (const Expr *V = singleValue(VD); V && ++Substituted <= 4) {
          E = V;
          continue;
        }
      }
    return ProgCond{};
  }
  return ProgCond{};
}

} // namespace ndischeck
