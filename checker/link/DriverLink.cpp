//===- DriverLink.cpp - Whole-driver facts and findings
//--------------------===//

#include "link/DriverLink.h"

#include "link/ResourceLink.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace ndischeck {

namespace {

/// Why a function has a bound or a phase: it is an entry point itself, or a
/// caller passes it on at a call site.
struct Witness {
  const FunctionSummary *Caller = nullptr; ///< null: entry point
  const CallSite *Site = nullptr;
  std::string EntryText; ///< for entry points: how it is entered
  SourcePoint EntryLoc;
};

struct Bound {
  std::optional<Irql> Level;
  Witness Why;
};

/// The IRQLs a function can be entered at over all the chains that reach it
/// from a documented entry: Lo the lowest, Hi the highest. A documented range
/// is what the callback must cope with, so a DDI whose limit it exceeds is
/// a violation on some call; a function no documented entry reaches has no
/// bounds and gets no IRQL finding.
struct FunctionFacts {
  const FunctionSummary *F = nullptr;
  Bound Lo, Hi;
  std::map<Phase, Witness> Phases;
};

std::string displayRole(const RoleInfo &R) {
  return R.Types.empty() ? R.Name : R.Types.front();
}

class Linker {
public:
  Linker(const ContractDb &Db, const std::vector<TuSummary> &Tus)
      : Db(Db), Tus(Tus) {}

  std::vector<Finding> run() {
    indexFunctions();
    seedEntryPoints();
    propagateIrql();
    propagatePhases();
    std::vector<Finding> Out;
    for (const TuSummary *T : Sorted)
      Out.insert(Out.end(), T->LocalFindings.begin(), T->LocalFindings.end());
    for (auto &KV : Facts)
      checkFunction(KV.second, Out);
    // Provenance and init/halt pairing (ResourceLink.h).
    checkDriverResources(Db, Sorted,
                         {[this](const std::string &Key) {
                            std::vector<Phase> Ps;
                            auto It = Facts.find(Key);
                            if (It != Facts.end())
                              for (const auto &P : It->second.Phases)
                                Ps.push_back(P.first);
                            return Ps;
                          },
                          [this](const std::string &Key, Phase P) {
                            auto It = Facts.find(Key);
                            return It == Facts.end()
                                       ? std::vector<TraceStep>{}
                                       : chainPhase(It->second, P);
                          },
                          DriverKinds},
                         Out);
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
  std::map<std::string, FunctionFacts> Facts; // by link key, ordered
  std::set<std::string> DriverKinds;
  std::map<std::string, std::vector<const StateProvider *>> Providers;

  void indexFunctions() {
    for (const TuSummary &T : Tus)
      Sorted.push_back(&T);
    std::sort(Sorted.begin(), Sorted.end(),
              [](const TuSummary *A, const TuSummary *B) {
                return A->MainFile < B->MainFile;
              });
    for (const TuSummary *T : Sorted) {
      for (const FunctionSummary &F : T->Functions)
        Facts.emplace(F.Key, FunctionFacts{&F, {}, {}, {}});
      for (const StateProvider &P : T->Providers)
        Providers[P.State].push_back(&P);
    }
  }

  void addEntry(FunctionFacts &FF, const RoleInfo &Role, std::string How,
                SourcePoint Loc) {
    if (!Role.DriverKind.empty() && Role.DriverKind != "any")
      DriverKinds.insert(Role.DriverKind);
    Witness W;
    W.EntryLoc = Loc;
    W.EntryText = "'" + FF.F->Name + "' is entered as " + displayRole(Role);
    if (Role.Irql)
      W.EntryText += " at " + Role.Irql->str();
    W.EntryText += " (" + How + ")";
    if (Role.Irql) {
      if (!FF.Lo.Level || Role.Irql->Lo < *FF.Lo.Level)
        FF.Lo = {Role.Irql->Lo, W};
      if (!FF.Hi.Level || Role.Irql->Hi > *FF.Hi.Level)
        FF.Hi = {Role.Irql->Hi, W};
    }
    FF.Phases.emplace(Role.PhaseOf, W);
  }

  void seedEntryPoints() {
    for (auto &KV : Facts) {
      FunctionFacts &FF = KV.second;
      for (const std::string &R : FF.F->Roles)
        if (const RoleInfo *Role = Db.role(R))
          addEntry(FF, *Role, "declared as " + displayRole(*Role), FF.F->Loc);
      const SalIrql &S = FF.F->Sal;
      Witness W;
      W.EntryLoc = FF.F->Loc;
      // The annotation is the function's own documentation of its range.
      auto Annotated = [&](const char *Macro, Irql L) {
        W.EntryText = "'" + FF.F->Name + "' is annotated " + Macro + "(" +
                      irqlName(L) + ")";
      };
      if (S.Requires) {
        Annotated("_IRQL_requires_", *S.Requires);
        FF.Lo = {S.Requires, W};
        FF.Hi = {S.Requires, W};
      } else if (S.RequiresMax) {
        Annotated("_IRQL_requires_max_", *S.RequiresMax);
        if (!FF.Hi.Level || *S.RequiresMax > *FF.Hi.Level)
          FF.Hi = {S.RequiresMax, W};
        if (!FF.Lo.Level)
          FF.Lo = {S.RequiresMin ? S.RequiresMin : Irql::Passive, W};
      } else if (S.RequiresMin) {
        Annotated("_IRQL_requires_min_", *S.RequiresMin);
        if (!FF.Lo.Level || *S.RequiresMin < *FF.Lo.Level)
          FF.Lo = {S.RequiresMin, W};
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

  void propagateIrql() {
    std::deque<FunctionFacts *> Work;
    std::set<FunctionFacts *> Queued;
    for (auto &KV : Facts) {
      Work.push_back(&KV.second);
      Queued.insert(&KV.second);
    }
    while (!Work.empty()) {
      FunctionFacts *FF = Work.front();
      Work.pop_front();
      Queued.erase(FF);
      for (const CallSite &C : FF->F->Calls) {
        auto It = Facts.find(C.Callee);
        if (It == Facts.end())
          continue;
        FunctionFacts &G = It->second;
        bool Changed = false;
        Witness W{FF->F, &C, "", {}};
        if (auto Lo = C.Irql.lowerBound(FF->Lo.Level))
          if (!G.Lo.Level || *Lo < *G.Lo.Level) {
            G.Lo = {Lo, W};
            Changed = true;
          }
        if (auto Hi = C.Irql.upperBound(FF->Hi.Level))
          if (!G.Hi.Level || *Hi > *G.Hi.Level) {
            G.Hi = {Hi, W};
            Changed = true;
          }
        if (Changed && Queued.insert(&G).second)
          Work.push_back(&G);
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
      for (const CallSite &C : FF->F->Calls) {
        auto It = Facts.find(C.Callee);
        if (It == Facts.end())
          continue;
        bool Changed = false;
        for (const auto &P : FF->Phases)
          Changed |=
              It->second.Phases.emplace(P.first, Witness{FF->F, &C, "", {}})
                  .second;
        if (Changed)
          Work.push_back(&It->second);
      }
    }
  }

  /// The chain entry point -> ... -> F that the witness selector proves.
  /// For IRQL chains (ForIrql) a call that does not inherit its caller's
  /// entry IRQL ends the chain at the raise that set it; phases always
  /// inherit.
  template <typename Select>
  void chain(const FunctionFacts &FF, Select Sel, bool ForIrql,
             std::vector<TraceStep> &Out,
             std::set<const FunctionSummary *> &Seen) const {
    if (!Seen.insert(FF.F).second)
      return;
    const Witness *W = Sel(FF);
    if (!W)
      return;
    if (!W->Caller) {
      Out.push_back({W->EntryLoc, W->EntryText});
      return;
    }
    auto It = Facts.find(W->Caller->Key);
    if (It != Facts.end() && (!ForIrql || W->Site->Irql.FromEntry))
      chain(It->second, Sel, ForIrql, Out, Seen);
    if (ForIrql && W->Site->Irql.Abs)
      Out.insert(Out.end(), W->Site->Irql.Why.begin(), W->Site->Irql.Why.end());
    Out.push_back({W->Site->Loc, "'" + W->Caller->Name + "' calls '" +
                                     FF.F->Name + "' here"});
  }

  std::vector<TraceStep> chainLo(const FunctionFacts &FF) const {
    std::vector<TraceStep> Out;
    std::set<const FunctionSummary *> Seen;
    chain(
        FF,
        [](const FunctionFacts &X) -> const Witness * {
          return X.Lo.Level ? &X.Lo.Why : nullptr;
        },
        /*ForIrql=*/true, Out, Seen);
    return Out;
  }
  std::vector<TraceStep> chainHi(const FunctionFacts &FF) const {
    std::vector<TraceStep> Out;
    std::set<const FunctionSummary *> Seen;
    chain(
        FF,
        [](const FunctionFacts &X) -> const Witness * {
          return X.Hi.Level ? &X.Hi.Why : nullptr;
        },
        /*ForIrql=*/true, Out, Seen);
    return Out;
  }
  std::vector<TraceStep> chainPhase(const FunctionFacts &FF, Phase P) const {
    std::vector<TraceStep> Out;
    std::set<const FunctionSummary *> Seen;
    chain(
        FF,
        [P](const FunctionFacts &X) -> const Witness * {
          auto It = X.Phases.find(P);
          return It == X.Phases.end() ? nullptr : &It->second;
        },
        /*ForIrql=*/false, Out, Seen);
    return Out;
  }

  Finding make(const std::string &Rule, const SourcePoint &Loc,
               std::string Message, const FunctionSummary &F) const {
    Finding Out;
    Out.RuleId = Rule;
    const RuleInfo *RI = Db.rule(Rule);
    Out.Severity = RI ? RI->Severity : "warning";
    Out.Loc = Loc;
    Out.Message = std::move(Message);
    Out.Function = F.Name;
    return Out;
  }

  /// Trace for a bound at a point: the chain when the point inherits the
  /// entry IRQL, then what raised it inside the function.
  std::vector<TraceStep> irqlTrace(const FunctionFacts &FF, const IrqlState &S,
                                   bool Lower) const {
    std::vector<TraceStep> T;
    if (S.FromEntry)
      T = Lower ? chainLo(FF) : chainHi(FF);
    if (S.Abs)
      T.insert(T.end(), S.Why.begin(), S.Why.end());
    return T;
  }

  void checkIrqlLimits(const FunctionFacts &FF, const std::string &What,
                       const SourcePoint &Loc, const IrqlState &S,
                       std::optional<Irql> Max, std::optional<Irql> Min,
                       const std::string &Rule, std::vector<Finding> &Out) {
    std::optional<Irql> Lo = S.lowerBound(FF.Lo.Level);
    std::optional<Irql> Hi = S.upperBound(FF.Hi.Level);
    // "runs at" when the level is certain, "may run at" when it is the top
    // (or bottom) of a documented range.
    if (Max && Hi && *Hi > *Max) {
      Finding F = make(Rule, Loc,
                       What + " must be called at IRQL <= " + irqlName(*Max) +
                           ", but " + (Lo == Hi ? "runs" : "may run") + " at " +
                           irqlName(*Hi),
                       *FF.F);
      F.Trace = irqlTrace(FF, S, /*Lower=*/false);
      Out.push_back(std::move(F));
    }
    if (Min && Lo && *Lo < *Min) {
      Finding F = make(Rule, Loc,
                       What + " must be called at IRQL >= " + irqlName(*Min) +
                           ", but " + (Lo == Hi ? "runs" : "may run") + " at " +
                           irqlName(*Lo),
                       *FF.F);
      F.Trace = irqlTrace(FF, S, /*Lower=*/true);
      Out.push_back(std::move(F));
    }
  }

  void checkFunction(const FunctionFacts &FF, std::vector<Finding> &Out) {
    const FunctionSummary &F = *FF.F;
    for (const DdiCall &C : F.DdiCalls) {
      const DdiInfo *D = Db.ddi(C.SpelledName);
      if (!D)
        continue;
      std::string What = C.SpelledName;
      if (!C.MaxReason.empty())
        What += " " + C.MaxReason;
      checkIrqlLimits(FF, What, C.Loc, C.Irql, C.MaxIrql, C.MinIrql,
                      D->Rule.empty() ? "ndis-irql" : D->Rule, Out);
      if (!C.InitOnlyFlags.empty())
        checkInitOnly(FF, *D, C, Out);
      checkRequiredStates(FF, *D, C, Out);
    }
    for (const CallSite &C : F.Calls) {
      auto It = Facts.find(C.Callee);
      if (It == Facts.end())
        continue;
      const SalIrql &S = It->second.F->Sal;
      std::optional<Irql> Max = S.Requires ? S.Requires : S.RequiresMax;
      std::optional<Irql> Min = S.Requires ? S.Requires : S.RequiresMin;
      if (Max || Min)
        checkIrqlLimits(FF, "'" + C.CalleeName + "' (by its SAL annotation)",
                        C.Loc, C.Irql, Max, Min, "ndis-irql", Out);
    }
  }

  void checkInitOnly(const FunctionFacts &FF, const DdiInfo &D,
                     const DdiCall &C, std::vector<Finding> &Out) {
    for (const auto &P : FF.Phases) {
      if (std::find(D.InitPhases.begin(), D.InitPhases.end(), P.first) !=
          D.InitPhases.end())
        continue;
      Finding F = make("ndis-contiguous-outside-init", C.Loc,
                       C.SpelledName + " with " + C.InitOnlyFlags +
                           " outside initialisation: reached in the " +
                           phaseName(P.first) + " phase",
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

  void checkRequiredStates(const FunctionFacts &FF, const DdiInfo &D,
                           const DdiCall &C, std::vector<Finding> &Out) {
    for (const std::string &State : D.Requires) {
      if (std::binary_search(C.StatesBefore.begin(), C.StatesBefore.end(),
                             State))
        continue;
      auto It = Providers.find(State);
      std::string Who;
      for (const DdiInfo &P : Db.Ddis)
        if (std::find(P.Provides.begin(), P.Provides.end(), State) !=
            P.Provides.end())
          Who += (Who.empty() ? "" : " or ") + P.Name;
      if (It == Providers.end()) {
        Out.push_back(make(D.RequiresRule, C.Loc,
                           C.SpelledName + " requires " + Who +
                               " first, but the driver never calls it",
                           *FF.F));
        continue;
      }
      // Provided in this very function, but not on every path before here.
      for (const StateProvider *P : It->second)
        if (P->Function == FF.F->Key) {
          Finding F = make(D.RequiresRule, C.Loc,
                           C.SpelledName + " is called before " + P->Ddi +
                               " on some path",
                           *FF.F);
          F.Trace.push_back({P->Loc, P->Ddi + " registers DMA only here"});
          Out.push_back(std::move(F));
          break;
        }
    }
  }
};

} // namespace

std::vector<Finding> linkDriver(const ContractDb &Db,
                                const std::vector<TuSummary> &Tus) {
  return Linker(Db, Tus).run();
}

} // namespace ndischeck
