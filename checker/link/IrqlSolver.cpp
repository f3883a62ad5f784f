//===- IrqlSolver.cpp - IRQL along the paths of a function program --------===//

#include "link/IrqlSolver.h"

#include "llvm/Support/CommandLine.h"

#include <algorithm>
#include <deque>

namespace ndischeck {

// Hidden: the tests lower it to show what a function over the budget gives.
static llvm::cl::opt<unsigned> IrqlStepsPerBlock(
    "irql-steps-per-block", llvm::cl::Hidden, llvm::cl::init(64),
    llvm::cl::desc("Budget of the IRQL analysis: worklist steps per block of "
                   "a function (and 16 blocks more) before it gives the "
                   "function up"));

unsigned irqlStepsPerBlock() { return IrqlStepsPerBlock; }

//===----------------------------------------------------------------------===//
// SymIrql
//===----------------------------------------------------------------------===//

SymIrql SymIrql::entry() {
  SymIrql S;
  S.Entry = true;
  return S;
}

SymIrql SymIrql::unknown() {
  SymIrql S;
  S.Unknown = true;
  return S;
}

SymIrql SymIrql::absolute(IrqlRange R, std::vector<TraceStep> Why) {
  SymIrql S;
  S.Abs = R;
  S.Why = std::move(Why);
  return S;
}

SymIrql SymIrql::fromSlot(std::string Slot) {
  SymIrql S;
  S.Slots.push_back(std::move(Slot));
  return S;
}

void SymIrql::join(const SymIrql &O) {
  Entry |= O.Entry;
  Unknown |= O.Unknown;
  if (O.Abs) {
    if (!Abs || (O.Abs->Hi > Abs->Hi && !O.Why.empty()))
      Why = O.Why; // the trace explains the higher level
    Abs = Abs ? Abs->join(*O.Abs) : *O.Abs;
  }
  for (const std::string &S : O.Slots)
    if (!std::binary_search(Slots.begin(), Slots.end(), S))
      Slots.insert(std::upper_bound(Slots.begin(), Slots.end(), S), S);
}

bool SymIrql::sameAs(const SymIrql &O) const {
  return Entry == O.Entry && Abs == O.Abs && Slots == O.Slots &&
         Unknown == O.Unknown;
}

std::optional<Irql> SymIrql::lo(std::optional<Irql> EntryLo) const {
  if (Unknown || !Slots.empty() || (Entry && !EntryLo) || (!Entry && !Abs))
    return std::nullopt;
  std::optional<Irql> L = Entry ? EntryLo : std::nullopt;
  if (Abs)
    L = L ? std::min(*L, Abs->Lo) : Abs->Lo;
  return L;
}

std::optional<Irql> SymIrql::hi(std::optional<Irql> EntryHi) const {
  if (Unknown || !Slots.empty() || (Entry && !EntryHi) || (!Entry && !Abs))
    return std::nullopt;
  std::optional<Irql> H = Entry ? EntryHi : std::nullopt;
  if (Abs)
    H = H ? std::max(*H, Abs->Hi) : Abs->Hi;
  return H;
}

//===----------------------------------------------------------------------===//
// Slot names across a call
//===----------------------------------------------------------------------===//

namespace {

const char GlobalPrefix[] = "global:";

/// Splits a slot name into its SAL prefix, leading dereferences and the
/// rest, which starts with the root.
struct SlotParts {
  std::string Prefix;
  size_t Stars = 0;
  std::string Rest;
};

SlotParts parts(const std::string &Slot) {
  SlotParts P;
  std::string S = Slot;
  if (S.rfind(GlobalPrefix, 0) == 0) {
    P.Prefix = GlobalPrefix;
    S = S.substr(sizeof(GlobalPrefix) - 1);
  }
  P.Stars = S.find_first_not_of('*');
  if (P.Stars == std::string::npos)
    P.Stars = S.size();
  P.Rest = S.substr(P.Stars);
  return P;
}

} // namespace

bool IrqlSolver::visibleToCaller(const std::string &Slot) {
  SlotParts P = parts(Slot);
  return !P.Rest.empty() && (P.Rest[0] == '@' || P.Rest[0] == '$');
}

std::string IrqlSolver::callerSlot(const std::string &Slot,
                                   const std::vector<ProgArg> &Args) {
  SlotParts P = parts(Slot);
  if (P.Rest.empty())
    return "";
  if (P.Rest[0] == '@')
    return Slot;
  if (P.Rest[0] != '$')
    return ""; // the callee's own local
  size_t End = 1;
  while (End < P.Rest.size() &&
         isdigit(static_cast<unsigned char>(P.Rest[End])))
    ++End;
  if (End == 1)
    return "";
  unsigned Index = std::stoul(P.Rest.substr(1, End - 1));
  std::string Tail = P.Rest.substr(End);
  if (Index >= Args.size())
    return "";
  const ProgArg &A = Args[Index];
  if (P.Stars == 0)
    return A.Value.empty() ? "" : P.Prefix + A.Value + Tail;
  if (A.Pointee.empty())
    return "";
  return P.Prefix + std::string(P.Stars - 1, '*') + A.Pointee + Tail;
}

std::vector<int8_t> IrqlSolver::contextFor(const FunctionSummary &F,
                                           std::vector<int8_t> Params) {
  std::vector<int8_t> Out(F.Program.NumParams, -1);
  for (const ProgAtom &A : F.Program.Atoms)
    if (A.Param >= 0 && static_cast<size_t>(A.Param) < Out.size() &&
        static_cast<size_t>(A.Param) < Params.size())
      Out[A.Param] = Params[A.Param];
  return Out;
}

//===----------------------------------------------------------------------===//
// One run
//===----------------------------------------------------------------------===//

namespace {

/// Path classes beyond this many are merged into one.
constexpr size_t MaxPaths = 16;
/// Saved slots beyond this many make the class forget the oldest.
constexpr size_t MaxSaved = 32;
/// Calls nested deeper than this are taken to have no effect.
constexpr unsigned MaxDepth = 48;

struct Path {
  std::vector<int8_t> Atoms;
  IrqlRange Entry = IrqlRange::any();
  std::vector<TraceStep> EntryWhy;
  SymIrql Cur = SymIrql::entry();
  std::map<std::string, SymIrql> Saved;
  std::vector<std::string> Provided;

  bool sameClass(const Path &O) const {
    return Atoms == O.Atoms && Entry == O.Entry;
  }
  bool sameAs(const Path &O) const {
    if (!sameClass(O) || !Cur.sameAs(O.Cur) || Provided != O.Provided ||
        Saved.size() != O.Saved.size())
      return false;
    for (auto A = Saved.begin(), B = O.Saved.begin(); A != Saved.end();
         ++A, ++B)
      if (A->first != B->first || !A->second.sameAs(B->second))
        return false;
    return true;
  }
  void join(const Path &O) {
    Cur.join(O.Cur);
    for (const auto &[K, V] : O.Saved) {
      auto It = Saved.find(K);
      if (It == Saved.end())
        Saved.emplace(K, V);
      else
        It->second.join(V);
    }
    std::vector<std::string> Both;
    std::set_intersection(Provided.begin(), Provided.end(), O.Provided.begin(),
                          O.Provided.end(), std::back_inserter(Both));
    Provided = std::move(Both);
    if (EntryWhy.empty())
      EntryWhy = O.EntryWhy;
  }
};

using Paths = std::vector<Path>;

bool samePaths(const Paths &A, const Paths &B) {
  if (A.size() != B.size())
    return false;
  for (size_t I = 0; I < A.size(); ++I)
    if (!A[I].sameAs(B[I]))
      return false;
  return true;
}

/// Adds P to Ps, joining it with the path of the same class.
/// Joins P into the one class of a collapsed block (see addPath).
void joinCollapsed(Paths &Ps, Path P) {
  std::fill(P.Atoms.begin(), P.Atoms.end(), -1);
  P.EntryWhy.clear();
  if (Ps.empty()) {
    Ps.push_back(std::move(P));
    return;
  }
  Ps[0].join(P);
  Ps[0].Entry = Ps[0].Entry.join(P.Entry);
}

/// Adds P to its class; returns true when that made too many classes and
/// they were collapsed into one that knows nothing of the conditions.
bool addPath(Paths &Ps, Path P) {
  for (Path &Q : Ps)
    if (Q.sameClass(P)) {
      Q.join(P);
      return false;
    }
  Ps.push_back(std::move(P));
  if (Ps.size() <= MaxPaths)
    return false;
  Paths Old = std::move(Ps);
  Ps.clear();
  for (Path &X : Old)
    joinCollapsed(Ps, std::move(X));
  return true;
}

std::optional<IrqlRange> intersect(IrqlRange A, IrqlRange B) {
  IrqlRange R{std::max(A.Lo, B.Lo), std::min(A.Hi, B.Hi)};
  if (R.Lo > R.Hi)
    return std::nullopt;
  return R;
}

/// The IRQLs outside R, as one interval (the hull when R is in the middle).
IrqlRange outside(IrqlRange R) {
  if (R.Lo == Irql::Passive && R.Hi != Irql::High)
    return {static_cast<Irql>(static_cast<int>(R.Hi) + 1), Irql::High};
  if (R.Hi == Irql::High && R.Lo != Irql::Passive)
    return {Irql::Passive, static_cast<Irql>(static_cast<int>(R.Lo) - 1)};
  return IrqlRange::any();
}

} // namespace

class ProgramRun {
public:
  ProgramRun(IrqlSolver &S, const FunctionSummary &F,
             const std::vector<int8_t> &Params, FunctionRun &Out)
      : S(S), F(F), P(F.Program), Params(Params), Out(Out) {}

  void run();

private:
  IrqlSolver &S;
  const FunctionSummary &F;
  const FunctionProgram &P;
  const std::vector<int8_t> &Params;
  FunctionRun &Out;
  bool Record = false;

  /// Splits Ps by a condition: the classes where it holds and where not.
  void split(const Path &In, const ProgCond &C, Paths &True,
             Paths &False) const;
  void transfer(const ProgStep &St, Paths &Ps);
  void applyOp(Path &Pa, const ProgIrqlOp &Op, const SourcePoint &Loc,
               const std::string &Name) const;
  void applyEffect(Path &Pa, const IrqlCallEffect &E,
                   const std::vector<ProgArg> &Args) const;
  SymIrql translate(const SymIrql &V, const SymIrql &Before,
                    const std::vector<ProgArg> &Args, Path &Pa) const;
  const IrqlCallEffect *calleeEffect(const FunctionSummary &G,
                                     const std::vector<int8_t> &Vals);
};

void ProgramRun::split(const Path &In, const ProgCond &C, Paths &True,
                       Paths &False) const {
  // The class where the IRQL here lies in R (false: no such path).
  auto Narrow = [&](Paths &Dest, IrqlRange R, std::string What) {
    Path Pa = In;
    if (Pa.Cur.isEntry()) {
      std::optional<IrqlRange> E = intersect(Pa.Entry, R);
      if (!E)
        return;
      if (*E != Pa.Entry)
        Pa.EntryWhy.push_back({C.Loc, std::move(What)});
      Pa.Entry = *E;
    } else if (Pa.Cur.isAbsolute()) {
      std::optional<IrqlRange> A = intersect(*Pa.Cur.Abs, R);
      if (!A)
        return;
      Pa.Cur.Abs = *A;
    }
    Dest.push_back(std::move(Pa));
  };
  switch (C.K) {
  case ProgCond::Unknown:
  case ProgCond::NotNull:
  case ProgCond::Success:
  case ProgCond::Failure:
  case ProgCond::NotFailure:
  case ProgCond::SameAs:
    True.push_back(In);
    False.push_back(In);
    return;
  case ProgCond::Const:
    (C.Value ? True : False).push_back(In);
    return;
  case ProgCond::Atom: {
    int8_t V = In.Atoms[C.Var];
    if (V >= 0) {
      ((V != 0) != C.Negated ? True : False).push_back(In);
      return;
    }
    Path T = In, Fa = In;
    T.Atoms[C.Var] = C.Negated ? 0 : 1;
    Fa.Atoms[C.Var] = C.Negated ? 1 : 0;
    True.push_back(std::move(T));
    False.push_back(std::move(Fa));
    return;
  }
  case ProgCond::DispatchFlag:
    // The flag tells the IRQL the handler was called at; only while nothing
    // raised is outstanding is that the IRQL here.
    if (!In.Cur.isEntry()) {
      True.push_back(In);
      False.push_back(In);
      return;
    }
    Narrow(C.Negated ? False : True, IrqlRange::exactly(Irql::Dispatch),
           "the dispatch-level flag is set here: the caller is at "
           "DISPATCH_LEVEL");
    Narrow(C.Negated ? True : False, IrqlRange::atMost(Irql::Apc),
           "the dispatch-level flag is clear here: the caller is below "
           "DISPATCH_LEVEL");
    return;
  case ProgCond::CurrentIrql:
    if (!In.Cur.isEntry() && !In.Cur.isAbsolute()) {
      True.push_back(In);
      False.push_back(In);
      return;
    }
    Narrow(C.Negated ? False : True, C.Range,
           "KeGetCurrentIrql() is " + C.Range.str() + " on this branch");
    Narrow(C.Negated ? True : False, outside(C.Range),
           "KeGetCurrentIrql() is not " + C.Range.str() + " on this branch");
    return;
  }
}

void ProgramRun::applyOp(Path &Pa, const ProgIrqlOp &Op, const SourcePoint &Loc,
                         const std::string &Name) const {
  auto Set = [&](Irql L, std::string Why) {
    Pa.Cur = SymIrql::absolute(IrqlRange::exactly(L), {{Loc, std::move(Why)}});
  };
  auto Save = [&](const std::string &Slot) {
    if (Slot.empty())
      return;
    if (Pa.Saved.size() >= MaxSaved && !Pa.Saved.count(Slot))
      Pa.Saved.erase(Pa.Saved.begin());
    Pa.Saved[Slot] = Pa.Cur;
  };
  switch (Op.K) {
  case ProgIrqlOp::None:
    return;
  case ProgIrqlOp::Raise:
    Save(Op.Save);
    if (Op.To)
      Set(*Op.To, Name + " raises IRQL to " + irqlName(*Op.To));
    else
      Pa.Cur = SymIrql::unknown();
    return;
  case ProgIrqlOp::Acquire:
    Save(Op.Save);
    // An acquire at DPC level assumes DISPATCH_LEVEL, it does not make it.
    if (Op.To)
      Set(*Op.To, "lock acquired by " + Name + ": IRQL is " + irqlName(*Op.To) +
                      " until it is released");
    return;
  case ProgIrqlOp::Lower:
  case ProgIrqlOp::Release:
    if (Op.RestoreTo) {
      Pa.Cur = SymIrql::absolute(IrqlRange::exactly(*Op.RestoreTo), {});
      Pa.Saved.erase(Op.Restore);
      return;
    }
    if (!Op.Restore.empty()) {
      auto It = Pa.Saved.find(Op.Restore);
      if (It != Pa.Saved.end()) {
        Pa.Cur = std::move(It->second);
        Pa.Saved.erase(It);
        return;
      }
      if (IrqlSolver::visibleToCaller(Op.Restore)) {
        Pa.Cur = SymIrql::fromSlot(Op.Restore);
        return;
      }
    }
    if (!Op.KeepIfUnsaved)
      Pa.Cur = SymIrql::unknown();
    return;
  }
}

SymIrql ProgramRun::translate(const SymIrql &V, const SymIrql &Before,
                              const std::vector<ProgArg> &Args,
                              Path &Pa) const {
  SymIrql R;
  bool Any = false;
  auto Add = [&](const SymIrql &X) {
    if (!Any)
      R = X;
    else
      R.join(X);
    Any = true;
  };
  if (V.Unknown)
    return SymIrql::unknown();
  if (V.Entry)
    Add(Before);
  if (V.Abs)
    Add(SymIrql::absolute(*V.Abs, V.Why));
  for (const std::string &Slot : V.Slots) {
    std::string Mine = IrqlSolver::callerSlot(Slot, Args);
    if (Mine.empty())
      return SymIrql::unknown();
    auto It = Pa.Saved.find(Mine);
    if (It != Pa.Saved.end()) {
      Add(It->second);
      Pa.Saved.erase(It);
    } else if (IrqlSolver::visibleToCaller(Mine)) {
      Add(SymIrql::fromSlot(Mine));
    } else {
      return SymIrql::unknown();
    }
  }
  return Any ? R : SymIrql::unknown();
}

void ProgramRun::applyEffect(Path &Pa, const IrqlCallEffect &E,
                             const std::vector<ProgArg> &Args) const {
  SymIrql Before = Pa.Cur;
  for (const auto &[Slot, V] : E.Writes) {
    std::string Mine = IrqlSolver::callerSlot(Slot, Args);
    if (Mine.empty())
      continue;
    // A write of "what you had there" leaves the caller's slot alone.
    if (V.Slots.size() == 1 && V.Slots[0] == Slot && !V.Entry && !V.Abs &&
        !V.Unknown)
      continue;
    SymIrql Value = translate(V, Before, Args, Pa);
    if (Pa.Saved.size() >= MaxSaved && !Pa.Saved.count(Mine))
      Pa.Saved.erase(Pa.Saved.begin());
    Pa.Saved[Mine] = std::move(Value);
  }
  Pa.Cur = translate(E.Cur, Before, Args, Pa);
  for (const std::string &St : E.Provided)
    if (!std::binary_search(Pa.Provided.begin(), Pa.Provided.end(), St))
      Pa.Provided.insert(
          std::upper_bound(Pa.Provided.begin(), Pa.Provided.end(), St), St);
}

const IrqlCallEffect *
ProgramRun::calleeEffect(const FunctionSummary &G,
                         const std::vector<int8_t> &Vals) {
  if (S.Depth >= MaxDepth)
    return nullptr;
  std::vector<int8_t> Ctx = IrqlSolver::contextFor(G, Vals);
  if (S.InProgress.count({G.Key, Ctx}))
    return nullptr; // recursion: taken to have no effect
  const FunctionRun &R = S.run(G, Ctx);
  return R.GaveUp ? nullptr : &R.Effect;
}

void ProgramRun::transfer(const ProgStep &St, Paths &Ps) {
  switch (St.K) {
  case ProgStep::Assign:
  case ProgStep::Use:
  case ProgStep::Return:
  case ProgStep::Kill:
  case ProgStep::Escape:
  case ProgStep::Platform:
    return;
  case ProgStep::SetAtom: {
    Paths Next;
    for (Path &Pa : Ps) {
      if (St.Cond->K == ProgCond::Unknown) {
        Pa.Atoms[St.Atom] = -1;
        addPath(Next, std::move(Pa));
        continue;
      }
      Paths T, Fa;
      split(Pa, *St.Cond, T, Fa);
      for (Path &X : T) {
        X.Atoms[St.Atom] = 1;
        addPath(Next, std::move(X));
      }
      for (Path &X : Fa) {
        X.Atoms[St.Atom] = 0;
        addPath(Next, std::move(X));
      }
    }
    Ps = std::move(Next);
    return;
  }
  case ProgStep::Ddi: {
    if (St.Index >= F.DdiCalls.size())
      return;
    const DdiCall &C = F.DdiCalls[St.Index];
    const DdiInfo *D = S.Db.ddi(C.Ddi);
    for (Path &Pa : Ps) {
      if (Record)
        Out.Ddi[St.Index].push_back(
            {Pa.Entry, Pa.EntryWhy, Pa.Cur, Pa.Provided, {}});
      applyOp(Pa, *St.Op, C.Loc, C.SpelledName);
      if (D)
        for (const std::string &State : D->Provides)
          if (!std::binary_search(Pa.Provided.begin(), Pa.Provided.end(),
                                  State))
            Pa.Provided.insert(
                std::upper_bound(Pa.Provided.begin(), Pa.Provided.end(), State),
                State);
    }
    return;
  }
  case ProgStep::Call: {
    if (St.Index >= F.Calls.size())
      return;
    const CallSite &C = F.Calls[St.Index];
    auto It = S.Functions.find(C.Callee);
    const FunctionSummary *G = It == S.Functions.end() ? nullptr : It->second;
    // The callee's parameter values; a flag or KeGetCurrentIrql() test
    // passed as an argument splits the path the way a branch on it would.
    Paths Split = std::move(Ps);
    Ps.clear();
    std::vector<std::pair<Path, std::vector<int8_t>>> Calls;
    for (Path &Pa : Split) {
      std::vector<std::pair<Path, std::vector<int8_t>>> Cur;
      Cur.emplace_back(std::move(Pa), std::vector<int8_t>(St.Args.size(), -1));
      for (size_t I = 0; G && I < St.Args.size(); ++I) {
        const ProgCond &Cond = *St.Args[I].Cond;
        if (!Cond.known())
          continue;
        std::vector<std::pair<Path, std::vector<int8_t>>> Next;
        for (auto &[Q, Vals] : Cur) {
          if (Cond.K == ProgCond::Const) {
            Vals[I] = Cond.Value;
            Next.emplace_back(std::move(Q), std::move(Vals));
            continue;
          }
          if (Cond.K == ProgCond::Atom) {
            int8_t V = Q.Atoms[Cond.Var];
            Vals[I] = V < 0 ? -1 : (V != 0) != Cond.Negated;
            Next.emplace_back(std::move(Q), std::move(Vals));
            continue;
          }
          Paths T, Fa;
          split(Q, Cond, T, Fa);
          for (Path &X : T) {
            std::vector<int8_t> V2 = Vals;
            V2[I] = 1;
            Next.emplace_back(std::move(X), std::move(V2));
          }
          for (Path &X : Fa) {
            std::vector<int8_t> V2 = Vals;
            V2[I] = 0;
            Next.emplace_back(std::move(X), std::move(V2));
          }
        }
        Cur = std::move(Next);
        if (Cur.size() > MaxPaths)
          break;
      }
      for (auto &X : Cur)
        Calls.push_back(std::move(X));
    }
    for (auto &[Pa, Vals] : Calls) {
      std::vector<int8_t> Ctx =
          G ? IrqlSolver::contextFor(*G, Vals) : std::vector<int8_t>{};
      if (Record)
        Out.Calls[St.Index].push_back(
            {Pa.Entry, Pa.EntryWhy, Pa.Cur, Pa.Provided, Ctx});
      const IrqlCallEffect *E =
          G && !G->Program.Blocks.empty() ? calleeEffect(*G, Ctx) : nullptr;
      if (E) {
        if (!E->Returns)
          continue; // the path ends in the callee
        applyEffect(Pa, *E, St.Args);
      } else if (!G || G->Program.Blocks.empty()) {
        // No body in the driver: what its SAL annotations say.
        applyOp(Pa, *St.Op, C.Loc, C.CalleeName);
      }
      addPath(Ps, std::move(Pa));
    }
    return;
  }
  }
}

void ProgramRun::run() {
  Out.Ddi.assign(F.DdiCalls.size(), {});
  Out.Calls.assign(F.Calls.size(), {});
  if (P.Blocks.empty()) {
    Out.GaveUp = true;
    return;
  }
  Path Start;
  Start.Atoms.assign(P.Atoms.size(), -1);
  for (size_t I = 0; I < P.Atoms.size(); ++I)
    if (P.Atoms[I].Param >= 0 &&
        static_cast<size_t>(P.Atoms[I].Param) < Params.size())
      Start.Atoms[I] = Params[P.Atoms[I].Param];

  std::vector<Paths> In(P.Blocks.size());
  std::vector<bool> Collapsed(P.Blocks.size(), false);
  In[0].push_back(Start);
  std::deque<unsigned> Work{0};
  std::vector<bool> Queued(P.Blocks.size(), false);
  Queued[0] = true;
  // Each block's state only grows: a budget guards against a lattice bug
  // and against pathological functions alike.
  size_t Budget = IrqlStepsPerBlock * (P.Blocks.size() + 16), Steps = 0;

  auto RunBlock = [&](unsigned B) {
    Paths Ps = In[B];
    for (const ProgStep &St : P.Blocks[B].Steps) {
      transfer(St, Ps);
      if (Ps.empty())
        break;
    }
    return Ps;
  };

  while (!Work.empty()) {
    if (++Steps > Budget) {
      Out.GaveUp = Out.OverBudget = true;
      Out.Ddi.assign(F.DdiCalls.size(), {});
      Out.Calls.assign(F.Calls.size(), {});
      return;
    }
    unsigned B = Work.front();
    Work.pop_front();
    Queued[B] = false;
    Paths OutPs = RunBlock(B);
    const ProgBlock &PB = P.Blocks[B];
    for (size_t K = 0; K < PB.Succs.size(); ++K) {
      unsigned SB = PB.Succs[K];
      Paths Edge;
      if (PB.Branch->known()) {
        for (const Path &Pa : OutPs) {
          Paths T, Fa;
          split(Pa, *PB.Branch, T, Fa);
          for (Path &X : K == 0 ? T : Fa)
            addPath(Edge, std::move(X));
        }
      } else {
        Edge = OutPs;
      }
      // A block collapsed once stays collapsed: its state then only grows,
      // so the worklist ends (a block that could split again would be
      // run over and over).
      Paths Joined = In[SB];
      for (Path &X : Edge)
        if (Collapsed[SB])
          joinCollapsed(Joined, std::move(X));
        else if (addPath(Joined, std::move(X)))
          Collapsed[SB] = true;
      if (samePaths(Joined, In[SB]))
        continue;
      In[SB] = std::move(Joined);
      if (!Queued[SB]) {
        Queued[SB] = true;
        Work.push_back(SB);
      }
    }
  }

  Record = true;
  for (unsigned B = 0; B < P.Blocks.size(); ++B)
    if (!In[B].empty() && B != P.Exit)
      RunBlock(B);

  // The effect on a caller.
  IrqlCallEffect &E = Out.Effect;
  const Paths &AtExit = In[P.Exit];
  E.Returns = !AtExit.empty();
  if (!E.Returns)
    return;
  std::set<std::string> Written;
  for (const Path &Pa : AtExit)
    for (const auto &KV : Pa.Saved)
      if (IrqlSolver::visibleToCaller(KV.first))
        Written.insert(KV.first);
  bool First = true;
  for (const Path &Pa : AtExit) {
    if (First) {
      E.Cur = Pa.Cur;
      E.Provided = Pa.Provided;
    } else {
      E.Cur.join(Pa.Cur);
      std::vector<std::string> Both;
      std::set_intersection(E.Provided.begin(), E.Provided.end(),
                            Pa.Provided.begin(), Pa.Provided.end(),
                            std::back_inserter(Both));
      E.Provided = std::move(Both);
    }
    for (const std::string &Slot : Written) {
      auto It = Pa.Saved.find(Slot);
      // Not written on this path: the caller's value stays.
      SymIrql V = It == Pa.Saved.end() ? SymIrql::fromSlot(Slot) : It->second;
      auto W = E.Writes.find(Slot);
      if (W == E.Writes.end())
        E.Writes.emplace(Slot, std::move(V));
      else
        W->second.join(V);
    }
    First = false;
  }
}

const FunctionRun &IrqlSolver::run(const FunctionSummary &F,
                                   const std::vector<int8_t> &Params) {
  std::vector<int8_t> Ctx = contextFor(F, Params);
  auto Key = std::make_pair(F.Key, Ctx);
  auto It = Runs.find(Key);
  if (It != Runs.end())
    return *It->second;
  auto R = std::make_unique<FunctionRun>();
  InProgress.insert(Key);
  ++Depth;
  ProgramRun(*this, F, Ctx, *R).run();
  --Depth;
  InProgress.erase(Key);
  return *Runs.emplace(Key, std::move(R)).first->second;
}

} // namespace ndischeck
