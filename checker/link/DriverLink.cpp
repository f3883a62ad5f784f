//===- DriverLink.cpp - Whole-driver facts and findings -------------------===//

#include "link/DriverLink.h"

#include "link/HaltPairing.h"
#include "link/IrqlSolver.h"
#include "link/ParamArguments.h"
#include "link/ResourceLink.h"
#include "link/ResourceSolver.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace ndischeck {

namespace {

using ParamValues = std::vector<int8_t>;

/// Why a function has a bound, a phase or its entry states: it is an entry
/// point itself, or a caller passes it on at a call.
struct Witness {
  const FunctionSummary *Caller = nullptr; ///< null: entry point
  ParamValues CallerCtx;
  unsigned Call = 0; ///< index in Caller->Calls
  /// Whether the bound depends on the caller's own entry bound; if not,
  /// Steps (a raise, an acquisition) explain it alone.
  bool FromEntry = true;
  std::vector<TraceStep> Steps; ///< tests or raises in the caller
  std::string EntryText;        ///< for entry points: how it is entered
  SourcePoint EntryLoc;
};

struct Bound {
  std::optional<Irql> Level;
  Witness Why;
};

/// One context of a function: the values its callers give the booleans it
/// branches on. Its entry IRQL bounds are joined over every chain from a
/// documented entry point that reaches it with those values.
struct Context {
  Bound Lo, Hi;
  /// The driver states (DMA registered) established on every chain that
  /// reaches it; unknown for a function only its SAL annotation describes.
  bool StatesKnown = false;
  std::vector<std::string> States;
  Witness StatesWhy;
};

struct FunctionFacts {
  const FunctionSummary *F = nullptr;
  const TuSummary *Tu = nullptr;
  std::map<ParamValues, Context> Contexts;
  std::map<Phase, Witness> Phases;
};

/// A role as the documentation names it: its typedef, or for the NDIS 5
/// handlers that have none the function's documented name
/// (ndis5_miniport_handle_interrupt: "MiniportHandleInterrupt (NDIS 5)";
/// ndis_proc: "NDIS_PROC").
std::string displayRole(const RoleInfo &R) {
  if (!R.Types.empty())
    return R.Types.front();
  std::string Name = R.Name;
  bool Ndis5 = Name.rfind("ndis5_", 0) == 0;
  if (!Ndis5) {
    for (char &Ch : Name)
      Ch = static_cast<char>(toupper(static_cast<unsigned char>(Ch)));
    return Name;
  }
  std::string Out;
  bool Upper = true;
  for (char Ch : Name.substr(6)) {
    if (Ch == '_') {
      Upper = true;
      continue;
    }
    Out +=
        Upper ? static_cast<char>(toupper(static_cast<unsigned char>(Ch))) : Ch;
    Upper = false;
  }
  return Out + " (NDIS 5)";
}

/// When a phase runs, for messages.
const char *phaseWhen(Phase P) {
  switch (P) {
  case Phase::DriverEntry:
    return "in DriverEntry";
  case Phase::Initialize:
    return "during initialisation";
  case Phase::Runtime:
    return "after initialisation, while the driver runs";
  case Phase::Halt:
    return "during halt";
  case Phase::Unload:
    return "during unload";
  }
  return "";
}

std::optional<IrqlRange> intersect(IrqlRange A, IrqlRange B) {
  IrqlRange R{std::max(A.Lo, B.Lo), std::min(A.Hi, B.Hi)};
  if (R.Lo > R.Hi)
    return std::nullopt;
  return R;
}

void insertSorted(std::vector<std::string> &V, const std::string &S) {
  if (!std::binary_search(V.begin(), V.end(), S))
    V.insert(std::upper_bound(V.begin(), V.end(), S), S);
}

class Linker {
public:
  Linker(const ContractDb &Db, const std::vector<TuSummary> &Tus)
      : Db(Db), Tus(Tus), Solver(Db, Functions) {}

  std::vector<Finding> run(std::vector<GaveUp> *GaveUps) {
    indexFunctions();
    seedEntryPoints();
    // No entry point in sight says what kind of driver this is: a file
    // that defines a miniport macro does.
    if (DriverKinds.empty() && MiniportMacro)
      DriverKinds.insert("miniport");
    propagateContexts();
    propagatePhases();
    std::vector<Finding> Out;
    for (const TuSummary *T : Sorted)
      for (const Finding &F : T->LocalFindings)
        if (!(T->ImplementsDdis && isDriverRule(F.RuleId)))
          Out.push_back(F);
    for (auto &KV : Facts)
      if (!KV.second.Tu->ImplementsDdis)
        checkFunction(KV.second, Out);
    // Leaks, double frees and unchecked failures along the paths.
    ResourceSolver Resources(Db, Functions);
    for (auto &KV : Facts)
      Resources.check(*KV.second.F, Out);
    DriverPhases Phases{[this](const std::string &Key) {
                          std::vector<Phase> Ps;
                          auto It = Facts.find(Key);
                          if (It != Facts.end())
                            for (const auto &P : It->second.Phases)
                              Ps.push_back(P.first);
                          return Ps;
                        },
                        [this](const std::string &Key, Phase P) {
                          auto It = Facts.find(Key);
                          return It == Facts.end() ? std::vector<TraceStep>{}
                                                   : chainPhase(It->second, P);
                        },
                        [this](Phase P) {
                          std::vector<std::string> Keys;
                          for (const auto &[Key, FF] : Facts) {
                            auto It = FF.Phases.find(P);
                            if (It != FF.Phases.end() && !It->second.Caller)
                              Keys.push_back(Key);
                          }
                          return Keys;
                        },
                        DriverKinds};
    // Provenance (ResourceLink.h) and init/halt pairing (HaltPairing.h).
    checkDriverResources(Db, Sorted, Phases, Out);
    checkParamArguments(Db, Sorted, Out);
    checkHaltPairing(Db, Functions, Resources, Phases, Out);
    if (GaveUps) {
      for (const std::string &Key : Resources.gaveUp())
        GaveUps->push_back(
            {Functions[Key]->Name, Functions[Key]->Loc, "resource"});
      for (const std::string &Key : IrqlGaveUp)
        GaveUps->push_back({Functions[Key]->Name, Functions[Key]->Loc, "IRQL"});
      std::sort(GaveUps->begin(), GaveUps->end(),
                [](const GaveUp &A, const GaveUp &B) {
                  return std::tie(A.Loc, A.Analysis) <
                         std::tie(B.Loc, B.Analysis);
                });
    }
    std::sort(Out.begin(), Out.end());
    Out.erase(std::unique(Out.begin(), Out.end(),
                          [](const Finding &A, const Finding &B) {
                            return A.RuleId == B.RuleId && A.Loc == B.Loc &&
                                   A.Message == B.Message;
                          }),
              Out.end());
    return Out;
  }

private:
  const ContractDb &Db;
  const std::vector<TuSummary> &Tus;
  std::vector<const TuSummary *> Sorted;
  std::map<std::string, const FunctionSummary *> Functions;
  std::map<std::string, FunctionFacts> Facts; // by link key, ordered
  std::set<std::string> DriverKinds;
  bool MiniportMacro = false;
  /// Every state some DDI of the driver provides, and where.
  std::map<std::string, std::vector<const StateProvider *>> Providers;
  std::vector<std::string> AllStates;
  bool Ndis6 = false;
  /// An NDIS 5 miniport that declares itself deserialized; otherwise its
  /// handlers run as a serialized miniport's do (the narrower range, so a
  /// driver that does not say is not blamed for either).
  bool Deserialized = false;
  IrqlSolver Solver;
  /// Functions the IRQL analysis went over its budget in (by link key).
  std::set<std::string> IrqlGaveUp;

  /// Rules about a driver's roles, IRQL, NDIS version and the states it
  /// sets up: they do not apply to code that implements the NDIS library.
  bool isDriverRule(const std::string &Rule) const {
    if (Rule == "ndis-irql" || Rule == "ndis-ndis5-only" ||
        Rule == "ndis-contiguous-outside-init" ||
        Rule == "ndis-contiguous-non-miniport" || Rule == "ndis-halt-leak")
      return true;
    for (const DdiInfo &D : Db.Ddis)
      if (D.RequiresRule == Rule)
        return true;
    return false;
  }

  void indexFunctions() {
    for (const TuSummary &T : Tus)
      Sorted.push_back(&T);
    std::sort(Sorted.begin(), Sorted.end(),
              [](const TuSummary *A, const TuSummary *B) {
                return A->MainFile < B->MainFile;
              });
    for (const TuSummary *T : Sorted) {
      Ndis6 |= T->Ndis6;
      MiniportMacro |= T->Miniport && !T->ImplementsDdis;
      Deserialized |= T->Deserialized.value_or(false);
      for (const FunctionSummary &F : T->Functions)
        if (Facts.emplace(F.Key, FunctionFacts{&F, T, {}, {}}).second)
          Functions.emplace(F.Key, &F);
      for (const StateProvider &P : T->Providers) {
        Providers[P.State].push_back(&P);
        insertSorted(AllStates, P.State);
      }
    }
  }

  //===--------------------------------------------------------------------===//
  // Entry points and contexts
  //===--------------------------------------------------------------------===//

  Context &defaultContext(FunctionFacts &FF) {
    return FF.Contexts[IrqlSolver::contextFor(*FF.F, {})];
  }

  void addEntry(FunctionFacts &FF, const RoleInfo &Role, std::string How,
                SourcePoint Loc) {
    if (FF.Tu->ImplementsDdis)
      return;
    if (!Role.DriverKind.empty() && Role.DriverKind != "any")
      DriverKinds.insert(Role.DriverKind);
    Witness W;
    W.EntryLoc = Loc;
    W.EntryText = "'" + FF.F->Name + "' is entered as " + displayRole(Role);
    std::optional<IrqlRange> Range = Role.irqlFor(Deserialized);
    if (Range)
      W.EntryText += " at " + Range->str();
    if (Role.IrqlSerialized && !Deserialized && Db.Deserialized) {
      std::string Flags;
      for (const std::string &B : Db.Deserialized->When.BitNames)
        Flags += (Flags.empty() ? "" : " | ") + B;
      W.EntryText += " as a serialized miniport (no " + Db.Deserialized->Ddi +
                     " with " + Flags + ")";
    }
    W.EntryText += " (" + How + ")";
    Context &C = defaultContext(FF);
    if (Range) {
      if (!C.Lo.Level || Range->Lo < *C.Lo.Level)
        C.Lo = {Range->Lo, W};
      if (!C.Hi.Level || Range->Hi > *C.Hi.Level)
        C.Hi = {Range->Hi, W};
    }
    // Initialisation starts from nothing; every later phase finds what
    // the driver set up (DMA registered) in place.
    bool Early =
        Role.PhaseOf == Phase::DriverEntry || Role.PhaseOf == Phase::Initialize;
    std::vector<std::string> States =
        Early ? std::vector<std::string>{} : AllStates;
    mergeStates(C, States, W);
    FF.Phases.emplace(Role.PhaseOf, W);
  }

  /// Intersects C's entry states with States; true when C changed.
  static bool mergeStates(Context &C, const std::vector<std::string> &States,
                          const Witness &W) {
    if (!C.StatesKnown) {
      C.StatesKnown = true;
      C.States = States;
      C.StatesWhy = W;
      return true;
    }
    std::vector<std::string> Both;
    std::set_intersection(C.States.begin(), C.States.end(), States.begin(),
                          States.end(), std::back_inserter(Both));
    if (Both == C.States)
      return false;
    C.States = std::move(Both);
    C.StatesWhy = W;
    return true;
  }

  void seedEntryPoints() {
    for (auto &KV : Facts) {
      FunctionFacts &FF = KV.second;
      if (FF.Tu->ImplementsDdis)
        continue;
      for (const std::string &R : FF.F->Roles)
        if (const RoleInfo *Role = Db.role(R))
          addEntry(FF, *Role, "declared as " + displayRole(*Role), FF.F->Loc);
      const SalIrql &S = FF.F->Sal;
      if (!S.Requires && !S.RequiresMax && !S.RequiresMin)
        continue;
      Witness W;
      W.EntryLoc = FF.F->Loc;
      // The annotation is the function's own documentation of its range.
      auto Annotated = [&](const char *Macro, Irql L) {
        W.EntryText = "'" + FF.F->Name + "' is annotated " + Macro + "(" +
                      irqlName(L) + ")";
      };
      Context &C = defaultContext(FF);
      if (S.Requires) {
        Annotated("_IRQL_requires_", *S.Requires);
        C.Lo = {S.Requires, W};
        C.Hi = {S.Requires, W};
      } else if (S.RequiresMax) {
        Annotated("_IRQL_requires_max_", *S.RequiresMax);
        if (!C.Hi.Level || *S.RequiresMax > *C.Hi.Level)
          C.Hi = {S.RequiresMax, W};
        if (!C.Lo.Level)
          C.Lo = {S.RequiresMin ? S.RequiresMin : Irql::Passive, W};
      } else if (S.RequiresMin) {
        Annotated("_IRQL_requires_min_", *S.RequiresMin);
        if (!C.Lo.Level || *S.RequiresMin < *C.Lo.Level)
          C.Lo = {S.RequiresMin, W};
      }
    }
    for (const TuSummary *T : Sorted)
      for (const RoleBinding &B : T->Bindings) {
        auto It = Facts.find(B.Function);
        const RoleInfo *Role = Db.role(B.Role);
        if (It != Facts.end() && Role)
          addEntry(It->second, *Role, B.How + " here", B.Loc);
      }
  }

  /// The bounds of the entry IRQL on one path class of a context: the
  /// context's bounds narrowed by the tests the path passed. Null when the
  /// tests contradict the context (the path does not exist there).
  static bool effectiveEntry(const Context &C, const PointFact &P,
                             std::optional<Irql> &Lo, std::optional<Irql> &Hi) {
    Lo = C.Lo.Level;
    Hi = C.Hi.Level;
    if (P.Entry.Lo != Irql::Passive)
      Lo = Lo ? std::max(*Lo, P.Entry.Lo) : P.Entry.Lo;
    // A test's upper limit only narrows a known bound: on its own it says
    // what the IRQL is at most, not that it may be that high (PAGED_CODE()
    // in a routine no documented entry point reaches).
    if (P.Entry.Hi != Irql::High && Hi)
      Hi = std::min(*Hi, P.Entry.Hi);
    if (C.Lo.Level && *C.Lo.Level > P.Entry.Hi)
      return false;
    if (C.Hi.Level && *C.Hi.Level < P.Entry.Lo)
      return false;
    return true;
  }

  /// The witness for a bound B reached at point P of Caller's context.
  static Witness callWitness(const FunctionSummary &Caller,
                             const ParamValues &Ctx, unsigned Call,
                             const PointFact &P, Irql B, bool Lower) {
    Witness W;
    W.Caller = &Caller;
    W.CallerCtx = Ctx;
    W.Call = Call;
    bool ByAbs = P.Cur.Abs && (Lower ? P.Cur.Abs->Lo == B : P.Cur.Abs->Hi == B);
    W.FromEntry = !ByAbs;
    W.Steps = ByAbs ? P.Cur.Why : P.EntryWhy;
    return W;
  }

  void propagateContexts() {
    std::deque<std::pair<FunctionFacts *, ParamValues>> Work;
    std::set<std::pair<std::string, ParamValues>> Queued;
    for (auto &KV : Facts)
      for (auto &C : KV.second.Contexts) {
        Work.emplace_back(&KV.second, C.first);
        Queued.insert({KV.first, C.first});
      }
    while (!Work.empty()) {
      auto [FF, Key] = Work.front();
      Work.pop_front();
      Queued.erase({FF->F->Key, Key});
      const Context C = FF->Contexts[Key];
      const FunctionRun &R = Solver.run(*FF->F, Key);
      for (unsigned I = 0; I < R.Calls.size(); ++I) {
        auto It = Facts.find(FF->F->Calls[I].Callee);
        if (It == Facts.end() || It->second.Tu->ImplementsDdis)
          continue;
        FunctionFacts &G = It->second;
        for (const PointFact &P : R.Calls[I]) {
          std::optional<Irql> ELo, EHi;
          if (!effectiveEntry(C, P, ELo, EHi))
            continue;
          ParamValues GKey = IrqlSolver::contextFor(*G.F, P.CalleeParams);
          bool New = !G.Contexts.count(GKey);
          Context &GC = G.Contexts[GKey];
          bool Changed = New;
          if (auto Lo = P.Cur.lo(ELo))
            if (!GC.Lo.Level || *Lo < *GC.Lo.Level) {
              GC.Lo = {Lo, callWitness(*FF->F, Key, I, P, *Lo, true)};
              Changed = true;
            }
          if (auto Hi = P.Cur.hi(EHi))
            if (!GC.Hi.Level || *Hi > *GC.Hi.Level) {
              GC.Hi = {Hi, callWitness(*FF->F, Key, I, P, *Hi, false)};
              Changed = true;
            }
          if (C.StatesKnown) {
            std::vector<std::string> At = C.States;
            for (const std::string &S : P.Provided)
              insertSorted(At, S);
            Witness W;
            W.Caller = FF->F;
            W.CallerCtx = Key;
            W.Call = I;
            Changed |= mergeStates(GC, At, W);
          }
          if (Changed && Queued.insert({G.F->Key, GKey}).second)
            Work.emplace_back(&G, GKey);
        }
      }
    }
  }

  void propagatePhases() {
    std::deque<FunctionFacts *> Work;
    for (auto &KV : Facts)
      if (!KV.second.Phases.empty())
        Work.push_back(&KV.second);
    while (!Work.empty()) {
      FunctionFacts *FF = Work.front();
      Work.pop_front();
      for (unsigned I = 0; I < FF->F->Calls.size(); ++I) {
        auto It = Facts.find(FF->F->Calls[I].Callee);
        if (It == Facts.end())
          continue;
        bool Changed = false;
        for (const auto &P : FF->Phases) {
          Witness W;
          W.Caller = FF->F;
          W.Call = I;
          Changed |= It->second.Phases.emplace(P.first, W).second;
        }
        if (Changed)
          Work.push_back(&It->second);
      }
    }
  }

  //===--------------------------------------------------------------------===//
  // Traces
  //===--------------------------------------------------------------------===//

  void callStep(const Witness &W, const FunctionSummary &Callee,
                std::vector<TraceStep> &Out) const {
    const CallSite &C = W.Caller->Calls[W.Call];
    Out.push_back(
        {C.Loc, "'" + W.Caller->Name + "' calls '" + Callee.Name + "' here"});
  }

  /// entry point -> ... -> F for the lower (Lower) or upper bound of F's
  /// context. A call whose bound does not come from its caller's entry ends
  /// the chain at what set it (a raise).
  void chainIrql(const FunctionFacts &FF, const ParamValues &Key, bool Lower,
                 std::vector<TraceStep> &Out,
                 std::set<std::pair<std::string, ParamValues>> &Seen) const {
    if (!Seen.insert({FF.F->Key, Key}).second)
      return;
    auto CIt = FF.Contexts.find(Key);
    if (CIt == FF.Contexts.end())
      return;
    const Bound &B = Lower ? CIt->second.Lo : CIt->second.Hi;
    if (!B.Level)
      return;
    const Witness &W = B.Why;
    if (!W.Caller) {
      Out.push_back({W.EntryLoc, W.EntryText});
      return;
    }
    auto It = Facts.find(W.Caller->Key);
    if (It != Facts.end() && W.FromEntry)
      chainIrql(It->second, W.CallerCtx, Lower, Out, Seen);
    Out.insert(Out.end(), W.Steps.begin(), W.Steps.end());
    callStep(W, *FF.F, Out);
  }

  void chainStates(const FunctionFacts &FF, const ParamValues &Key,
                   std::vector<TraceStep> &Out,
                   std::set<std::pair<std::string, ParamValues>> &Seen) const {
    if (!Seen.insert({FF.F->Key, Key}).second)
      return;
    auto CIt = FF.Contexts.find(Key);
    if (CIt == FF.Contexts.end() || !CIt->second.StatesKnown)
      return;
    const Witness &W = CIt->second.StatesWhy;
    if (!W.Caller) {
      Out.push_back({W.EntryLoc, W.EntryText});
      return;
    }
    auto It = Facts.find(W.Caller->Key);
    if (It != Facts.end())
      chainStates(It->second, W.CallerCtx, Out, Seen);
    callStep(W, *FF.F, Out);
  }

  std::vector<TraceStep> chainPhase(const FunctionFacts &FF, Phase P) const {
    std::vector<TraceStep> Out;
    std::set<const FunctionSummary *> Seen;
    const FunctionFacts *Cur = &FF;
    std::vector<std::pair<const Witness *, const FunctionSummary *>> Calls;
    while (Cur && Seen.insert(Cur->F).second) {
      auto It = Cur->Phases.find(P);
      if (It == Cur->Phases.end())
        break;
      const Witness &W = It->second;
      if (!W.Caller) {
        Out.push_back({W.EntryLoc, W.EntryText});
        break;
      }
      Calls.emplace_back(&W, Cur->F);
      auto Next = Facts.find(W.Caller->Key);
      Cur = Next == Facts.end() ? nullptr : &Next->second;
    }
    for (auto It = Calls.rbegin(); It != Calls.rend(); ++It)
      callStep(*It->first, *It->second, Out);
    return Out;
  }

  //===--------------------------------------------------------------------===//
  // Checks
  //===--------------------------------------------------------------------===//

  Finding make(const std::string &Rule, const SourcePoint &Loc,
               std::string Message, const FunctionSummary &F) const {
    Finding Out;
    Out.RuleId = Rule;
    Out.Severity = Db.severityOf(Rule);
    Out.Loc = Loc;
    Out.Message = std::move(Message);
    Out.Function = F.Name;
    return Out;
  }

  static std::string limitText(std::optional<Irql> Max,
                               std::optional<Irql> Min) {
    if (Max && Min && *Max == *Min)
      return std::string("at ") + irqlName(*Max);
    if (Max && Min)
      return std::string("at IRQL ") + irqlName(*Min) + ".." + irqlName(*Max);
    if (Max)
      return std::string("at IRQL <= ") + irqlName(*Max);
    return std::string("at IRQL >= ") + irqlName(*Min);
  }

  /// The trace of a bound at P: the chain when it comes from the entry, the
  /// tests that narrowed the entry, or what raised it inside the function.
  std::vector<TraceStep> irqlTrace(const FunctionFacts &FF,
                                   const ParamValues &Key, const PointFact &P,
                                   Irql B, bool Lower) const {
    std::vector<TraceStep> T;
    bool ByAbs = P.Cur.Abs && (Lower ? P.Cur.Abs->Lo == B : P.Cur.Abs->Hi == B);
    if (ByAbs)
      return P.Cur.Why;
    std::set<std::pair<std::string, ParamValues>> Seen;
    chainIrql(FF, Key, Lower, T, Seen);
    T.insert(T.end(), P.EntryWhy.begin(), P.EntryWhy.end());
    return T;
  }

  /// Reports a call whose IRQL on path class P of context Key breaks the
  /// limits. Done holds (call, direction) pairs already reported.
  void checkLimits(const FunctionFacts &FF, const ParamValues &Key,
                   const Context *C, const PointFact &P,
                   const std::string &What, const SourcePoint &Loc,
                   std::optional<Irql> Max, std::optional<Irql> Min,
                   const std::string &Rule, std::set<std::string> &Done,
                   std::vector<Finding> &Out) const {
    std::optional<Irql> ELo, EHi;
    Context None;
    if (!effectiveEntry(C ? *C : None, P, ELo, EHi))
      return;
    std::optional<Irql> Lo = P.Cur.lo(ELo), Hi = P.Cur.hi(EHi);
    std::string Limit = limitText(Max, Min);
    if (Max && Hi && *Hi > *Max && Done.insert("max").second) {
      Finding F =
          make(Rule, Loc,
               What + " must be called " + Limit + ", but " +
                   (Lo == Hi ? "runs" : "may run") + " at " + irqlName(*Hi),
               *FF.F);
      F.Trace = irqlTrace(FF, Key, P, *Hi, /*Lower=*/false);
      Out.push_back(std::move(F));
    }
    if (Min && Lo && *Lo < *Min && Done.insert("min").second) {
      Finding F =
          make(Rule, Loc,
               What + " must be called " + Limit + ", but " +
                   (Lo == Hi ? "runs" : "may run") + " at " + irqlName(*Lo),
               *FF.F);
      F.Trace = irqlTrace(FF, Key, P, *Lo, /*Lower=*/true);
      Out.push_back(std::move(F));
    }
  }

  void checkFunction(const FunctionFacts &FF, std::vector<Finding> &Out) {
    const FunctionSummary &F = *FF.F;
    // Every context; a function no documented entry reaches is still
    // checked for what its own body proves (a lock it holds).
    std::vector<std::pair<ParamValues, const Context *>> Ctxs;
    for (const auto &[Key, C] : FF.Contexts)
      Ctxs.emplace_back(Key, &C);
    if (Ctxs.empty())
      Ctxs.emplace_back(IrqlSolver::contextFor(F, {}), nullptr);

    std::map<unsigned, std::set<std::string>> DdiDone, CallDone;
    std::set<unsigned> StateDone;
    for (const auto &[Key, C] : Ctxs) {
      const FunctionRun &R = Solver.run(F, Key);
      if (R.OverBudget)
        IrqlGaveUp.insert(F.Key);
      for (unsigned I = 0; I < F.DdiCalls.size() && I < R.Ddi.size(); ++I) {
        const DdiCall &Call = F.DdiCalls[I];
        const DdiInfo *D = Db.ddi(Call.SpelledName);
        if (!D)
          continue;
        std::string What = Call.SpelledName;
        if (!Call.MaxReason.empty())
          What += " " + Call.MaxReason;
        for (const PointFact &P : R.Ddi[I]) {
          checkLimits(FF, Key, C, P, What, Call.Loc, Call.MaxIrql, Call.MinIrql,
                      D->Rule.empty() ? "ndis-irql" : D->Rule, DdiDone[I], Out);
          if (!StateDone.count(I) &&
              checkRequiredStates(FF, Key, C, *D, Call, P, Out))
            StateDone.insert(I);
        }
        if (!Call.InitOnlyFlags.empty() && !R.Ddi[I].empty())
          checkInitOnly(FF, *D, Call, DdiDone[I], Out);
      }
      for (unsigned I = 0; I < F.Calls.size() && I < R.Calls.size(); ++I) {
        const CallSite &Call = F.Calls[I];
        auto It = Facts.find(Call.Callee);
        if (It == Facts.end())
          continue;
        const SalIrql &S = It->second.F->Sal;
        std::optional<Irql> Max = S.Requires ? S.Requires : S.RequiresMax;
        std::optional<Irql> Min = S.Requires ? S.Requires : S.RequiresMin;
        if (!Max && !Min)
          continue;
        for (const PointFact &P : R.Calls[I])
          checkLimits(FF, Key, C, P,
                      "'" + Call.CalleeName + "' (by its SAL annotation)",
                      Call.Loc, Max, Min, "ndis-irql", CallDone[I], Out);
      }
    }
  }

  void checkInitOnly(const FunctionFacts &FF, const DdiInfo &D,
                     const DdiCall &C, std::set<std::string> &Done,
                     std::vector<Finding> &Out) {
    if (!Done.insert("init-only").second)
      return;
    for (const auto &P : FF.Phases) {
      if (std::find(D.InitPhases.begin(), D.InitPhases.end(), P.first) !=
          D.InitPhases.end())
        continue;
      Finding F = make("ndis-contiguous-outside-init", C.Loc,
                       C.SpelledName + " with " + C.InitOnlyFlags +
                           " outside initialisation: it is reached " +
                           phaseWhen(P.first),
                       *FF.F);
      F.Trace = chainPhase(FF, P.first);
      Out.push_back(std::move(F));
      break; // one finding per call; the first bad phase explains it
    }
    if (D.InitOnlyFlagsMiniportOnly && !DriverKinds.empty() &&
        !DriverKinds.count("miniport")) {
      std::string Kinds;
      for (const std::string &K : DriverKinds)
        Kinds += (Kinds.empty() ? "" : ", ") + K;
      Out.push_back(make("ndis-contiguous-non-miniport", C.Loc,
                         C.SpelledName + " with " + C.InitOnlyFlags + " in a " +
                             Kinds +
                             " driver; only miniport drivers may request it",
                         *FF.F));
    }
  }

  /// The DDIs that provide State and exist in the driver's NDIS version.
  std::string providersOf(const std::string &State) const {
    std::string Who;
    for (const DdiInfo &P : Db.Ddis) {
      if (std::find(P.Provides.begin(), P.Provides.end(), State) ==
          P.Provides.end())
        continue;
      bool Exists = Ndis6 ? (P.NdisMax == 0 || P.NdisMax >= 6)
                          : (P.NdisMin == 0 || P.NdisMin <= 5);
      if (Exists)
        Who += (Who.empty() ? "" : " or ") + P.Name;
    }
    return Who;
  }

  /// A DDI that needs a driver state (DMA registered) called on a path that
  /// has not established it. True when reported.
  bool checkRequiredStates(const FunctionFacts &FF, const ParamValues &Key,
                           const Context *C, const DdiInfo &D,
                           const DdiCall &Call, const PointFact &P,
                           std::vector<Finding> &Out) {
    for (const std::string &State : D.Requires) {
      if (std::binary_search(P.Provided.begin(), P.Provided.end(), State))
        continue;
      if (C && C->StatesKnown &&
          std::binary_search(C->States.begin(), C->States.end(), State))
        continue;
      std::string Who = providersOf(State);
      if (!Providers.count(State)) {
        // A compile database may hold only part of a driver: say what was
        // seen, not what the driver does.
        if (!C || !C->StatesKnown)
          continue;
        Out.push_back(make(
            D.RequiresRule, Call.Loc,
            Call.SpelledName + " requires " + Who + " first, and none of the " +
                std::to_string(Tus.size()) +
                (Tus.size() == 1 ? " file" : " files") + " analysed calls it",
            *FF.F));
        return true;
      }
      if (C && C->StatesKnown) {
        Finding F = make(D.RequiresRule, Call.Loc,
                         Call.SpelledName + " is called before " + Who +
                             " on this path",
                         *FF.F);
        std::set<std::pair<std::string, ParamValues>> Seen;
        chainStates(FF, Key, F.Trace, Seen);
        for (const StateProvider *SP : Providers[State]) {
          F.Trace.push_back({SP->Loc, SP->Ddi + " is called here"});
          break;
        }
        Out.push_back(std::move(F));
        return true;
      }
      // No chain from an entry point: only this function's own order says
      // something.
      for (const StateProvider *SP : Providers[State])
        if (SP->Function == FF.F->Key) {
          Finding F = make(D.RequiresRule, Call.Loc,
                           Call.SpelledName + " is called before " + SP->Ddi +
                               " on some path",
                           *FF.F);
          F.Trace.push_back({SP->Loc, SP->Ddi + " is called only here"});
          Out.push_back(std::move(F));
          return true;
        }
    }
    return false;
  }
};

} // namespace

std::string linkSettings() {
  return "resource-steps-per-block=" + std::to_string(resourceStepsPerBlock()) +
         " irql-steps-per-block=" + std::to_string(irqlStepsPerBlock());
}

std::string GaveUp::message() const {
  std::string What = Analysis == "resource"
                         ? "its leaks, double frees and unchecked failures"
                         : "the IRQL limits of its calls";
  return "'" + Function + "' is too large for the " + Analysis +
         " analysis (over its budget of steps): " + What + " are not checked";
}

std::vector<Finding> linkDriver(const ContractDb &Db,
                                const std::vector<TuSummary> &Tus,
                                std::vector<GaveUp> *GaveUps) {
  return Linker(Db, Tus).run(GaveUps);
}

} // namespace ndischeck
