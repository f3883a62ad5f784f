//===- HaltPairing.cpp - What initialisation keeps, halt must free --------===//
//
// See HaltPairing.h.
//
//===----------------------------------------------------------------------===//

#include "link/HaltPairing.h"

#include <algorithm>
#include <set>

namespace ndischeck {

namespace {

class HaltPairing {
public:
  HaltPairing(const ContractDb &Db,
              const std::map<std::string, const FunctionSummary *> &Functions,
              ResourceSolver &Resources, const DriverPhases &Phases,
              std::vector<Finding> &Out)
      : Db(Db), Functions(Functions), Resources(Resources), Phases(Phases),
        Out(Out) {}

  void run() {
    std::vector<const FunctionSummary *> Teardown =
        functionsIn({Phase::Halt, Phase::Unload});
    // Without a halt or unload handler, or when it calls code that is not
    // part of the analysed driver, what it frees is unknown. A function
    // declared in a `<...>` header that the driver does not define is the
    // platform's: it frees nothing of the driver's.
    if (Teardown.empty())
      return;
    for (const FunctionSummary *F : Teardown) {
      std::set<unsigned> PlatformCalls;
      for (const ProgBlock &B : F->Program.Blocks)
        for (const ProgStep &St : B.Steps)
          if (St.K == ProgStep::Call && St.MaybePlatform)
            PlatformCalls.insert(St.Index);
      for (unsigned I = 0; I < F->Calls.size(); ++I)
        if (!Functions.count(F->Calls[I].Callee) && !PlatformCalls.count(I))
          return;
    }
    for (const Phase P : {Phase::Halt, Phase::Unload})
      for (const std::string &Key : Phases.EntriesOf(P))
        if (auto It = Functions.find(Key); It != Functions.end())
          Names += (Names.empty() ? "'" : ", '") + It->second->Name + "'";
    checkKept();
    checkKeyed(Teardown);
  }

private:
  const ContractDb &Db;
  const std::map<std::string, const FunctionSummary *> &Functions;
  ResourceSolver &Resources;
  const DriverPhases &Phases;
  std::vector<Finding> &Out;
  std::string Names; ///< the teardown functions, for messages
  std::set<SourcePoint> Reported;

  bool runsIn(const std::string &Key, std::initializer_list<Phase> Ps) const {
    std::vector<Phase> Has = Phases.PhasesOf(Key);
    return std::any_of(Ps.begin(), Ps.end(), [&](Phase P) {
      return std::find(Has.begin(), Has.end(), P) != Has.end();
    });
  }

  std::vector<const FunctionSummary *>
  functionsIn(std::initializer_list<Phase> Ps) const {
    std::vector<const FunctionSummary *> Fs;
    for (const auto &[Key, F] : Functions)
      if (runsIn(Key, Ps))
        Fs.push_back(F);
    return Fs;
  }

  std::string freesOf(const std::string &Ddi) const {
    std::string Frees;
    if (const DdiInfo *D = Db.ddi(Ddi))
      for (const DdiInfo *Fr : allowedFrees(Db, *D))
        Frees += (Frees.empty() ? "" : " or ") + Fr->Name;
    return Frees;
  }

  void report(const SourcePoint &Loc, std::string Message,
              const std::string &FunctionKey, std::vector<TraceStep> Trace) {
    Finding F;
    F.RuleId = "ndis-halt-leak";
    F.Severity = Db.severityOf(F.RuleId);
    F.Loc = Loc;
    F.Message = std::move(Message);
    auto It = Functions.find(FunctionKey);
    F.Function = It == Functions.end() ? FunctionKey : It->second->Name;
    F.Trace = std::move(Trace);
    Out.push_back(std::move(F));
  }

  /// Resources identified by an argument rather than a result, which the
  /// solver cannot hold in a cell (map registers by the adapter handle):
  /// set up anywhere but halt, undone on the halt/unload path by a DDI of
  /// the same family.
  void checkKeyed(const std::vector<const FunctionSummary *> &Teardown) {
    std::set<std::string> Released;
    for (const FunctionSummary *F : Teardown)
      for (const DdiCall &C : F->DdiCalls)
        if (const DdiInfo *D = Db.ddi(C.Ddi); D && D->Frees)
          Released.insert(D->Frees->Family);
    for (const auto &[Key, F] : Functions) {
      std::vector<Phase> Ps = Phases.PhasesOf(Key);
      if (Ps.empty() || runsIn(Key, {Phase::Halt, Phase::Unload}))
        continue;
      for (const DdiCall &C : F->DdiCalls) {
        const DdiInfo *D = Db.ddi(C.Ddi);
        if (!D || !D->Allocates || !D->Allocates->keyed() ||
            Released.count(D->Allocates->Family) ||
            !Reported.insert(C.Loc).second)
          continue;
        std::vector<TraceStep> Trace = Phases.Trace(Key, Ps.front());
        Trace.push_back({C.Loc, C.SpelledName + " is called here"});
        report(C.Loc,
               C.SpelledName + " is never undone: the halt/unload path (" +
                   Names + ") never calls " + freesOf(C.Ddi),
               Key, std::move(Trace));
      }
    }
  }

  /// "ctx->RxRing" as a reader sees it.
  static std::string describe(const std::string &Path) {
    if (Path.rfind("ctx", 0) == 0) {
      if (Path.size() == 3)
        return "the driver context it hands NDIS";
      return "the driver context's '" +
             Path.substr(Path.compare(3, 2, "->") == 0 ? 5 : 3) + "'";
    }
    return "'" + Path.substr(Path[0] == '@' ? 1 : 0) + "'";
  }

  void checkKept() {
    std::set<std::string> Released;
    for (const Phase P : {Phase::Halt, Phase::Unload})
      for (const std::string &Key : Phases.EntriesOf(P)) {
        auto It = Functions.find(Key);
        if (It == Functions.end())
          continue;
        std::optional<std::set<std::string>> R =
            Resources.released(*It->second);
        if (!R)
          return;
        Released.insert(R->begin(), R->end());
      }
    for (const Phase P : {Phase::Initialize, Phase::DriverEntry})
      for (const std::string &Key : Phases.EntriesOf(P)) {
        auto It = Functions.find(Key);
        if (It == Functions.end())
          continue;
        for (const KeptResource &K : Resources.kept(*It->second)) {
          if (std::any_of(K.Paths.begin(), K.Paths.end(),
                          [&](const std::string &Path) {
                            return Released.count(Path);
                          }) ||
              !Reported.insert(K.Site).second)
            continue;
          std::vector<TraceStep> Trace = Phases.Trace(Key, P);
          Trace.insert(Trace.end(), K.Trace.begin(), K.Trace.end());
          Trace.push_back({K.Exit, "'" + It->second->Name +
                                       "' returns here, keeping it in " +
                                       describe(K.Paths.front())});
          std::string Frees = freesOf(K.Ddi);
          report(
              K.Site,
              "what " + K.Ddi + " allocates during " +
                  (P == Phase::Initialize ? "initialisation" : "DriverEntry") +
                  " is kept in " + describe(K.Paths.front()) +
                  ", but the halt/unload path (" + Names + ") never frees it" +
                  (Frees.empty() ? "" : " with " + Frees),
              Key, std::move(Trace));
        }
      }
  }
};

} // namespace

void checkHaltPairing(
    const ContractDb &Db,
    const std::map<std::string, const FunctionSummary *> &Functions,
    ResourceSolver &Resources, const DriverPhases &Phases,
    std::vector<Finding> &Out) {
  HaltPairing(Db, Functions, Resources, Phases, Out).run();
}

} // namespace ndischeck
