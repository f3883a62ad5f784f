//===- Provenance.cpp - Where a pointer value comes from
//-------------------===//

#include "tu/Provenance.h"

#include "tu/ExprKeys.h"
#include "tu/FieldWrites.h"
#include "tu/SourcePoints.h"

#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

#include <algorithm>
#include <deque>
#include <tuple>

using namespace clang;

namespace ndischeck {

namespace {

/// Beyond this many sources a value says nothing useful any more.
constexpr size_t MaxSources = 8;

bool sameSource(const PtrSource &A, const PtrSource &B) {
  return std::tie(A.Kind, A.Family, A.Record, A.Field, A.Param, A.Loc) ==
         std::tie(B.Kind, B.Family, B.Record, B.Field, B.Param, B.Loc);
}

PtrValue unknown() {
  PtrSource S;
  S.Kind = "unknown";
  return {S};
}

bool isPointerish(QualType T) {
  return !T.isNull() && (T->isPointerType() || T->isArrayType());
}

std::string recordName(const FieldDecl *FD) {
  return ndischeck::recordName(FD->getParent());
}

const VarDecl *globalVar(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens());
  if (!DRE)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  return VD && VD->hasGlobalStorage() ? VD : nullptr;
}

} // namespace

bool isUnknown(const PtrValue &V) {
  for (const PtrSource &S : V)
    if (S.Kind == "unknown")
      return true;
  return false;
}

static bool joinInto(PtrValue &A, const PtrValue &B) {
  if (isUnknown(A))
    return false;
  if (isUnknown(B)) {
    A = unknown();
    return true;
  }
  bool Changed = false;
  for (const PtrSource &S : B) {
    bool Seen = false;
    for (const PtrSource &T : A)
      if (sameSource(S, T)) {
        Seen = true;
        break;
      }
    if (Seen)
      continue;
    A.push_back(S);
    Changed = true;
  }
  if (A.size() > MaxSources)
    A = unknown();
  return Changed;
}

void joinSources(PtrValue &A, const PtrValue &B) { joinInto(A, B); }

PtrSource Provenance::make(std::string Kind, SourceLocation Loc,
                           std::string What) const {
  PtrSource S;
  S.Kind = std::move(Kind);
  S.Loc = toSourcePoint(Ctx.getSourceManager(), Loc);
  S.What = std::move(What);
  return S;
}

PtrSource Provenance::memoryOf(const VarDecl *VD, bool Array) const {
  std::string Name = "'" + VD->getNameAsString() + "'";
  if (VD->hasLocalStorage())
    return make("stack", VD->getLocation(),
                (Array ? "stack array " : "local variable ") + Name);
  return make("global", VD->getLocation(),
              (Array ? "global array " : "global variable ") + Name);
}

PtrSource Provenance::fieldRef(const MemberExpr *ME) const {
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  PtrSource S = make("field", ME->getExprLoc(), "");
  if (!FD || recordName(FD).empty())
    return unknown().front();
  S.Record = recordName(FD);
  S.Field = FD->getNameAsString();
  S.What = "field " + S.Record + "." + S.Field;
  return S;
}

PtrSource Provenance::globalRef(const VarDecl *VD) const {
  PtrSource S = make("field", VD->getLocation(),
                     "global variable '" + VD->getNameAsString() + "'");
  S.Field = VD->getNameAsString();
  return S;
}

PtrSource Provenance::allocationSource(const CallExpr *CE,
                                       const ResolvedDdi &R) const {
  const DdiInfo &D = *R.Semantics;
  const AllocationInfo &A = *D.Allocates;
  std::string Kind = A.Kind;
  if (Kind == "pool-type") {
    // POOL_TYPE: the paged types are exactly the odd values. POOL_FLAGS:
    // the database names the bits.
    Kind = "allocated";
    auto Bits = [&](const char *Name) -> uint64_t {
      auto It = Db.Constants.find(Name);
      return It == Db.Constants.end() ? 0 : It->second;
    };
    if (int I = D.paramWithRole("pool-type"); I >= 0) {
      if (auto V = constantValue(R.arg(CE, D.Params[I].Name), Ctx))
        Kind = (*V & 1) ? "paged" : "nonpaged";
    } else if (int I = D.paramWithRole("pool-flags"); I >= 0) {
      if (auto V = constantValue(R.arg(CE, D.Params[I].Name), Ctx)) {
        uint64_t F = static_cast<uint64_t>(*V);
        if (F & Bits("POOL_FLAG_PAGED"))
          Kind = "paged";
        else if (F & (Bits("POOL_FLAG_NON_PAGED") |
                      Bits("POOL_FLAG_NON_PAGED_EXECUTE")))
          Kind = "nonpaged";
      }
    }
  }
  std::string What = R.Spelled->Name;
  if (Kind == "paged")
    What = "paged pool from " + What;
  else if (Kind == "nonpaged" || Kind == "shared")
    What = Kind + " memory from " + What;
  else
    What = "memory from " + What;
  PtrSource S = make(Kind, CE->getBeginLoc(), What);
  S.Family = A.Family;
  S.Ddi = R.Spelled->Name;
  for (const ParamInfo &P : D.Params) {
    const Expr *A = R.arg(CE, P.Name);
    if (auto V = constantValue(A, Ctx))
      S.Args.emplace_back(P.Name, *V);
    else if (auto Vs = valuesOf(A))
      S.ArgSets.emplace_back(P.Name, std::move(*Vs));
  }
  return S;
}

PtrValue Provenance::addressOf(const Expr *L) const {
  L = L->IgnoreParens();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      return {memoryOf(VD, VD->getType()->isArrayType())};
    return unknown();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(L))
    // A field lives in the block its base points to (or is part of).
    return ME->isArrow() ? eval(ME->getBase()) : addressOf(ME->getBase());
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(L))
    return eval(ASE->getBase());
  if (const auto *UO = dyn_cast<UnaryOperator>(L))
    if (UO->getOpcode() == UO_Deref)
      return eval(UO->getSubExpr());
  if (isa<StringLiteral>(L))
    return {make("literal", L->getBeginLoc(), "a string literal")};
  return unknown();
}

PtrValue Provenance::eval(const Expr *E) const {
  if (!E)
    return unknown();
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return {make("null", E->getBeginLoc(), "NULL")};
  E = E->IgnoreParenCasts();
  if (isa<StringLiteral>(E) || isa<PredefinedExpr>(E))
    return {make("literal", E->getBeginLoc(), "a string literal")};
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf)
      return addressOf(UO->getSubExpr());
    return unknown();
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return unknown();
    if (VD->getType()->isArrayType())
      return {memoryOf(VD, /*Array=*/true)};
    if (VD->hasLocalStorage()) {
      return localValue(VD);
    }
    if (VD->hasGlobalStorage() && isPointerish(VD->getType()))
      return {globalRef(VD)};
    return unknown();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->getType()->isArrayType()) // an embedded array decays
      return ME->isArrow() ? eval(ME->getBase()) : addressOf(ME->getBase());
    if (isPointerish(ME->getType()))
      return {fieldRef(ME)};
    return unknown();
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    switch (BO->getOpcode()) {
    case BO_Add:
    case BO_Sub:
      // Pointer arithmetic stays inside the block.
      if (BO->getLHS()->getType()->isPointerType())
        return eval(BO->getLHS());
      if (BO->getRHS()->getType()->isPointerType())
        return eval(BO->getRHS());
      return unknown();
    case BO_Assign:
    case BO_Comma:
      return eval(BO->getRHS());
    default:
      return unknown();
    }
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    PtrValue V = eval(CO->getTrueExpr());
    joinSources(V, eval(CO->getFalseExpr()));
    return V;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (ResolvedDdi R = Resolver.resolve(CE))
      if (R.Semantics->Allocates && R.Semantics->Allocates->Result == "return")
        return {allocationSource(CE, R)};
    return unknown();
  }
  return unknown();
}

PtrValue Provenance::sourcesOf(const Expr *E) const { return eval(E); }

PtrValue Provenance::addressAt(const Expr *LValue, const void *At) const {
  auto It = AtPoint.find(At);
  const Reaching *Saved = Cur;
  Cur = It == AtPoint.end() ? nullptr : It->second.get();
  PtrValue V = addressOf(LValue);
  Cur = Saved;
  return V;
}

namespace {

/// The definitions of local variables in a body, from its statements in
/// source order.
class DefCollector {
public:
  explicit DefCollector(const DdiCallResolver &Resolver) : Resolver(Resolver) {}

  void visit(const Stmt *S) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          visitVarDecl(VD);
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      visitBinaryOperator(BO);
    } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
      visitCallExpr(CE);
    }
  }

  struct Found {
    const VarDecl *Var;
    const void *At;
    const Expr *Rhs;       ///< assignment / initialisation
    const CallExpr *Alloc; ///< out-parameter allocation `Ddi(&Var, ...)`
  };
  std::vector<Found> Defs;

private:
  const DdiCallResolver &Resolver;

  void visitVarDecl(const VarDecl *VD) {
    if (VD->hasLocalStorage() && VD->getInit() && !isa<ParmVarDecl>(VD))
      Defs.push_back({VD, VD, VD->getInit(), nullptr});
  }
  void visitBinaryOperator(const BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      if (const VarDecl *VD = localVariable(BO->getLHS()))
        Defs.push_back({VD, BO, BO->getRHS(), nullptr});
  }
  void visitCallExpr(const CallExpr *CE) {
    ResolvedDdi R = Resolver.resolve(CE);
    const Expr *Result = nullptr;
    if (R && R.Semantics->Allocates &&
        R.Semantics->Allocates->Result != "return")
      Result = R.arg(CE, R.Semantics->Allocates->Result);
    // `&Local` handed to a call: an out-parameter allocation, or anything
    // the callee may write there (Rhs and Alloc both null: unknown).
    for (const Expr *A : CE->arguments()) {
      const Expr *T = addressOperand(A);
      const VarDecl *VD = T ? localVariable(T) : nullptr;
      if (VD)
        Defs.push_back({VD, CE, nullptr, A == Result ? CE : nullptr});
    }
  }
};

/// Field stores, argument facts and checked DDI arguments of one body, from
/// its statements in source order.
class FactCollector {
public:
  FactCollector(const ContractDb &Db, const DdiCallResolver &Resolver,
                ASTContext &Ctx, const Provenance &P,
                const Provenance::KeyFn &KeyOf, const std::string &Function,
                TuSummary &Out)
      : Db(Db), Resolver(Resolver), Ctx(Ctx), SM(Ctx.getSourceManager()), P(P),
        KeyOf(KeyOf), Function(Function), Out(Out) {}

  void visit(const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      visitBinaryOperator(BO);
    else if (const auto *CE = dyn_cast<CallExpr>(S))
      visitCallExpr(CE);
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      visitDeclRefExpr(DRE);
  }

private:
  void visitBinaryOperator(const BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      storeTo(BO->getLHS(), P.sourcesAt(BO->getRHS(), BO), BO,
              BO->getOperatorLoc());
  }

  void visitCallExpr(const CallExpr *CE) {
    if (const Expr *Callee = CE->getCallee())
      CalleeRefs.insert(Callee->IgnoreParenImpCasts());
    ResolvedDdi R = Resolver.resolve(CE);
    const Expr *Result = nullptr;
    if (R && R.Semantics->Allocates &&
        R.Semantics->Allocates->Result != "return")
      Result = R.arg(CE, R.Semantics->Allocates->Result);
    // `&P->F` / `&Global` handed to a call: an out-parameter allocation
    // stores a known value, anything else may store anything.
    for (const Expr *A : CE->arguments())
      if (const Expr *T = addressOperand(A))
        storeTo(T,
                A == Result ? PtrValue{P.allocationSource(CE, R)}
                            : PtrValue{unknownSource()},
                CE, CE->getBeginLoc());
    if (R) {
      recordUses(CE, R, toSourcePoint(SM, CE->getBeginLoc()));
      return;
    }
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || FD->getBuiltinID() ||
        SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
      return;
    SourcePoint Here = toSourcePoint(SM, CE->getBeginLoc());
    for (unsigned I = 0; I < CE->getNumArgs() && I < FD->getNumParams(); ++I) {
      if (!isPointerish(FD->getParamDecl(I)->getType()))
        continue;
      ArgFact F;
      F.Callee = KeyOf(FD);
      F.Index = I;
      F.Value = P.sourcesAt(CE->getArg(I), CE);
      F.Loc = Here;
      F.Caller = Function;
      Out.ArgFacts.push_back(std::move(F));
    }
  }

  void visitDeclRefExpr(const DeclRefExpr *DRE) {
    // A function whose address is taken (a handler, a callback) can be
    // called with anything. (A call comes before its callee.)
    const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl());
    if (!FD || CalleeRefs.count(DRE) ||
        SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
      return;
    for (unsigned I = 0; I < FD->getNumParams(); ++I) {
      ArgFact F;
      F.Callee = KeyOf(FD);
      F.Index = I;
      F.Value = {unknownSource()};
      F.Loc = toSourcePoint(SM, DRE->getBeginLoc());
      F.Caller = Function;
      Out.ArgFacts.push_back(std::move(F));
    }
  }

  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  ASTContext &Ctx;
  const SourceManager &SM;
  const Provenance &P;
  const Provenance::KeyFn &KeyOf;
  const std::string &Function;
  TuSummary &Out;
  llvm::DenseSet<const Expr *> CalleeRefs;

  static PtrSource unknownSource() { return unknown().front(); }

  std::string spelled(const Expr *E) const {
    CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
    if (!R.getBegin().isMacroID() && !R.getEnd().isMacroID()) {
      StringRef Text = Lexer::getSourceText(R, SM, Ctx.getLangOpts());
      if (!Text.empty() && Text.size() < 80)
        return Text.str();
    }
    return lvalueKey(E);
  }

  /// Records `LHS = Value` when LHS is a pointer field or global.
  void storeTo(const Expr *LHS, const PtrValue &Value, const void *At,
               SourceLocation Loc) {
    LHS = LHS->IgnoreParens();
    PtrSource Ref;
    bool OnStack = false;
    if (const auto *ME = dyn_cast<MemberExpr>(LHS)) {
      if (!ME->getType()->isPointerType())
        return;
      Ref = P.sourcesAt(LHS, At).front();
      PtrValue Base = P.addressAt(ME, At);
      OnStack = !isUnknown(Base) && !Base.empty() &&
                std::all_of(Base.begin(), Base.end(), [](const PtrSource &B) {
                  return B.Kind == "stack";
                });
    } else if (const VarDecl *VD = globalVar(LHS)) {
      if (!VD->getType()->isPointerType())
        return;
      Ref = P.sourcesAt(LHS, At).front();
    } else {
      return;
    }
    if (Ref.Kind != "field")
      return;
    PtrValue Base;
    if (const auto *ME = dyn_cast<MemberExpr>(LHS))
      Base = P.addressAt(ME, At);
    for (const PtrSource &S : Value) {
      if (S.Kind == "null")
        continue; // clearing a field says nothing about what it holds
      // A block's pointer into itself (`B->Self = B`, `B->Name.Buffer` past
      // its header, a work item's Context set to the adapter it lies in):
      // the block is released as a whole, not this field.
      if (!S.Family.empty() &&
          std::any_of(Base.begin(), Base.end(), [&](const PtrSource &B) {
            return B.Family == S.Family && B.Loc == S.Loc;
          }))
        continue;
      FieldStore F;
      F.Record = Ref.Record;
      F.Field = Ref.Field;
      F.Spelled = spelled(LHS);
      F.Value = S;
      F.Loc = toSourcePoint(SM, Loc);
      F.Function = Function;
      F.OnStack = OnStack;
      Out.FieldStores.push_back(std::move(F));
    }
  }

  void recordUses(const CallExpr *CE, const ResolvedDdi &R,
                  const SourcePoint &Here) {
    const DdiInfo &D = *R.Semantics;
    for (const ParamInfo &Param : D.Params) {
      if (Param.Role != "nonpaged-address" && Param.Role != "pool-handle")
        continue;
      const Expr *A = R.arg(CE, Param.Name);
      if (!A)
        continue;
      PointerUse U;
      U.Role = Param.Role;
      U.Ddi = R.Spelled->Name;
      U.Param = Param.Name;
      U.Value = P.sourcesAt(A, CE);
      U.Loc = Here;
      U.Function = Function;
      Out.PointerUses.push_back(std::move(U));
    }
    if (const std::optional<FreeInfo> &F = D.Frees) {
      const Expr *A = R.arg(CE, F->Param);
      if (!A)
        return;
      PointerUse U;
      U.Role = "free";
      U.Ddi = R.Spelled->Name;
      U.Param = F->Param;
      U.Family = F->Family;
      for (const std::string &M : F->MustMatch) {
        if (auto V = constantValue(R.arg(CE, M), Ctx))
          U.Args.emplace_back(M, *V);
        else if (auto Vs = P.valuesOf(R.arg(CE, M)))
          U.ArgSets.emplace_back(M, std::move(*Vs));
      }
      U.Value = P.sourcesAt(A, CE);
      U.Loc = Here;
      U.Function = Function;
      Out.PointerUses.push_back(std::move(U));
    }
  }
};

} // namespace

PtrValue Provenance::sourcesAt(const Expr *E, const void *At) const {
  auto It = AtPoint.find(At);
  const Reaching *Saved = Cur;
  Cur = It == AtPoint.end() ? nullptr : It->second.get();
  PtrValue V = eval(E);
  Cur = Saved;
  return V;
}

PtrValue Provenance::localValue(const VarDecl *VD) const {
  const Reaching &R = Cur && MultiDef.count(VD) ? *Cur : AllDefs;
  auto It = R.find(VD);
  if (It == R.end() || It->second.empty())
    return unknown(); // uninitialised, or defined where we do not look
  PtrValue V;
  for (unsigned D : It->second)
    joinInto(V, defValue(D));
  return V.empty() ? unknown() : V;
}

PtrValue Provenance::defValue(unsigned D) const {
  auto Cached = DefCache.find(D);
  if (Cached != DefCache.end())
    return Cached->second;
  // A definition that depends on itself (`p = p + 1` in a loop) adds
  // nothing beyond its other definitions.
  if (!InProgress.insert(D).second)
    return {};
  const Def &Df = Defs[D];
  PtrValue V;
  if (Df.Fixed)
    V = {*Df.Fixed};
  else if (Df.Rhs)
    V = sourcesAt(Df.Rhs, Df.At);
  else
    V = unknown();
  InProgress.erase(D);
  DefCache[D] = V;
  return V;
}

void Provenance::reachingDefinitions(const FunctionDecl *FD) {
  Stmt *Body = FD->getBody();
  // A variable defined once has that definition wherever it is read, and
  // only pointers carry an origin (a status or a counter assigned ten times
  // needs no flow): most functions need none at all.
  MultiDef.clear();
  for (const auto &[Var, Ds] : AllDefs)
    if (Ds.size() > 1 && Var->getType()->isAnyPointerType())
      MultiDef.insert(Var);
  if (MultiDef.empty())
    return;
  const CFG *G = Cfgs.get(FD);
  if (!G)
    return; // AllDefs (every definition) answers for every point

  auto KeyOf = [](const Stmt *S) -> std::vector<const void *> {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      std::vector<const void *> Keys;
      for (const Decl *D : DS->decls())
        Keys.push_back(D);
      return Keys;
    }
    return {S};
  };
  std::shared_ptr<const Reaching> Snap; // of State, while it is unchanged
  auto Transfer = [&](const Stmt *S, Reaching &State, bool Record) {
    for (const void *K : KeyOf(S)) {
      if (Record &&
          (isa<CallExpr>(S) || isa<BinaryOperator>(S) || isa<DeclStmt>(S))) {
        if (!Snap)
          Snap = std::make_shared<const Reaching>(State);
        AtPoint[K] = Snap;
      }
      auto It = DefsAt.find(K);
      if (It == DefsAt.end())
        continue;
      for (unsigned D : It->second)
        if (MultiDef.count(Defs[D].Var)) {
          State[Defs[D].Var] = {D};
          Snap.reset();
        }
    }
  };
  auto Join = [](Reaching &Into, const Reaching &From) {
    bool Changed = false;
    for (const auto &[V, Ds] : From) {
      std::set<unsigned> &T = Into[V];
      size_t Before = T.size();
      T.insert(Ds.begin(), Ds.end());
      Changed |= T.size() != Before;
    }
    return Changed;
  };

  std::vector<Reaching> In(G->getNumBlockIDs());
  std::vector<bool> Reached(G->getNumBlockIDs(), false);
  Reaching Entry;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    if (MultiDef.count(FD->getParamDecl(I)))
      Entry[FD->getParamDecl(I)] = {I};
  In[G->getEntry().getBlockID()] = Entry;
  Reached[G->getEntry().getBlockID()] = true;
  std::deque<const CFGBlock *> Work{&G->getEntry()};
  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Reaching S = In[B->getBlockID()];
    for (const CFGElement &El : *B)
      if (auto CS = El.getAs<CFGStmt>())
        Transfer(CS->getStmt(), S, false);
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *SB = Succ.getReachableBlock();
      if (!SB)
        continue;
      unsigned Id = SB->getBlockID();
      bool Changed = Join(In[Id], S) || !Reached[Id];
      Reached[Id] = true;
      if (Changed)
        Work.push_back(SB);
    }
  }
  for (const CFGBlock *B : *G) {
    if (!Reached[B->getBlockID()])
      continue;
    Reaching S = In[B->getBlockID()];
    Snap.reset();
    for (const CFGElement &El : *B)
      if (auto CS = El.getAs<CFGStmt>())
        Transfer(CS->getStmt(), S, true);
  }
}

void Provenance::summarize(const FunctionDecl *FD, const BodyStatements &Stmts,
                           TuSummary &Out) {
  Defs.clear();
  DefsAt.clear();
  AtPoint.clear();
  AllDefs.clear();
  DefCache.clear();
  InProgress.clear();
  Cur = nullptr;
  FunctionKey = KeyOf(FD);
  Values.reset(Stmts);
  Stmt *Body = FD->getBody();
  if (!Body)
    return;
  // Parameters first, so that definition I is parameter I.
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    const ParmVarDecl *PD = FD->getParamDecl(I);
    PtrSource S = make("param", PD->getLocation(),
                       "parameter '" + PD->getNameAsString() + "'");
    S.Param = static_cast<int>(I);
    Defs.push_back({PD, PD, nullptr, S});
    AllDefs[PD].insert(I);
  }
  DefCollector C(Resolver);
  for (const Stmt *S : Stmts.PreOrder)
    C.visit(S);
  for (const DefCollector::Found &F : C.Defs) {
    Def D{F.Var, F.At, F.Rhs, std::nullopt};
    if (F.Alloc)
      if (ResolvedDdi R = Resolver.resolve(F.Alloc))
        D.Fixed = allocationSource(F.Alloc, R);
    unsigned Id = Defs.size();
    Defs.push_back(D);
    DefsAt[F.At].push_back(Id);
    AllDefs[F.Var].insert(Id);
  }
  reachingDefinitions(FD);

  FactCollector F(Db, Resolver, Ctx, *this, KeyOf, FunctionKey, Out);
  for (const Stmt *S : Stmts.PreOrder)
    F.visit(S);
}

} // namespace ndischeck
