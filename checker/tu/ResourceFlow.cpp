//===- ResourceFlow.cpp - Allocation/free pairing along the paths
//----------===//

#include "tu/ResourceFlow.h"

#include "link/ResourceLink.h"
#include "tu/ExprKeys.h"
#include "tu/SourcePoints.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/CFG.h"

#include <deque>
#include <map>
#include <set>

using namespace clang;

namespace ndischeck {

namespace {

/// What one allocation can be on the paths reaching a point (a may-set).
enum : unsigned {
  Unchecked = 1, ///< allocated, its failure not tested yet
  Checked = 2,   ///< allocated and known to have succeeded
  Failed = 4,    ///< on the failure branch of its own check: nothing to free
  Freed = 8,
  Escaped = 16, ///< stored or handed somewhere that outlives the function
  /// Not allocated yet on some path, or no local refers to it any more
  /// (freed, then the variable cleared): nothing this function can do to it.
  Gone = 32,
  Live = Unchecked | Checked,
};

struct Track {
  unsigned Mask = 0;
  std::vector<TraceStep> Path; ///< allocation, frees (for traces)
};

struct FlowState {
  bool Reached = false;
  std::map<unsigned, Track> Allocs;
  /// Local variables and the allocations they may hold.
  std::map<const VarDecl *, std::set<unsigned>> Holders;
  /// Local variables holding an allocation's status.
  std::map<const VarDecl *, unsigned> Status;

  bool operator==(const FlowState &O) const {
    if (Reached != O.Reached || Holders != O.Holders || Status != O.Status ||
        Allocs.size() != O.Allocs.size())
      return false;
    for (auto A = Allocs.begin(), B = O.Allocs.begin(); A != Allocs.end();
         ++A, ++B)
      if (A->first != B->first || A->second.Mask != B->second.Mask)
        return false;
    return true;
  }
};

FlowState join(const FlowState &A, const FlowState &B) {
  if (!A.Reached)
    return B;
  if (!B.Reached)
    return A;
  FlowState R = A;
  for (const auto &[I, T] : B.Allocs) {
    auto It = R.Allocs.find(I);
    if (It == R.Allocs.end())
      R.Allocs.emplace(I, T).first->second.Mask |= Gone;
    else {
      // A trace is one path; the one that freed explains a double free.
      if ((T.Mask & Freed) && !(It->second.Mask & Freed))
        It->second.Path = T.Path;
      It->second.Mask |= T.Mask;
    }
  }
  for (auto &[I, T] : R.Allocs)
    if (!B.Allocs.count(I))
      T.Mask |= Gone;
  for (const auto &[V, S] : B.Holders)
    R.Holders[V].insert(S.begin(), S.end());
  for (const auto &[V, I] : B.Status) {
    auto It = R.Status.find(V);
    if (It == R.Status.end())
      R.Status.emplace(V, I);
    else if (It->second != I)
      R.Status.erase(It); // holds different statuses on different paths
  }
  return R;
}

struct Site {
  const CallExpr *Call = nullptr;
  ResolvedDdi R;
  SourcePoint Loc;
  bool ResultIsReturn = false; ///< the pointer is the return value
  bool ReturnsStatus = false;  ///< the return value is the status
};

/// NDIS keeps what a driver hands it as an NDIS_HANDLE context
/// (MiniportAdapterContext, ProtocolBindingContext, ...) and gives it back
/// to the driver's handlers: such an argument outlives the call.
bool isContextHandle(QualType T) {
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (TT->getDecl()->getName() == "NDIS_HANDLE")
      return true;
    T = TT->desugar();
  }
  return false;
}

/// Whether a function comes with the platform rather than the driver: in a
/// system header, or in a header reached through an `#include <...>` (the
/// WDK's and the project runtime's ndis.h are included that way, often with
/// -I rather than -isystem; a driver's own helpers are defined in its files
/// or declared in its quoted headers).
bool isPlatformFunction(const SourceManager &SM, const FunctionDecl *FD) {
  SourceLocation Loc = SM.getExpansionLoc(FD->getLocation());
  if (SM.isInSystemHeader(Loc))
    return true;
  FileID F = SM.getFileID(Loc);
  for (unsigned Depth = 0; F.isValid() && F != SM.getMainFileID() && Depth < 64;
       ++Depth) {
    SourceLocation Inc = SM.getIncludeLoc(F);
    if (Inc.isInvalid())
      break;
    bool Invalid = false;
    const char *C = SM.getCharacterData(Inc, &Invalid);
    if (!Invalid && C && *C == '<')
      return true;
    F = SM.getFileID(Inc);
  }
  return false;
}

class Analysis {
public:
  Analysis(const ContractDb &Db, const DdiCallResolver &Resolver,
           ASTContext &Ctx, FunctionCfg &Cfgs, const FunctionDecl *FD,
           std::vector<Finding> &Out)
      : Db(Db), Resolver(Resolver), Ctx(Ctx), Cfgs(Cfgs),
        SM(Ctx.getSourceManager()), FD(FD), Out(Out) {}

  void run();

private:
  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  ASTContext &Ctx;
  FunctionCfg &Cfgs;
  const SourceManager &SM;
  const FunctionDecl *FD;
  std::vector<Finding> &Out;

  std::vector<Site> Sites;
  std::map<const CallExpr *, unsigned> SiteOf;
  bool Record = false;
  std::set<unsigned> LeakReported, UncheckedReported;
  std::set<std::pair<unsigned, SourcePoint>> DoubleReported;

  SourcePoint at(SourceLocation L) const { return toSourcePoint(SM, L); }

  void report(const char *Rule, const SourcePoint &Loc, std::string Message,
              std::vector<TraceStep> Trace) {
    if (!Record)
      return;
    Finding F;
    F.RuleId = Rule;
    const RuleInfo *RI = Db.rule(Rule);
    F.Severity = RI ? RI->Severity : "warning";
    F.Loc = Loc;
    F.Message = std::move(Message);
    F.Function = FD->getNameAsString();
    F.Trace = std::move(Trace);
    Out.push_back(std::move(F));
  }

  std::string name(unsigned I) const { return Sites[I].R.Spelled->Name; }

  /// The allocations an expression's value may be: a local holding them, or
  /// the allocating call itself. Loose also follows pointer arithmetic (an
  /// interior pointer keeps the block reachable).
  std::set<unsigned> denotes(const FlowState &S, const Expr *E,
                             bool Loose) const {
    if (!E)
      return {};
    E = E->IgnoreParenCasts();
    if (const VarDecl *VD = localVariable(E)) {
      auto It = S.Holders.find(VD);
      return It == S.Holders.end() ? std::set<unsigned>{} : It->second;
    }
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      auto It = SiteOf.find(CE);
      if (It != SiteOf.end() && Sites[It->second].ResultIsReturn)
        return {It->second};
      return {};
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      if (BO->getOpcode() == BO_Assign || BO->getOpcode() == BO_Comma)
        return denotes(
            S, BO->getOpcode() == BO_Assign ? BO->getLHS() : BO->getRHS(),
            Loose);
      if (Loose && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub)) {
        std::set<unsigned> R = denotes(S, BO->getLHS(), Loose);
        std::set<unsigned> R2 = denotes(S, BO->getRHS(), Loose);
        R.insert(R2.begin(), R2.end());
        return R;
      }
      return {};
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      // `&p->Link`, `&p[i]`: an interior address keeps the block reachable.
      if (!Loose || UO->getOpcode() != UO_AddrOf)
        return {};
      const Expr *L = UO->getSubExpr()->IgnoreParens();
      if (const auto *ME = dyn_cast<MemberExpr>(L))
        return ME->isArrow() ? denotes(S, ME->getBase(), Loose)
                             : std::set<unsigned>{};
      if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(L))
        return denotes(S, ASE->getBase(), Loose);
      return {};
    }
    if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
      std::set<unsigned> R = denotes(S, CO->getTrueExpr(), Loose);
      std::set<unsigned> R2 = denotes(S, CO->getFalseExpr(), Loose);
      R.insert(R2.begin(), R2.end());
      return R;
    }
    return {};
  }

  void escape(FlowState &S, const std::set<unsigned> &Allocs) {
    for (unsigned I : Allocs) {
      Track &T = S.Allocs[I];
      T.Mask = (T.Mask & (Failed | Freed | Gone)) | Escaped;
    }
  }

  bool heldElsewhere(const FlowState &S, unsigned I,
                     const VarDecl *Except) const {
    for (const auto &[V, Set] : S.Holders)
      if (V != Except && Set.count(I))
        return true;
    return false;
  }

  void leak(unsigned I, const Track &T, const SourcePoint &Where,
            const std::string &How) {
    if (!Record || !LeakReported.insert(I).second)
      return;
    std::vector<TraceStep> Trace = T.Path;
    Trace.push_back({Where, How});
    std::string Freer;
    if (const DdiInfo *F = matchingFree(Db, *Sites[I].R.Semantics))
      Freer = F->Name;
    report("ndis-leak", Sites[I].Loc,
           "the " + Sites[I].R.Semantics->Allocates->Family + " allocated by " +
               name(I) + " is not freed" +
               (Freer.empty() ? "" : " with " + Freer) + " on a path that " +
               How,
           std::move(Trace));
  }

  /// `VD = <Allocs>`: the old allocations lose this reference.
  void assignHolder(FlowState &S, const VarDecl *VD, std::set<unsigned> New,
                    SourceLocation Loc) {
    auto It = S.Holders.find(VD);
    if (It != S.Holders.end()) {
      for (unsigned I : It->second) {
        if (New.count(I) || heldElsewhere(S, I, VD))
          continue;
        Track &T = S.Allocs[I];
        if (T.Mask & Live)
          leak(I, T, at(Loc),
               "overwrites '" + VD->getNameAsString() +
                   "', its last reference, here");
        // Unreachable from here on: whatever it was, it is done.
        T.Mask = Gone;
      }
    }
    if (New.empty())
      S.Holders.erase(VD);
    else
      S.Holders[VD] = std::move(New);
  }

  void assignLocal(FlowState &S, const VarDecl *VD, const Expr *RHS,
                   SourceLocation Loc) {
    const Expr *R = RHS->IgnoreParenCasts();
    if (const auto *CE = dyn_cast<CallExpr>(R)) {
      auto It = SiteOf.find(CE);
      if (It != SiteOf.end() && Sites[It->second].ReturnsStatus) {
        S.Status[VD] = It->second;
        assignHolder(S, VD, {}, Loc);
        return;
      }
    }
    S.Status.erase(VD);
    assignHolder(S, VD, denotes(S, RHS, /*Loose=*/false), Loc);
  }

  /// Reports a use of a possibly failed allocation once.
  void use(FlowState &S, const Expr *E, SourceLocation Loc,
           const std::string &How) {
    for (unsigned I : denotes(S, E, /*Loose=*/false)) {
      Track &T = S.Allocs[I];
      if (!(T.Mask & Unchecked))
        continue;
      // Report once, then go on as if it had been checked.
      T.Mask = (T.Mask & ~Unchecked) | Checked;
      if (!Record || !UncheckedReported.insert(I).second)
        continue;
      const Site &St = Sites[I];
      std::string Fails =
          St.R.Semantics->Allocates->Result == "return" ? "returns NULL"
          : St.ReturnsStatus ? "returns a failure status and leaves it NULL"
                             : "leaves it NULL";
      std::vector<TraceStep> Trace = T.Path;
      Trace.push_back({at(Loc), How + " here, before any check"});
      report("ndis-unchecked-failure", at(Loc),
             "the result of " + name(I) + " is " + How +
                 " before it is checked; " + name(I) + " " + Fails +
                 " when the allocation fails",
             std::move(Trace));
    }
  }

  void transferCall(FlowState &S, const CallExpr *CE) {
    ResolvedDdi R = Resolver.resolve(CE);
    if (R && R.Semantics->Frees) {
      freeCall(S, CE, R);
      return;
    }
    auto SiteIt = SiteOf.find(CE);
    if (SiteIt != SiteOf.end())
      allocate(S, CE, SiteIt->second);

    const FunctionDecl *Callee = CE->getDirectCallee();
    bool Builtin = Callee && Callee->getBuiltinID();
    bool System =
        Callee && !Callee->hasBody() && isPlatformFunction(SM, Callee);
    bool DriverFunction = !R && !Builtin && !System;
    for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
      const Expr *A = CE->getArg(I);
      if (const Expr *T = addressOperand(A))
        if (const VarDecl *VD = localVariable(T)) {
          // `&p` handed on: the callee may free or keep it.
          if (!(R && R.Semantics->Allocates &&
                A == R.arg(CE, R.Semantics->Allocates->Result)))
            if (DriverFunction || !R) {
              auto It = S.Holders.find(VD);
              if (It != S.Holders.end())
                escape(S, It->second);
            }
          continue;
        }
      std::set<unsigned> Held = denotes(S, A, /*Loose=*/true);
      if (Held.empty())
        continue;
      // A DDI, a system function or a builtin takes the pointer as it is; a
      // driver function may test it itself, which nothing here says.
      if (!DriverFunction && Callee)
        use(S, A, A->getBeginLoc(),
            "passed to " + (R ? R.Spelled->Name : Callee->getNameAsString()));
      bool Keeps = DriverFunction;
      if (Callee && I < Callee->getNumParams()) {
        QualType T = Callee->getParamDecl(I)->getType();
        // Raw memory (`PVOID Destination`) is only read or written; a typed
        // pointer given to a system function (InsertTailList's PLIST_ENTRY)
        // may be linked into something that outlives the call.
        Keeps |= isContextHandle(T) || (System && !R && T->isPointerType() &&
                                        !T->getPointeeType()->isVoidType());
      }
      if (Keeps)
        escape(S, Held);
    }
  }

  void allocate(FlowState &S, const CallExpr *CE, unsigned I) {
    const Site &St = Sites[I];
    Track T;
    T.Mask = Unchecked;
    T.Path.push_back({St.Loc, "allocated by " + name(I) + " here"});
    for (auto &[V, Set] : S.Holders)
      Set.erase(I); // a new block: the old references hold the old one
    S.Allocs[I] = std::move(T);
    const DdiInfo &D = *St.R.Semantics;
    if (!St.ResultIsReturn) {
      const Expr *A = St.R.arg(CE, D.Allocates->Result);
      const Expr *Target = addressOperand(A);
      if (const VarDecl *VD = Target ? localVariable(Target) : nullptr)
        assignHolder(S, VD, {I}, CE->getBeginLoc());
      else
        escape(S, {I}); // into a field, a global or the caller's memory
    }
    // A status out parameter (NdisAllocateBufferPool's Status).
    for (const ParamInfo &P : D.Params)
      if (P.Name == "Status")
        if (const VarDecl *VD =
                localVariable(addressOperand(St.R.arg(CE, P.Name))))
          S.Status[VD] = I;
  }

  void freeCall(FlowState &S, const CallExpr *CE, const ResolvedDdi &R) {
    const Expr *A = R.arg(CE, R.Semantics->Frees->Param);
    SourcePoint Here = at(CE->getBeginLoc());
    for (unsigned I : denotes(S, A, /*Loose=*/false)) {
      Track &T = S.Allocs[I];
      if ((T.Mask & Freed) && Record &&
          DoubleReported.insert({I, Here}).second) {
        std::vector<TraceStep> Trace = T.Path;
        Trace.push_back({Here, "freed again here"});
        report("ndis-double-free", Here,
               R.Spelled->Name + " frees the allocation of " + name(I) +
                   " that was already freed on this path",
               std::move(Trace));
      }
      if (!(T.Mask & Freed))
        T.Path.push_back({Here, "freed by " + R.Spelled->Name + " here"});
      T.Mask = (T.Mask & (Failed | Gone)) | Freed;
    }
  }

  void transfer(FlowState &S, const Stmt *St) {
    if (const auto *CE = dyn_cast<CallExpr>(St)) {
      transferCall(S, CE);
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
      if (BO->getOpcode() != BO_Assign)
        return;
      const Expr *L = BO->getLHS()->IgnoreParens();
      if (const VarDecl *VD = localVariable(L); VD && isa<DeclRefExpr>(L))
        assignLocal(S, VD, BO->getRHS(), BO->getOperatorLoc());
      else
        escape(S, denotes(S, BO->getRHS(), /*Loose=*/true));
      return;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->hasLocalStorage() && VD->getInit())
            assignLocal(S, VD, VD->getInit(), VD->getLocation());
      return;
    }
    if (const auto *RS = dyn_cast<ReturnStmt>(St)) {
      escape(S, denotes(S, RS->getRetValue(), /*Loose=*/true));
      leaksAt(S, at(RS->getBeginLoc()), "returns here");
      return;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(St)) {
      if (ME->isArrow())
        use(S, ME->getBase(), ME->getExprLoc(), "dereferenced");
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(St)) {
      if (UO->getOpcode() == UO_Deref)
        use(S, UO->getSubExpr(), UO->getBeginLoc(), "dereferenced");
      return;
    }
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(St))
      use(S, ASE->getBase(), ASE->getBeginLoc(), "dereferenced");
  }

  void leaksAt(FlowState &S, const SourcePoint &Where, const char *How) {
    for (auto &[I, T] : S.Allocs)
      if (T.Mask & Live) {
        leak(I, T, Where, How);
        // Reported: later points of this path need not say it again.
        T.Mask = (T.Mask & ~Live) | Escaped;
      }
  }

  /// The allocations a branch condition tests, and whether its true branch
  /// is the failure branch. False when the condition tests none.
  bool testOf(const FlowState &S, const Expr *E, std::set<unsigned> &Allocs,
              bool &FailWhenTrue) const {
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_LNot) {
        if (!testOf(S, UO->getSubExpr(), Allocs, FailWhenTrue))
          return false;
        FailWhenTrue = !FailWhenTrue;
        return true;
      }
    const Expr *Subject = E;
    enum { Truthy, EqZero, NeZero, GeZero, LtZero } Form = Truthy;
    if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
      auto IsZero = [&](const Expr *X) {
        if (X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
          return true;
        std::optional<int64_t> V = constantValue(X, Ctx);
        return V && *V == 0;
      };
      const Expr *Other = nullptr;
      if (IsZero(BO->getRHS()))
        Other = BO->getLHS();
      else if (IsZero(BO->getLHS()) && BO->isEqualityOp())
        Other = BO->getRHS();
      if (!Other)
        return false;
      Subject = Other;
      switch (BO->getOpcode()) {
      case BO_EQ:
        Form = EqZero;
        break;
      case BO_NE:
        Form = NeZero;
        break;
      case BO_GE:
        Form = GeZero;
        break;
      case BO_LT:
        Form = LtZero;
        break;
      default:
        return false;
      }
    }
    Subject = Subject->IgnoreParenCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(Subject))
      if (BO->getOpcode() == BO_Assign)
        Subject = BO->getLHS()->IgnoreParenCasts();
    bool IsStatus = false;
    if (const VarDecl *VD = localVariable(Subject)) {
      auto St = S.Status.find(VD);
      if (St != S.Status.end()) {
        Allocs = {St->second};
        IsStatus = true;
      } else {
        auto H = S.Holders.find(VD);
        if (H == S.Holders.end())
          return false;
        Allocs = H->second;
      }
    } else if (const auto *CE = dyn_cast<CallExpr>(Subject)) {
      auto It = SiteOf.find(CE);
      if (It == SiteOf.end())
        return false;
      Allocs = {It->second};
      IsStatus = Sites[It->second].ReturnsStatus;
      if (!IsStatus && !Sites[It->second].ResultIsReturn)
        return false;
    } else {
      return false;
    }
    if (Allocs.empty())
      return false;
    // A pointer fails as NULL (zero); a status fails as anything but
    // NDIS_STATUS_SUCCESS (zero), and NT_SUCCESS is `>= 0`.
    switch (Form) {
    case Truthy:
      FailWhenTrue = IsStatus;
      return true;
    case EqZero:
      FailWhenTrue = !IsStatus;
      return true;
    case NeZero:
      FailWhenTrue = IsStatus;
      return true;
    case GeZero:
      FailWhenTrue = false;
      return IsStatus;
    case LtZero:
      FailWhenTrue = true;
      return IsStatus;
    }
    return false;
  }

  /// Refines S for one branch of a test; false when the branch cannot be
  /// taken.
  bool refine(FlowState &S, const std::set<unsigned> &Allocs, bool Failure,
              const SourcePoint &Where) const {
    for (unsigned I : Allocs) {
      auto It = S.Allocs.find(I);
      if (It == S.Allocs.end())
        continue;
      unsigned M = It->second.Mask;
      unsigned N = M & (Freed | Escaped | Gone);
      if (Failure)
        N |= (M & (Unchecked | Failed)) ? Failed : 0;
      else
        N |= (M & Live) ? Checked : 0;
      if (N == 0)
        return false;
      // The path goes on from the allocation's own check: say so in traces.
      std::vector<TraceStep> &P = It->second.Path;
      if (!Failure && (M & Live) && P.size() < 6 && !(P.back().Loc == Where))
        P.push_back({Where, name(I) + " succeeded: the check here passes"});
      It->second.Mask = N;
    }
    return true;
  }

  const Expr *branchCondition(const CFGBlock *B) const {
    const Stmt *T = B->getTerminatorStmt();
    if (!T)
      return nullptr;
    const Expr *C = dyn_cast_or_null<Expr>(
        const_cast<CFGBlock *>(B)->getTerminatorCondition());
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

  FlowState runBlock(const CFGBlock *B, const FlowState &In) {
    FlowState S = In;
    for (const CFGElement &El : *B)
      if (auto CS = El.getAs<CFGStmt>())
        transfer(S, CS->getStmt());
    return S;
  }
};

void Analysis::run() {
  Stmt *Body = FD->getBody();
  if (!Body)
    return;
  // The allocating calls; a function without any has nothing to pair.
  struct Collector : RecursiveASTVisitor<Collector> {
    const DdiCallResolver &Resolver;
    std::vector<const CallExpr *> Calls;
    explicit Collector(const DdiCallResolver &R) : Resolver(R) {}
    bool VisitCallExpr(CallExpr *CE) {
      if (ResolvedDdi R = Resolver.resolve(CE))
        if (R.Semantics->Allocates)
          Calls.push_back(CE);
      return true;
    }
  } C(Resolver);
  C.TraverseStmt(Body);
  if (C.Calls.empty())
    return;
  for (const CallExpr *CE : C.Calls) {
    Site S;
    S.Call = CE;
    S.R = Resolver.resolve(CE);
    S.Loc = at(CE->getBeginLoc());
    S.ResultIsReturn = S.R.Semantics->Allocates->Result == "return";
    S.ReturnsStatus = !S.ResultIsReturn && !CE->getType()->isVoidType();
    SiteOf[CE] = Sites.size();
    Sites.push_back(S);
  }

  const CFG *G = Cfgs.get(FD);
  if (!G)
    return; // no CFG, no paths: stay silent
  std::vector<FlowState> In(G->getNumBlockIDs());
  In[G->getEntry().getBlockID()].Reached = true;
  std::deque<const CFGBlock *> Work{&G->getEntry()};
  std::vector<bool> Queued(G->getNumBlockIDs(), false);
  Queued[G->getEntry().getBlockID()] = true;

  auto Propagate = [&](const CFGBlock *B, const FlowState &OutState) {
    const Expr *Cond = B->succ_size() == 2 ? branchCondition(B) : nullptr;
    std::set<unsigned> Tested;
    bool FailWhenTrue = false;
    bool Tests = Cond && testOf(OutState, Cond, Tested, FailWhenTrue);
    unsigned K = 0;
    for (const CFGBlock::AdjacentBlock &Succ : B->succs()) {
      unsigned Index = K++;
      const CFGBlock *SB = Succ.getReachableBlock();
      if (!SB)
        continue;
      FlowState S = OutState;
      if (Tests && !refine(S, Tested, (Index == 0) == FailWhenTrue,
                           at(Cond->getBeginLoc())))
        continue;
      FlowState Joined = join(In[SB->getBlockID()], S);
      if (Joined == In[SB->getBlockID()])
        continue;
      In[SB->getBlockID()] = std::move(Joined);
      if (!Queued[SB->getBlockID()]) {
        Queued[SB->getBlockID()] = true;
        Work.push_back(SB);
      }
    }
  };

  // Bounded: the lattice is finite, the bound only guards against bugs.
  unsigned Steps = 0;
  while (!Work.empty() && ++Steps < 100000) {
    const CFGBlock *B = Work.front();
    Work.pop_front();
    Queued[B->getBlockID()] = false;
    Propagate(B, runBlock(B, In[B->getBlockID()]));
  }

  Record = true;
  const CFGBlock *Exit = &G->getExit();
  for (const CFGBlock *B : *G)
    if (B != Exit && In[B->getBlockID()].Reached)
      runBlock(B, In[B->getBlockID()]);
  // Falling off the end of the body.
  FlowState AtExit = In[Exit->getBlockID()];
  if (AtExit.Reached)
    leaksAt(AtExit, at(Body->getEndLoc()), "reaches the end of the function");
}

} // namespace

void ResourceFlow::run(const FunctionDecl *FD, std::vector<Finding> &Out) {
  Analysis(Db, Resolver, Ctx, Cfgs, FD, Out).run();
}

} // namespace ndischeck
