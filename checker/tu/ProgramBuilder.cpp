//===- ProgramBuilder.cpp - A function body to its FunctionProgram --------===//

#include "tu/ProgramBuilder.h"

#include "tu/ExprKeys.h"
#include "tu/LocalRules.h"
#include "tu/SourcePoints.h"

#include "clang/Analysis/CFG.h"

using namespace clang;

namespace ndischeck {

namespace {

/// A skipped block may stand for at most this many successors; beyond it
/// the block is kept, so a switch over a thousand cases stays linear.
constexpr size_t MaxFanOut = 16;

/// The declaration an access path starts from: `Adapter` in
/// `&Adapter->Lock`, `OldIrql` in `OldIrql`.
const ValueDecl *rootDecl(const Expr *E) {
  while (E) {
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *UO = dyn_cast<UnaryOperator>(E))
      E = UO->getSubExpr();
    else if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
      E = ASE->getBase();
    else
      return nullptr;
  }
  return nullptr;
}

} // namespace

const Expr *branchCondition(const CFGBlock *B) {
  const Stmt *T = B->getTerminatorStmt();
  if (!T)
    return nullptr;
  const Expr *C = dyn_cast_or_null<Expr>(B->getTerminatorCondition());
  if (!C)
    return nullptr;
  // The block evaluating the right operand of `a || b` ends in the
  // statement that tests the whole condition.
  while (true) {
    const auto *BO = dyn_cast<BinaryOperator>(C->IgnoreParens());
    if (!BO || !BO->isLogicalOp() || BO == T)
      break;
    C = BO->getRHS();
  }
  return C;
}

std::string ProgramBuilder::rooted(const std::string &Key,
                                   const Expr *E) const {
  if (Key.empty())
    return Key;
  const ValueDecl *Root = rootDecl(E);
  if (!Root)
    return Key;
  std::string Name = Root->getNameAsString();
  size_t Stars = Key.find_first_not_of('*');
  if (Stars == std::string::npos || Key.compare(Stars, Name.size(), Name) != 0)
    return Key;
  std::string Replacement;
  if (const auto *PVD = dyn_cast<ParmVarDecl>(Root))
    Replacement = "$" + std::to_string(PVD->getFunctionScopeIndex());
  else if (const auto *VD = dyn_cast<VarDecl>(Root);
           VD && !VD->hasLocalStorage())
    Replacement = "@" + Name;
  else
    return Key;
  return Key.substr(0, Stars) + Replacement + Key.substr(Stars + Name.size());
}

std::string ProgramBuilder::valueKey(const Expr *E) const {
  return E ? rooted(lvalueKey(E), E) : "";
}

std::string ProgramBuilder::pointeeSlot(const Expr *PointerExpr) const {
  return PointerExpr ? rooted(pointeeKey(PointerExpr), PointerExpr) : "";
}

/// Where a function without a body in this file is declared (for a header
/// reached through `<...>`, the link step tells by whether the driver
/// defines it).
static DeclaredIn whereDeclared(const SourceManager &SM,
                                const FunctionDecl *FD) {
  if (FD->hasBody())
    return DeclaredIn::Driver;
  return whereDeclared(SM, FD->getLocation());
}

const FunctionDecl *ProgramBuilder::driverCallee(const CallExpr *CE,
                                                 bool *MaybePlatform) const {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee || Callee->getBuiltinID())
    return nullptr;
  DeclaredIn Where = whereDeclared(Ctx.getSourceManager(), Callee);
  if (Where == DeclaredIn::SystemHeader ||
      (Where == DeclaredIn::AngledHeader && !MaybePlatform))
    return nullptr;
  if (MaybePlatform)
    *MaybePlatform = Where == DeclaredIn::AngledHeader;
  return Callee;
}

ProgIrqlOp ProgramBuilder::ddiOp(const CallExpr *CE,
                                 const ResolvedDdi &R) const {
  const DdiInfo &D = *R.Semantics;
  const IrqlEffect &E = D.Effect;
  ProgIrqlOp Op;
  auto SaveSlot = [&](const std::string &SaveTo) -> std::string {
    if (SaveTo == "return") {
      if (auto It = ResultLhs.find(CE); It != ResultLhs.end())
        return valueKey(It->second);
      if (auto It = ResultVar.find(CE); It != ResultVar.end())
        return It->second->getNameAsString();
      return "";
    }
    return pointeeSlot(R.arg(CE, SaveTo));
  };
  switch (E.K) {
  case IrqlEffect::None:
  case IrqlEffect::Query:
    return Op;
  case IrqlEffect::Raise:
    Op.K = ProgIrqlOp::Raise;
    Op.To = E.To;
    if (!Op.To && !E.ToParam.empty())
      if (auto V = constantValue(R.arg(CE, E.ToParam), Ctx))
        Op.To = irqlFromValue(*V);
    Op.Save = SaveSlot(E.SaveTo);
    return Op;
  case IrqlEffect::Acquire:
    Op.K = ProgIrqlOp::Acquire;
    Op.To = E.To;
    Op.Save = !E.SaveTo.empty() ? SaveSlot(E.SaveTo)
              : !E.Lock.empty() ? pointeeSlot(R.arg(CE, E.Lock))
                                : "";
    return Op;
  case IrqlEffect::Release:
  case IrqlEffect::Lower: {
    Op.K = E.K == IrqlEffect::Lower ? ProgIrqlOp::Lower : ProgIrqlOp::Release;
    const Expr *Value =
        E.RestoreFrom.empty() ? nullptr : R.arg(CE, E.RestoreFrom);
    if (Value) {
      if (auto V = constantValue(Value, Ctx))
        Op.RestoreTo = irqlFromValue(*V);
      else
        Op.Restore = valueKey(Value);
    } else if (!E.Lock.empty()) {
      Op.Restore = pointeeSlot(R.arg(CE, E.Lock));
    }
    // NdisDprReleaseSpinLock and co. leave the IRQL where it is.
    Op.KeepIfUnsaved = E.KeepsIrql;
    return Op;
  }
  }
  return Op;
}

ProgIrqlOp ProgramBuilder::salOp(const CallExpr *CE,
                                 const FunctionDecl *Callee) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SalIrql A = Sal.forFunction(Callee, SM);
  ProgIrqlOp Op;
  std::string Slot;
  if (A.SavesGlobal || A.RestoresGlobal) {
    std::string Param = Sal.globalParam(Callee, SM);
    for (unsigned I = 0; I < Callee->getNumParams() && I < CE->getNumArgs();
         ++I)
      if (Callee->getParamDecl(I)->getName() == Param)
        Slot = "global:" + pointeeSlot(CE->getArg(I));
  }
  if (A.Raises) {
    Op.K = ProgIrqlOp::Raise;
    Op.To = A.Raises;
    if (A.SavesGlobal)
      Op.Save = Slot;
  } else if (A.SavesGlobal && !Slot.empty()) {
    // Saves without raising: keep the level, remember it.
    Op.K = ProgIrqlOp::Acquire;
    Op.Save = Slot;
  } else if (A.RestoresGlobal) {
    Op.K = ProgIrqlOp::Release;
    Op.Restore = Slot;
  }
  return Op;
}

void ProgramBuilder::setAtom(const VarDecl *VD, const Expr *Value,
                             std::vector<ProgStep> &Steps) const {
  int A = Conditions.atomOf(VD);
  if (A < 0)
    return;
  ProgStep S;
  S.K = ProgStep::SetAtom;
  S.Atom = A;
  if (Value)
    S.Cond = Conditions.classify(Value);
  Steps.push_back(std::move(S));
}

std::optional<ProgValue> ProgramBuilder::callValue(const CallExpr *CE) const {
  auto It = CallValues.find(CE);
  if (It == CallValues.end())
    return std::nullopt;
  return It->second;
}

namespace {

/// NDIS keeps what a driver hands it as an NDIS_HANDLE context
/// (MiniportAdapterContext, ProtocolBindingContext, ...) and gives it back to
/// the driver's handlers: such an argument outlives the call.
bool isHandle(QualType T) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (TT->getDecl()->getName() == "NDIS_HANDLE")
      return true;
    T = TT->desugar();
  }
  return false;
}

/// A parameter through which the driver hands NDIS its own context
/// (MiniportAdapterContext, FilterModuleContext, a timer's FunctionContext):
/// an untyped handle named so. A handle NDIS gave out (a timer object, a
/// pool) is not one.
bool isContextParam(const FunctionDecl *Callee, unsigned I) {
  if (!Callee || I >= Callee->getNumParams())
    return false;
  const ParmVarDecl *P = Callee->getParamDecl(I);
  QualType T = P->getType();
  return (isHandle(T) ||
          (T->isPointerType() && T->getPointeeType()->isVoidType())) &&
         P->getName().contains("Context");
}

/// A flag: bool, or the WDK's BOOLEAN (not a length or an index, whose
/// values would only multiply a callee's contexts).
bool isBooleanLike(QualType T) {
  if (T->isBooleanType())
    return true;
  for (const auto *TT = T->getAs<TypedefType>(); TT;
       TT = TT->desugar()->getAs<TypedefType>())
    if (TT->getDecl()->getName() == "BOOLEAN")
      return true;
  return false;
}

/// Whether a record holds a pointer (in a field, or a field's field).
bool holdsPointer(QualType T, unsigned Depth = 0) {
  const RecordDecl *RD = T->getAsRecordDecl();
  if (!RD || Depth > 2)
    return false;
  if (const RecordDecl *Def = RD->getDefinition())
    RD = Def;
  for (const FieldDecl *FD : RD->fields()) {
    QualType FT = FD->getType();
    while (const auto *AT = FT->getAsArrayTypeUnsafe())
      FT = AT->getElementType();
    if (FT->isPointerType() || holdsPointer(FT, Depth + 1))
      return true;
  }
  return false;
}

/// A pointer to a structure that can link to others: a system function
/// given one may link it into something that outlives the call
/// (InsertTailList's PLIST_ENTRY). One that only fills a buffer (a
/// resource list, counters) keeps nothing.
bool isTypedPointer(QualType T) {
  return T->isPointerType() && holdsPointer(T->getPointeeType());
}

} // namespace

/// A LARGE_INTEGER-like value (PHYSICAL_ADDRESS): a record with a QuadPart.
static bool isPhysicalAddress(QualType T) {
  const RecordDecl *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
  if (!RD)
    return false;
  for (const FieldDecl *FD : RD->fields())
    if (FD->getName() == "QuadPart")
      return true;
  return false;
}

ProgArg ProgramBuilder::argument(const Expr *A, bool Keeps) const {
  ProgArg Arg;
  Arg.Value = valueKey(A);
  Arg.Pointee = pointeeSlot(A);
  if (A->getType()->isIntegralOrEnumerationType())
    Arg.Cond = Conditions.classify(A);
  if (Arg.Cond->K != ProgCond::Const && Arg.Cond->K != ProgCond::Atom &&
      Arg.Cond->K != ProgCond::DispatchFlag &&
      Arg.Cond->K != ProgCond::CurrentIrql)
    Arg.Cond = ProgCond{};
  if (isPointerLike(A->getType()) ||
      A->getType()->isIntegralOrEnumerationType())
    Arg.V = Paths.valueOf(A);
  if (Arg.V.K == ProgValue::Int && !A->getType()->isIntegralOrEnumerationType())
    Arg.V = ProgValue{};
  if (isPhysicalAddress(A->getType()))
    // A constant PHYSICAL_ADDRESS handed to a helper that passes it on as a
    // DDI's HighestAcceptableAddress (see link/ParamArguments).
    if (std::optional<int64_t> V =
            physicalAddressOf(A, Conditions.bodyStmts(), Ctx))
      Arg.V = ProgValue{ProgValue::Int, "", 0, *V};
  Arg.Keeps = Keeps && Arg.V.K != ProgValue::Unknown;
  return Arg;
}

ProgArg ProgramBuilder::platformArgument(const CallExpr *CE,
                                         const FunctionDecl *Direct,
                                         unsigned I) const {
  QualType T = Direct && I < Direct->getNumParams()
                   ? Direct->getParamDecl(I)->getType()
                   : CE->getArg(I)->IgnoreParenImpCasts()->getType();
  bool Context = isContextParam(Direct, I);
  // A handle NDIS gave out is only used: an unmodelled DDI has no resource
  // effect.
  bool Keeps = Context || (!T.isNull() && isTypedPointer(T));
  ProgArg A = argument(CE->getArg(I), Keeps);
  A.Context = Context && A.Keeps;
  A.Cond = ProgCond{};
  return A;
}

void ProgramBuilder::addCall(const CallExpr *CE, const Recorder &Rec,
                             std::vector<ProgStep> &Steps) {
  const FunctionDecl *Direct = CE->getDirectCallee();
  auto ParamType = [&](unsigned I) {
    return Direct && I < Direct->getNumParams()
               ? Direct->getParamDecl(I)->getType()
               : QualType();
  };
  ProgStep S;
  S.Loc = toSourcePoint(Ctx.getSourceManager(), CE->getBeginLoc());
  if (ResolvedDdi R = Resolver.resolve(CE)) {
    S.K = ProgStep::Ddi;
    S.Index = Rec.Ddi(CE, R);
    S.Op = ddiOp(CE, R);
    CallValues[CE] = ProgValue{ProgValue::DdiResult, "", S.Index, 0};
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      QualType T = ParamType(I);
      bool Context = isContextParam(Direct, I);
      bool HandedOn = false;
      if (I < R.Semantics->Params.size()) {
        Context |= R.Semantics->Params[I].Role == "context";
        HandedOn = R.Semantics->Params[I].Role == "handed-on";
      }
      ProgArg A = argument(CE->getArg(I), Context || HandedOn);
      A.Context = Context && A.Keeps;
      S.Args.push_back(std::move(A));
    }
  } else if (bool MaybePlatform = false;
             const FunctionDecl *Callee = driverCallee(CE, &MaybePlatform)) {
    S.K = ProgStep::Call;
    S.Index = Rec.Call(CE, Callee);
    CallValues[CE] = ProgValue{ProgValue::CallResult, "", S.Index, 0};
    if (MaybePlatform) {
      // The platform's unless the driver defines it: without a body in the
      // link step it is a Platform step (arguments kept as below, no IRQL
      // effect).
      S.MaybePlatform = true;
      S.Path = Callee->getNameAsString();
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        S.Args.push_back(platformArgument(CE, Direct, I));
    } else {
      S.Op = salOp(CE, Callee);
      // Kept unless the link step has the body and knows better.
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        S.Args.push_back(argument(CE->getArg(I), /*Keeps=*/true));
    }
  } else {
    // A function of the platform the database does not model, or a call
    // through a pointer (a handler of another driver, an operations
    // table): no resource effect of its own, but it may keep a typed
    // pointer and write through `&x`. Through a pointer, the link step
    // keeps what it is given only when the call does not fail, so its
    // result is recorded.
    S.K = ProgStep::Platform;
    S.Path = Direct ? Direct->getNameAsString() : "";
    if (!Direct) {
      auto It = CallValues.find(CE);
      S.Index = It != CallValues.end() ? It->second.Index : CallValues.size();
      CallValues[CE] = ProgValue{ProgValue::IndirectResult, "", S.Index, 0};
    }
    bool Any = false;
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      ProgArg A = platformArgument(CE, Direct, I);
      Any |= A.V.K == ProgValue::Read || A.V.K == ProgValue::Addr;
      S.Args.push_back(std::move(A));
    }
    if (!Any)
      return;
  }
  // Trailing arguments that say nothing are not written.
  while (!S.Args.empty() && S.Args.back().Value.empty() &&
         S.Args.back().Pointee.empty() && !S.Args.back().Cond->known() &&
         S.Args.back().V.K == ProgValue::Unknown)
    S.Args.pop_back();
  Steps.push_back(std::move(S));
}

void ProgramBuilder::addUse(const Expr *Pointer, SourceLocation Loc,
                            std::vector<ProgStep> &Steps) const {
  ProgValue V = Paths.valueOf(Pointer);
  if (V.K != ProgValue::Read)
    return;
  // One use of a pointer is enough until something else happens: a call or
  // an assignment in between may give it another value to report.
  for (auto It = Steps.rbegin(); It != Steps.rend() && It->K == ProgStep::Use;
       ++It)
    if (It->Path == V.Path)
      return;
  ProgStep S;
  S.K = ProgStep::Use;
  S.Path = V.Path;
  S.Loc = toSourcePoint(Ctx.getSourceManager(), Loc);
  Steps.push_back(std::move(S));
}

void ProgramBuilder::addAssign(const Expr *Lhs, const Expr *Rhs,
                               SourceLocation Loc,
                               std::vector<ProgStep> &Steps) const {
  QualType T = Lhs->getType();
  bool Pointer = isPointerLike(T);
  bool Integral = T->isIntegralOrEnumerationType();
  if (!Pointer && !Integral)
    return;
  std::string Path = Paths.pathOf(Lhs);
  ProgStep S;
  S.Loc = toSourcePoint(Ctx.getSourceManager(), Loc);
  S.Value = Rhs ? Paths.valueOf(Rhs) : ProgValue{};
  if (Path.empty()) {
    // Stored where no path reaches: the value may live on.
    if (!Pointer || S.Value.K == ProgValue::Unknown)
      return;
    S.K = ProgStep::Escape;
    Steps.push_back(std::move(S));
    return;
  }
  // A status lives in a local or is written through a pointer (*Status);
  // other integers (counters, fields) are not followed.
  if (Integral && !Pointer && Path.find("->") != std::string::npos)
    return;
  if (Integral && !Pointer && S.Value.K == ProgValue::Read)
    S.Value = ProgValue{};
  S.K = ProgStep::Assign;
  S.Path = std::move(Path);
  Steps.push_back(std::move(S));
}

void ProgramBuilder::addStmt(const Stmt *St, const Recorder &Rec,
                             std::vector<ProgStep> &Steps) {
  if (const auto *CE = dyn_cast<CallExpr>(St)) {
    addCall(CE, Rec, Steps);
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
    if (!BO->isAssignmentOp())
      return;
    if (const VarDecl *VD = localVariable(BO->getLHS()))
      if (isa<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
        setAtom(VD, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr,
                Steps);
    addAssign(BO->getLHS(),
              BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr,
              BO->getOperatorLoc(), Steps);
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(St)) {
    if (UO->isIncrementDecrementOp()) {
      if (const VarDecl *VD = localVariable(UO->getSubExpr()))
        setAtom(VD, nullptr, Steps);
      if (isPointerLike(UO->getSubExpr()->getType()))
        addAssign(UO->getSubExpr(), nullptr, UO->getOperatorLoc(), Steps);
    } else if (UO->getOpcode() == UO_Deref) {
      addUse(UO->getSubExpr(), UO->getOperatorLoc(), Steps);
    }
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(St)) {
    if (ME->isArrow())
      addUse(ME->getBase(), ME->getExprLoc(), Steps);
    return;
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(St)) {
    if (!ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
      addUse(ASE->getBase(), ASE->getBeginLoc(), Steps);
    return;
  }
  if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
    ProgStep S;
    S.K = ProgStep::Return;
    S.Value = Paths.valueOf(RS->getRetValue());
    S.Loc = toSourcePoint(Ctx.getSourceManager(), RS->getBeginLoc());
    Steps.push_back(std::move(S));
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(St))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->hasLocalStorage() && VD->getInit()) {
          setAtom(VD, VD->getInit(), Steps);
          if (isPointerLike(VD->getType()) ||
              VD->getType()->isIntegralOrEnumerationType()) {
            ProgStep S;
            S.K = ProgStep::Assign;
            S.Path = VD->getNameAsString();
            S.Value = Paths.valueOf(VD->getInit());
            if (!isPointerLike(VD->getType()) && S.Value.K == ProgValue::Read)
              S.Value = ProgValue{};
            S.Loc = toSourcePoint(Ctx.getSourceManager(), VD->getLocation());
            Steps.push_back(std::move(S));
          }
        }
}

FunctionProgram ProgramBuilder::build(const FunctionDecl *FD,
                                      const BodyStatements &Stmts,
                                      const Recorder &Rec) {
  FunctionProgram P;
  Fn = FD;
  P.NumParams = FD->getNumParams();
  for (const ParmVarDecl *PVD : FD->parameters())
    P.ParamNames.push_back(PVD->getNameAsString());
  Stmt *Body = FD->getBody();
  ResultLhs.clear();
  ResultVar.clear();
  CallValues.clear();
  // Where calls store their results, known before the CFG walk (a call's
  // CFG element comes before the assignment's); what has its address taken.
  llvm::DenseSet<const VarDecl *> AddressTaken;
  for (const Stmt *S : Stmts.PreOrder) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_Assign)
        if (const auto *CE =
                dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenCasts()))
          ResultLhs[CE] = BO->getLHS();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->getOpcode() == UO_AddrOf)
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            AddressTaken.insert(VD);
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const Expr *Init = VD->getInit())
            if (const auto *CE = dyn_cast<CallExpr>(Init->IgnoreParenCasts()))
              ResultVar[CE] = VD;
    }
  }
  // Last statement first, each before what it contains: the order the
  // reading of locals and the atoms' numbering were defined in.
  std::vector<const Stmt *> Scan(Stmts.PostOrder.rbegin(),
                                 Stmts.PostOrder.rend());

  const CFG *G = Body ? Cfgs.get(FD) : nullptr;
  if (!G) {
    // No CFG (rare, after parse errors): one straight line in source order.
    Conditions.beginFunction(FD, {}, {}, std::move(Scan));
    P.Linear = true;
    P.Blocks.resize(2);
    for (const Stmt *S : Stmts.PreOrder)
      addStmt(S, Rec, P.Blocks[0].Steps);
    P.Blocks[0].Succs = {1};
    P.Exit = 1;
    P.Atoms = Conditions.atoms();
    return P;
  }

  // The blocks the entry reaches, and what their branches test.
  std::vector<const CFGBlock *> Order;
  std::vector<bool> Seen(G->getNumBlockIDs(), false);
  std::vector<const CFGBlock *> Stack{&G->getEntry()};
  Seen[G->getEntry().getBlockID()] = true;
  std::vector<const Expr *> Tested;
  while (!Stack.empty()) {
    const CFGBlock *B = Stack.back();
    Stack.pop_back();
    Order.push_back(B);
    if (B->succ_size() == 2)
      if (const Expr *C = branchCondition(B))
        Tested.push_back(C);
    if (B->hasNoReturnElement())
      continue;
    for (const CFGBlock::AdjacentBlock &S : B->succs())
      if (const CFGBlock *SB = S.getReachableBlock())
        if (!Seen[SB->getBlockID()]) {
          Seen[SB->getBlockID()] = true;
          Stack.push_back(SB);
        }
  }
  std::sort(Order.begin(), Order.end(),
            [](const CFGBlock *A, const CFGBlock *B) {
              return A->getBlockID() > B->getBlockID(); // entry first
            });
  // A variable a call writes (through its address or as the call's
  // result) is not a boolean the function decides.
  llvm::DenseSet<const VarDecl *> Results = std::move(AddressTaken);
  for (const auto &KV : ResultVar)
    Results.insert(KV.second);
  for (const auto &KV : ResultLhs)
    if (const VarDecl *VD = localVariable(KV.second))
      Results.insert(VD);
  // A variable passed to a driver function may decide the callee's
  // branches (`Helper(Adapter, AtDispatch)`): its value splits this one's.
  for (const Stmt *S : Scan)
    if (const auto *CE = dyn_cast<CallExpr>(S); CE && driverCallee(CE))
      for (const Expr *Arg : CE->arguments())
        if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
            DRE && isBooleanLike(DRE->getType()))
          Tested.push_back(Arg);
  Conditions.beginFunction(FD, Tested, Results, std::move(Scan));
  P.Atoms = Conditions.atoms();

  // Steps and branch of every reachable block (Seen), by CFG block id.
  struct Raw {
    std::vector<ProgStep> Steps;
    ProgCond Branch;
    std::vector<unsigned> Succs; // CFG ids; a noreturn block has none
    bool Keep = false;
  };
  const unsigned NumIds = G->getNumBlockIDs();
  std::vector<Raw> Raws(NumIds);
  const unsigned EntryId = G->getEntry().getBlockID();
  const unsigned ExitId = G->getExit().getBlockID();
  // A block's steps are gathered here and kept at their exact size.
  std::vector<ProgStep> Steps;
  for (const CFGBlock *B : Order) {
    Raw &R = Raws[B->getBlockID()];
    Steps.clear();
    for (const CFGElement &El : *B) {
      if (auto CS = El.getAs<CFGStmt>()) {
        addStmt(CS->getStmt(), Rec, Steps);
      } else if (auto LE = El.getAs<CFGLifetimeEnds>()) {
        // A local going out of scope: what only it held is lost.
        const VarDecl *VD = LE->getVarDecl();
        if (VD && isPointerLike(VD->getType())) {
          ProgStep S;
          S.K = ProgStep::Kill;
          S.Path = VD->getNameAsString();
          S.Loc = toSourcePoint(Ctx.getSourceManager(),
                                LE->getTriggerStmt()
                                    ? LE->getTriggerStmt()->getEndLoc()
                                    : VD->getLocation());
          Steps.push_back(std::move(S));
        }
      }
    }
    R.Steps.assign(std::make_move_iterator(Steps.begin()),
                   std::make_move_iterator(Steps.end()));
    if (!B->hasNoReturnElement())
      for (const CFGBlock::AdjacentBlock &S : B->succs())
        if (const CFGBlock *SB = S.getReachableBlock())
          R.Succs.push_back(SB->getBlockID());
    if (R.Succs.size() == 2 && B->succ_size() == 2)
      if (const Expr *C = branchCondition(B))
        R.Branch = Conditions.classify(C);
    if (R.Succs.size() != 2)
      R.Branch = ProgCond{};
    R.Keep = B->getBlockID() == EntryId || B->getBlockID() == ExitId ||
             !R.Steps.empty() || R.Branch.known();
  }

  // Skip blocks with nothing in them: an edge to one goes to the kept
  // blocks it leads to (a fixpoint, for loops of empty blocks). A branch
  // keeps one block per side, and a skipped block may stand for at most
  // MaxFanOut, so one that would stand for more is kept instead.
  std::vector<std::vector<unsigned>> Targets(NumIds);
  for (bool KeptMore = true; KeptMore;) {
    KeptMore = false;
    for (std::vector<unsigned> &T : Targets)
      T.clear();
    for (bool Grew = true; Grew && !KeptMore;) {
      Grew = false;
      for (unsigned Id = 0; Id < NumIds; ++Id) {
        Raw &R = Raws[Id];
        if (!Seen[Id] || R.Keep)
          continue;
        std::vector<unsigned> New;
        for (unsigned S : R.Succs)
          for (unsigned T : Raws[S].Keep ? llvm::ArrayRef<unsigned>(S)
                                         : llvm::ArrayRef(Targets[S]))
            if (std::find(New.begin(), New.end(), T) == New.end())
              New.push_back(T);
        if (New.size() > MaxFanOut) {
          R.Keep = KeptMore = true;
          break;
        }
        std::vector<unsigned> &Old = Targets[Id];
        if (New.size() != Old.size()) {
          Old = std::move(New);
          Grew = true;
        }
      }
    }
    if (KeptMore)
      continue;
    for (unsigned Id = 0; Id < NumIds; ++Id)
      if (Seen[Id] && Raws[Id].Keep && Raws[Id].Branch.known())
        for (unsigned S : Raws[Id].Succs)
          if (!Raws[S].Keep && Targets[S].size() != 1)
            Raws[S].Keep = KeptMore = true;
  }

  // Number the kept blocks: the entry first, the exit last.
  std::vector<unsigned> Index(NumIds, 0);
  unsigned Kept = 1; // the entry, 0
  for (const CFGBlock *B : Order) {
    unsigned Id = B->getBlockID();
    if (Raws[Id].Keep && Id != EntryId && Id != ExitId)
      Index[Id] = Kept++;
  }
  P.Exit = Kept;
  Index[ExitId] = P.Exit;
  P.Blocks.resize(P.Exit + 1);
  for (unsigned Id = 0; Id < NumIds; ++Id) {
    Raw &R = Raws[Id];
    if (!Seen[Id] || !R.Keep)
      continue;
    ProgBlock &PB = P.Blocks[Index[Id]];
    PB.Steps = std::move(R.Steps);
    PB.Branch = R.Branch;
    for (unsigned S : R.Succs) {
      if (Raws[S].Keep) {
        PB.Succs.push_back(Index[S]);
        continue;
      }
      for (unsigned T : Targets[S])
        if (std::find(PB.Succs.begin(), PB.Succs.end(), Index[T]) ==
            PB.Succs.end())
          PB.Succs.push_back(Index[T]);
    }
    if (PB.Succs.size() != 2)
      PB.Branch = ProgCond{};
  }
  return P;
}

} // namespace ndischeck
