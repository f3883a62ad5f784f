//===- IrqlFlow.cpp - IRQL at every call of a function
//---------------------===//

#include "tu/IrqlFlow.h"

#include "tu/ExprKeys.h"
#include "tu/SourcePoints.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>
#include <deque>

using namespace clang;

namespace ndischeck {

struct IrqlFlow::State {
  bool Reached = false;
  IrqlState Cur;
  std::map<std::string, IrqlState> Saved;
  std::vector<std::string> States; // sorted; must-hold on every path

  static bool sameIrql(const IrqlState &A, const IrqlState &B) {
    return A.FromEntry == B.FromEntry && A.Abs == B.Abs;
  }
  bool operator==(const State &O) const {
    if (Reached != O.Reached || !sameIrql(Cur, O.Cur) || States != O.States ||
        Saved.size() != O.Saved.size())
      return false;
    for (auto A = Saved.begin(), B = O.Saved.begin(); A != Saved.end();
         ++A, ++B)
      if (A->first != B->first || !sameIrql(A->second, B->second))
        return false;
    return true;
  }
};

static IrqlState joinIrql(const IrqlState &A, const IrqlState &B) {
  if (A.isUnknown() || B.isUnknown())
    return IrqlState::unknown();
  IrqlState R;
  R.FromEntry = A.FromEntry || B.FromEntry;
  if (A.Abs && B.Abs)
    R.Abs = A.Abs->join(*B.Abs);
  else
    R.Abs = A.Abs ? A.Abs : B.Abs;
  R.Why = A.Abs ? A.Why : B.Why;
  return R;
}

static IrqlFlow::State join(const IrqlFlow::State &A,
                            const IrqlFlow::State &B) {
  if (!A.Reached)
    return B;
  if (!B.Reached)
    return A;
  IrqlFlow::State R;
  R.Reached = true;
  R.Cur = joinIrql(A.Cur, B.Cur);
  R.Saved = A.Saved;
  for (const auto &KV : B.Saved) {
    auto It = R.Saved.find(KV.first);
    if (It == R.Saved.end())
      R.Saved.insert(KV);
    else
      It->second = joinIrql(It->second, KV.second);
  }
  std::set_intersection(A.States.begin(), A.States.end(), B.States.begin(),
                        B.States.end(), std::back_inserter(R.States));
  return R;
}

namespace {
/// Collects the calls of a body and where their results are stored.
class CallCollector : public RecursiveASTVisitor<CallCollector> {
public:
  std::vector<const CallExpr *> Calls;
  std::vector<const Expr *> Conditions; // of if / while / for / ?:
  llvm::DenseMap<const CallExpr *, std::string> &ResultSlots;

  explicit CallCollector(llvm::DenseMap<const CallExpr *, std::string> &RS)
      : ResultSlots(RS) {}

  bool VisitCallExpr(CallExpr *CE) {
    Calls.push_back(CE);
    return true;
  }
  bool VisitIfStmt(IfStmt *S) {
    if (S->getCond())
      Conditions.push_back(S->getCond());
    return true;
  }
  bool VisitConditionalOperator(ConditionalOperator *CO) {
    Conditions.push_back(CO->getCond());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      if (const auto *CE = dyn_cast<CallExpr>(BO->getRHS()->IgnoreParenCasts()))
        ResultSlots[CE] = lvalueKey(BO->getLHS());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (const Expr *Init = VD->getInit())
      if (const auto *CE = dyn_cast<CallExpr>(Init->IgnoreParenCasts()))
        ResultSlots[CE] = VD->getNameAsString();
    return true;
  }
};
} // namespace

bool IrqlFlow::isDispatchFlag(const Expr *E) const {
  E = E->IgnoreParenCasts();
  std::string Name;
  if (E->getBeginLoc().isMacroID())
    Name = Lexer::getImmediateMacroName(
               E->getBeginLoc(), Ctx.getSourceManager(), Ctx.getLangOpts())
               .str();
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    Name = DRE->getDecl()->getNameAsString();
  const std::vector<std::string> &Flags = Db.DispatchLevelFlags;
  return !Name.empty() &&
         std::find(Flags.begin(), Flags.end(), Name) != Flags.end();
}

std::optional<bool> IrqlFlow::dispatchFlagSense(const Expr *Cond) const {
  bool Sense = true;
  const Expr *E = Cond;
  while (E) {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->getOpcode() == UO_LNot) {
      Sense = !Sense;
      E = UO->getSubExpr();
      continue;
    }
    // NDIS_TEST_SEND_AT_DISPATCH_LEVEL(F) is ((F & FLAG) ? TRUE : FALSE).
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
    if (BO->getOpcode() == BO_NE || BO->getOpcode() == BO_EQ) {
      auto R = constantValue(BO->getRHS(), Ctx);
      if (!R || *R != 0)
        return std::nullopt;
      if (BO->getOpcode() == BO_EQ)
        Sense = !Sense;
      E = BO->getLHS();
      continue;
    }
    if (BO->getOpcode() == BO_And &&
        (isDispatchFlag(BO->getLHS()) || isDispatchFlag(BO->getRHS())))
      return Sense;
    return std::nullopt;
  }
  return std::nullopt;
}

bool IrqlFlow::hasEffect(const CallExpr *CE) const {
  if (ResolvedDdi R = Resolver.resolve(CE))
    return R.Semantics->Effect.K != IrqlEffect::None ||
           !R.Semantics->Provides.empty();
  if (const FunctionDecl *FD = CE->getDirectCallee()) {
    SalIrql S = Sal.forFunction(FD, Ctx.getSourceManager());
    return S.Raises || S.SavesGlobal || S.RestoresGlobal;
  }
  return false;
}

void IrqlFlow::transfer(const CallExpr *CE, State &S) const {
  const SourceManager &SM = Ctx.getSourceManager();

  auto SlotOfSave = [&](const ResolvedDdi &R,
                        const std::string &SaveTo) -> std::string {
    if (SaveTo == "return") {
      auto It = ResultSlots.find(CE);
      return It == ResultSlots.end() ? "" : It->second;
    }
    return pointeeKey(R.arg(CE, SaveTo));
  };
  auto Restore = [&](const std::string &Slot, const Expr *ValueArg,
                     const IrqlState &Otherwise) {
    if (ValueArg)
      if (auto V = constantValue(ValueArg, Ctx)) {
        S.Cur = IrqlState{false, IrqlRange::exactly(irqlFromValue(*V)), {}};
        return;
      }
    auto It = Slot.empty() ? S.Saved.end() : S.Saved.find(Slot);
    if (It == S.Saved.end()) {
      S.Cur = Otherwise;
      return;
    }
    S.Cur = It->second;
    S.Saved.erase(It);
  };
  // Only raises and acquisitions need the location, for traces.
  auto Set = [&](Irql L, std::string Why) {
    S.Cur = IrqlState{false,
                      IrqlRange::exactly(L),
                      {{toSourcePoint(SM, CE->getBeginLoc()), std::move(Why)}}};
  };

  if (ResolvedDdi R = Resolver.resolve(CE)) {
    const DdiInfo &D = *R.Semantics;
    const std::string &Name = R.Spelled->Name;
    const IrqlEffect &E = D.Effect;
    switch (E.K) {
    case IrqlEffect::None:
      break;
    case IrqlEffect::Raise: {
      std::optional<Irql> To = E.To;
      if (!To && !E.ToParam.empty())
        if (const Expr *A = R.arg(CE, E.ToParam))
          if (auto V = constantValue(A, Ctx))
            To = irqlFromValue(*V);
      std::string Slot = SlotOfSave(R, E.SaveTo);
      if (!Slot.empty())
        S.Saved[Slot] = S.Cur;
      if (To)
        Set(*To, Name + " raises IRQL to " + irqlName(*To));
      else
        S.Cur = IrqlState::unknown();
      break;
    }
    case IrqlEffect::Acquire: {
      std::string Slot = !E.SaveTo.empty() ? SlotOfSave(R, E.SaveTo)
                         : !E.Lock.empty()
                             ? "lock:" + pointeeKey(R.arg(CE, E.Lock))
                             : "";
      if (!Slot.empty() && Slot != "lock:")
        S.Saved[Slot] = S.Cur;
      // An acquire that does not raise (NdisDprAcquireSpinLock) leaves the
      // IRQL where it was: it assumes DISPATCH_LEVEL, it does not make it.
      if (E.To)
        Set(*E.To, "lock acquired by " + Name + ": IRQL is " + irqlName(*E.To) +
                       " until it is released");
      break;
    }
    case IrqlEffect::Release:
    case IrqlEffect::Lower: {
      const Expr *ValueArg =
          E.RestoreFrom.empty() ? nullptr : R.arg(CE, E.RestoreFrom);
      std::string Slot = ValueArg ? lvalueKey(ValueArg)
                         : !E.Lock.empty()
                             ? "lock:" + pointeeKey(R.arg(CE, E.Lock))
                             : "";
      IrqlState Otherwise = IrqlState::unknown();
      if (!E.To && D.MinIrql) // NdisDprReleaseSpinLock does not lower
        Otherwise = S.Cur;
      Restore(Slot, ValueArg, Otherwise);
      break;
    }
    }
    for (const std::string &P : D.Provides)
      if (!std::binary_search(S.States.begin(), S.States.end(), P))
        S.States.insert(std::upper_bound(S.States.begin(), S.States.end(), P),
                        P);
    return;
  }

  // A driver function whose SAL annotations say it raises or restores.
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee)
    return;
  SalIrql A = Sal.forFunction(Callee, SM);
  std::string Slot;
  if (A.SavesGlobal || A.RestoresGlobal) {
    std::string Param = Sal.globalParam(Callee, SM);
    for (unsigned I = 0; I < Callee->getNumParams() && I < CE->getNumArgs();
         ++I)
      if (Callee->getParamDecl(I)->getName() == Param)
        Slot = "global:" + pointeeKey(CE->getArg(I));
  }
  if (A.SavesGlobal && !Slot.empty())
    S.Saved[Slot] = S.Cur;
  if (A.Raises)
    Set(*A.Raises, Callee->getNameAsString() + " raises IRQL to " +
                       irqlName(*A.Raises) + " (_IRQL_raises_)");
  else if (A.RestoresGlobal)
    Restore(Slot, nullptr, IrqlState::unknown());
}

IrqlFlow::CallStates IrqlFlow::run(const FunctionDecl *FD) {
  CallStates Ordered;
  Stmt *Body = FD->getBody();
  if (!Body)
    return Ordered;
  llvm::DenseMap<const CallExpr *, PointState> Result;
  ResultSlots.clear();
  CallCollector Collector(ResultSlots);
  Collector.TraverseStmt(Body);

  // Most functions neither raise nor lock: every call runs at the entry IRQL
  // and no CFG is needed.
  bool AnyEffect = false;
  for (const Expr *C : Collector.Conditions)
    if (dispatchFlagSense(C)) {
      AnyEffect = true;
      break;
    }
  for (const CallExpr *CE : Collector.Calls)
    if (hasEffect(CE)) {
      AnyEffect = true;
      break;
    }
  if (!AnyEffect) {
    for (const CallExpr *CE : Collector.Calls)
      Ordered.emplace_back(CE, PointState{});
    return Ordered;
  }

  const CFG *G = Cfgs.get(FD);
  if (!G) {
    // No CFG (rare, e.g. after parse errors): walk the calls in source order.
    State S;
    S.Reached = true;
    for (const CallExpr *CE : Collector.Calls) {
      Ordered.emplace_back(CE, PointState{S.Cur, S.States});
      transfer(CE, S);
    }
    return Ordered;
  }

  std::vector<State> In(G->getNumBlockIDs());
  In[G->getEntry().getBlockID()].Reached = true;
  std::deque<const CFGBlock *> Work{&G->getEntry()};
  std::vector<bool> Queued(G->getNumBlockIDs(), false);
  Queued[G->getEntry().getBlockID()] = true;

  auto RunBlock = [&](const CFGBlock *B, bool Record) {
    State S = In[B->getBlockID()];
    for (const CFGElement &El : *B) {
      auto CS = El.getAs<CFGStmt>();
      if (!CS)
        continue;
      const auto *CE = dyn_cast<CallExpr>(CS->getStmt());
      if (!CE)
        continue;
      if (Record)
        Result[CE] = PointState{S.Cur, S.States};
      transfer(CE, S);
    }
    return S;
  };

  while (!Work.empty()) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued[B->getBlockID()] = false;
    State Out = RunBlock(B, /*Record=*/false);
    // A test of NDIS_SEND_FLAGS_DISPATCH_LEVEL & co. tells the entry IRQL
    // on each branch (succs: true branch first).
    std::optional<bool> FlagSet;
    if (const auto *Cond = dyn_cast_or_null<Expr>(
            B->getTerminatorCondition(/*StripParens=*/false)))
      // Only while nothing raised is outstanding: the flag describes the
      // entry IRQL.
      if (Out.Saved.empty() && B->succ_size() == 2)
        FlagSet = dispatchFlagSense(Cond);
    unsigned SuccIndex = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      const CFGBlock *SB = Succ.getReachableBlock();
      bool TrueBranch = SuccIndex++ == 0;
      if (!SB)
        continue;
      State Edge = Out;
      if (FlagSet) {
        bool Set = *FlagSet == TrueBranch;
        SourcePoint Here = toSourcePoint(
            Ctx.getSourceManager(), B->getTerminatorCondition()->getBeginLoc());
        Edge.Cur = Set ? IrqlState{false,
                                   IrqlRange::exactly(Irql::Dispatch),
                                   {{Here, "the dispatch-level flag is set "
                                           "here: the caller is at "
                                           "DISPATCH_LEVEL"}}}
                       : IrqlState{false,
                                   IrqlRange::atMost(Irql::Apc),
                                   {{Here, "the dispatch-level flag is clear "
                                           "here: the caller is below "
                                           "DISPATCH_LEVEL"}}};
      }
      State Joined = join(In[SB->getBlockID()], Edge);
      if (Joined == In[SB->getBlockID()])
        continue;
      In[SB->getBlockID()] = std::move(Joined);
      if (!Queued[SB->getBlockID()]) {
        Queued[SB->getBlockID()] = true;
        Work.push_back(SB);
      }
    }
  }
  for (const CFGBlock *B : *G)
    if (In[B->getBlockID()].Reached)
      RunBlock(B, /*Record=*/true);
  for (const CallExpr *CE : Collector.Calls) {
    auto It = Result.find(CE);
    if (It != Result.end())
      Ordered.emplace_back(CE, std::move(It->second));
  }
  return Ordered;
}

} // namespace ndischeck
