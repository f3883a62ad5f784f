//===- ResourceLink.cpp - Provenance and pairing over the driver
//-----------===//

#include "link/ResourceLink.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

namespace ndischeck {

namespace {

/// The family of the handles NdisAllocateBuffer draws descriptors from; the
/// database's NdisAllocateBufferPool allocates it.
constexpr const char *BufferPoolFamily = "ndis-buffer-pool";

/// Resolution gives up beyond these (the value is then unknown).
constexpr unsigned MaxDepth = 12;
constexpr size_t MaxOrigins = 32;

/// A concrete origin of a value and how it got to the use.
struct Resolved {
  PtrSource Origin;
  std::vector<TraceStep> Via; ///< in program order, origin last
};

bool isMemoryNotAllocated(const std::string &K) {
  return K == "stack" || K == "global" || K == "literal";
}

std::string paramOrdinal(int I) {
  static const char *const Names[] = {"first", "second", "third",  "fourth",
                                      "fifth", "sixth",  "seventh"};
  return I >= 0 && I < 7 ? Names[I] : "parameter " + std::to_string(I + 1);
}

class Checker {
public:
  Checker(const ContractDb &Db, const std::vector<const TuSummary *> &Tus,
          const DriverPhases &Phases, std::vector<Finding> &Out)
      : Db(Db), Tus(Tus), Phases(Phases), Out(Out) {}

  void run() {
    index();
    for (const TuSummary *T : Tus)
      for (const PointerUse &U : T->PointerUses) {
        if (U.Role == "free")
          checkFree(U);
        else
          checkAddress(U);
      }
  }

private:
  const ContractDb &Db;
  const std::vector<const TuSummary *> &Tus;
  const DriverPhases &Phases;
  std::vector<Finding> &Out;

  std::map<std::string, const FunctionSummary *> Functions;
  std::map<std::pair<std::string, std::string>, std::vector<const FieldStore *>>
      Stores;
  std::map<std::pair<std::string, unsigned>, std::vector<const ArgFact *>> Args;
  /// FieldWrites.h, over the whole driver.
  std::set<std::string> DriverRecords, WrittenFields, WrittenRecords;
  /// wholeDriver(), computed when a field is first asked about.
  mutable std::optional<bool> Whole;

  void index() {
    for (const TuSummary *T : Tus) {
      for (const FunctionSummary &F : T->Functions)
        Functions.emplace(F.Key, &F);
      for (const FieldStore &S : T->FieldStores)
        Stores[{S.Record, S.Field}].push_back(&S);
      for (const ArgFact &A : T->ArgFacts)
        Args[{A.Callee, A.Index}].push_back(&A);
      DriverRecords.insert(T->DriverRecords.begin(), T->DriverRecords.end());
      WrittenFields.insert(T->WrittenFields.begin(), T->WrittenFields.end());
      WrittenRecords.insert(T->WrittenRecords.begin(), T->WrittenRecords.end());
    }
  }

  /// Whether the summaries hold the whole driver: every function of the
  /// driver that is called or bound to a role has its body among them (a
  /// function declared in a `<...>` header and defined nowhere is the
  /// platform's). Only then can "nothing in the driver writes it" be said.
  bool wholeDriver() const {
    for (const TuSummary *T : Tus) {
      for (const FunctionSummary &F : T->Functions) {
        std::set<unsigned> Platform;
        for (const ProgBlock &B : F.Program.Blocks)
          for (const ProgStep &S : B.Steps)
            if (S.K == ProgStep::Call && S.MaybePlatform)
              Platform.insert(S.Index);
        for (unsigned I = 0; I < F.Calls.size(); ++I)
          if (!Platform.count(I) && !Functions.count(F.Calls[I].Callee))
            return false;
      }
      for (const RoleBinding &B : T->Bindings)
        if (!Functions.count(B.Function))
          return false;
    }
    return true;
  }

  /// A field of the driver's own record that no code of the driver writes
  /// (nor the record as a whole): it keeps what its memory was given.
  bool neverSet(const PtrSource &S) const {
    if (S.Record.empty() || !DriverRecords.count(S.Record) ||
        WrittenRecords.count(S.Record) ||
        WrittenFields.count(S.Record + "." + S.Field) ||
        Stores.count({S.Record, S.Field}))
      return false;
    if (!Whole)
      Whole = wholeDriver();
    return *Whole;
  }

  static Resolved unknownOrigin() {
    Resolved R;
    R.Origin.Kind = "unknown";
    return R;
  }

  using Visiting = std::set<
      std::tuple<std::string, std::string, std::string, int, std::string>>;

  /// The concrete origins of Source, read in function Fn.
  void resolve(const PtrSource &Source, const std::string &Fn, unsigned Depth,
               Visiting &Seen, std::vector<Resolved> &Result) const {
    if (Result.size() > MaxOrigins || Depth > MaxDepth) {
      Result.push_back(unknownOrigin());
      return;
    }
    if (Source.Kind != "field" && Source.Kind != "param") {
      Result.push_back({Source, {}});
      return;
    }
    // A cycle adds nothing the other paths do not.
    if (!Seen.insert({Source.Kind, Source.Record, Source.Field, Source.Param,
                      Source.Kind == "param" ? Fn : ""})
             .second)
      return;
    if (Source.Kind == "field") {
      auto It = Stores.find({Source.Record, Source.Field});
      if (It == Stores.end()) {
        if (!neverSet(Source)) {
          Result.push_back(unknownOrigin());
          return;
        }
        Resolved R;
        R.Origin = Source;
        R.Origin.Kind = "unset";
        R.Origin.What = Source.What + ", which nothing in the driver sets";
        Result.push_back(std::move(R));
        return;
      }
      for (const FieldStore *S : It->second) {
        size_t First = Result.size();
        resolve(S->Value, S->Function, Depth + 1, Seen, Result);
        for (size_t I = First; I < Result.size(); ++I)
          Result[I].Via.insert(Result[I].Via.begin(),
                               {S->Loc, "'" + S->Spelled + "' is set here"});
      }
      return;
    }
    auto F = Functions.find(Fn);
    auto It = Args.find({Fn, static_cast<unsigned>(Source.Param)});
    // An entry point is called by NDIS with anything.
    if (F == Functions.end() || !F->second->Roles.empty() || It == Args.end()) {
      Result.push_back(unknownOrigin());
      return;
    }
    for (const ArgFact *A : It->second) {
      std::string Step = "'" + A->Caller.substr(0, A->Caller.find('@')) +
                         "' passes it as the " + paramOrdinal(Source.Param) +
                         " argument of '" + F->second->Name + "' here";
      for (const PtrSource &S : A->Value) {
        size_t First = Result.size();
        resolve(S, A->Caller, Depth + 1, Seen, Result);
        for (size_t I = First; I < Result.size(); ++I)
          Result[I].Via.insert(Result[I].Via.begin(), {A->Loc, Step});
      }
    }
  }

  /// Every origin of a value, or empty when any of them is unknown. NULL
  /// origins, and fields nothing sets, are dropped unless KeepNull: they
  /// are not what most rules are about.
  std::vector<Resolved> origins(const std::vector<PtrSource> &Value,
                                const std::string &Fn,
                                bool KeepNull = false) const {
    std::vector<Resolved> R;
    for (const PtrSource &S : Value) {
      Visiting Seen;
      resolve(S, Fn, 0, Seen, R);
    }
    std::vector<Resolved> Known;
    for (Resolved &X : R) {
      if (X.Origin.Kind == "unknown")
        return {};
      if (KeepNull || (X.Origin.Kind != "null" && X.Origin.Kind != "unset"))
        Known.push_back(std::move(X));
    }
    return Known;
  }

  static std::vector<TraceStep> traceOf(const Resolved &R,
                                        const std::string &Use) {
    std::vector<TraceStep> T;
    T.push_back({R.Origin.Loc, R.Origin.What + " comes from here"});
    // Via lists the steps from the use back to the origin.
    for (auto It = R.Via.rbegin(); It != R.Via.rend(); ++It)
      T.push_back(*It);
    (void)Use;
    return T;
  }

  void report(const std::string &Rule, const SourcePoint &Loc,
              std::string Message, const std::string &FunctionKey,
              std::vector<TraceStep> Trace) {
    Finding F;
    F.RuleId = Rule;
    F.Severity = Db.severityOf(Rule);
    F.Loc = Loc;
    F.Message = std::move(Message);
    auto It = Functions.find(FunctionKey);
    F.Function = It == Functions.end() ? FunctionKey : It->second->Name;
    F.Trace = std::move(Trace);
    Out.push_back(std::move(F));
  }

  void checkAddress(const PointerUse &U) {
    const DdiInfo *D = Db.ddi(U.Ddi);
    if (!D)
      return;
    // NdisAllocateBuffer's arguments are ndis-buffer-pool's business: the
    // DDI that takes a pool handle.
    std::string Rule = D->paramWithRole("pool-handle") >= 0
                           ? "ndis-buffer-pool"
                           : "ndis-mdl-nonpaged";
    if (U.Role == "pool-handle") {
      checkPoolHandle(U);
      return;
    }
    for (const Resolved &R : origins(U.Value, U.Function)) {
      const std::string &K = R.Origin.Kind;
      if (!isMemoryNotAllocated(K) && K != "paged")
        continue;
      report(Rule, U.Loc,
             U.Ddi + "'s " + U.Param + " is " + R.Origin.What +
                 ", not memory from the nonpaged pool",
             U.Function, traceOf(R, U.Ddi));
      return;
    }
  }

  void checkPoolHandle(const PointerUse &U) {
    std::vector<PtrSource> NonNull;
    bool HasNull = false;
    for (const PtrSource &S : U.Value) {
      if (S.Kind == "null")
        HasNull = true;
      else
        NonNull.push_back(S);
    }
    // A field nothing sets is NULL in the zeroed context it lies in.
    std::optional<Resolved> Unset;
    for (Resolved &R : origins(NonNull, U.Function, /*KeepNull=*/true))
      if (R.Origin.Kind == "unset") {
        Unset = std::move(R);
        break;
      }
    if ((HasNull || Unset) && !Phases.DriverKinds.empty() &&
        !(Phases.DriverKinds.size() == 1 &&
          Phases.DriverKinds.count("protocol"))) {
      std::string Kinds;
      for (const std::string &K : Phases.DriverKinds)
        Kinds += (Kinds.empty() ? "" : ", ") + K;
      std::vector<TraceStep> Trace;
      if (Unset) {
        Trace.push_back({Unset->Origin.Loc,
                         "it is read here; no code of the driver writes it"});
        Trace.insert(Trace.end(), Unset->Via.rbegin(), Unset->Via.rend());
      }
      std::string Message =
          Unset ? U.Ddi + "'s " + U.Param + " is " + Unset->Origin.What +
                      ": NULL in a zeroed context, or whatever the memory "
                      "held, never a handle from NdisAllocateBufferPool, "
                      "which a " +
                      Kinds + " driver must pass"
                : U.Ddi + " with a NULL " + U.Param + " in a " + Kinds +
                      " driver; only highest-level protocol drivers may pass "
                      "NULL";
      report("ndis-buffer-pool", U.Loc, std::move(Message), U.Function,
             std::move(Trace));
      return;
    }
    for (const Resolved &R : origins(NonNull, U.Function)) {
      if (R.Origin.Family == BufferPoolFamily)
        continue;
      report("ndis-buffer-pool", U.Loc,
             U.Ddi + "'s " + U.Param + " is " + R.Origin.What +
                 ", not a handle from a preceding NdisAllocateBufferPool",
             U.Function, traceOf(R, U.Ddi));
      return;
    }
  }

  /// The allocation's value of a mustMatch parameter: its constant, 0 when
  /// the allocating DDI has no such parameter, nothing when not constant.
  std::optional<int64_t> allocationArg(const PtrSource &S,
                                       const std::string &Param) const {
    for (const auto &[N, V] : S.Args)
      if (N == Param)
        return V;
    const DdiInfo *D = Db.ddi(S.Ddi);
    if (D && D->paramIndex(Param) < 0)
      return 0;
    return std::nullopt;
  }

  /// Every value an argument can have (sorted): its constant, or the few
  /// values ValueSets found; nothing when unknown.
  template <typename T>
  static std::optional<std::vector<int64_t>>
  valuesIn(const T &Of, const std::string &Param) {
    for (const auto &[N, V] : Of.Args)
      if (N == Param)
        return std::vector<int64_t>{V};
    for (const auto &[N, Vs] : Of.ArgSets)
      if (N == Param)
        return Vs;
    return std::nullopt;
  }

  std::optional<std::vector<int64_t>>
  allocationValues(const PtrSource &S, const std::string &Param) const {
    if (std::optional<int64_t> V = allocationArg(S, Param))
      return std::vector<int64_t>{*V};
    return valuesIn(S, Param);
  }

  static std::string valuesText(const std::vector<int64_t> &Vs) {
    std::string Out;
    for (size_t I = 0; I < Vs.size(); ++I)
      Out += (I ? (I + 1 == Vs.size() ? " or " : ", ") : "") +
             std::to_string(Vs[I]);
    return Out;
  }

  static bool disjoint(const std::vector<int64_t> &A,
                       const std::vector<int64_t> &B) {
    for (int64_t V : A)
      if (std::binary_search(B.begin(), B.end(), V))
        return false;
    return true;
  }

  void checkFree(const PointerUse &U) {
    // A keyed resource's free takes the driver's own structure that names
    // it (a lookaside list, an interrupt block), not an allocation.
    if (Db.keyedFamily(U.Family))
      return;
    std::vector<Resolved> Rs = origins(U.Value, U.Function);
    if (Rs.empty())
      return;
    bool AllWrong = true, AllMismatch = true;
    std::string Mismatch;
    for (const Resolved &R : Rs) {
      const PtrSource &O = R.Origin;
      bool Wrong = isMemoryNotAllocated(O.Kind) ||
                   (!O.Family.empty() && O.Family != U.Family);
      AllWrong &= Wrong;
      if (Wrong || O.Family.empty()) {
        AllMismatch = false;
        continue;
      }
      std::string Why;
      const DdiInfo *FreeDdi = Db.ddi(U.Ddi);
      // In the database's order (Length before Cached).
      std::vector<std::string> Params;
      if (FreeDdi && FreeDdi->Frees)
        for (const std::string &Param : FreeDdi->Frees->MustMatch)
          if (valuesIn(U, Param))
            Params.push_back(Param);
      for (const std::string &Param : Params) {
        // NdisFreeMemory's Length is ignored when the allocation's
        // MemoryFlags is 0 (or the allocating DDI has none).
        if (FreeDdi && FreeDdi->Frees) {
          auto Cond = FreeDdi->Frees->MustMatchUnlessZero.find(Param);
          if (Cond != FreeDdi->Frees->MustMatchUnlessZero.end()) {
            std::optional<int64_t> CondValue = allocationArg(O, Cond->second);
            if (!CondValue || !FreeDdi->Frees->mustMatch(Param, CondValue))
              continue;
          }
        }
        // Known on both sides and never equal: no path matches them.
        std::optional<std::vector<int64_t>> F = valuesIn(U, Param);
        std::optional<std::vector<int64_t>> A = allocationValues(O, Param);
        if (F && A && disjoint(*F, *A))
          Why += (Why.empty() ? "" : "; ") + Param + " " + valuesText(*F) +
                 " but the allocation's is " + valuesText(*A);
      }
      if (Why.empty())
        AllMismatch = false;
      else if (Mismatch.empty())
        Mismatch = Why;
    }
    const Resolved &First = Rs.front();
    if (AllWrong) {
      std::string What = isMemoryNotAllocated(First.Origin.Kind)
                             ? First.Origin.What + ", which was never allocated"
                             : First.Origin.What;
      report(
          "ndis-wrong-free", U.Loc,
          U.Ddi + " frees " + What +
              (isMemoryNotAllocated(First.Origin.Kind)
                   ? ""
                   : "; " + U.Ddi + " frees only " + Db.familyNoun(U.Family)),
          U.Function, traceOf(First, U.Ddi));
      return;
    }
    if (AllMismatch && !Mismatch.empty())
      report("ndis-free-mismatch", U.Loc,
             U.Ddi + " is passed " + Mismatch + " (" + First.Origin.What + ")",
             U.Function, traceOf(First, U.Ddi));
  }
};

} // namespace

const DdiInfo *matchingFree(const ContractDb &Db, const DdiInfo &Alloc) {
  if (!Alloc.Allocates)
    return nullptr;
  const DdiInfo *Best = nullptr;
  int BestScore = -1;
  for (const DdiInfo &D : Db.Ddis) {
    if (!D.Frees || D.Frees->Family != Alloc.Allocates->Family)
      continue;
    int Score = 0;
    for (const ParamInfo &P : D.Params)
      Score += Alloc.paramIndex(P.Name) >= 0;
    if (Score > BestScore) {
      Best = &D;
      BestScore = Score;
    }
  }
  return Best;
}

std::vector<const DdiInfo *> allowedFrees(const ContractDb &Db,
                                          const DdiInfo &Alloc) {
  std::vector<const DdiInfo *> Out;
  if (!Alloc.Allocates)
    return Out;
  auto Lo = [](const DdiInfo &D) { return D.NdisMin ? D.NdisMin : 0; };
  auto Hi = [](const DdiInfo &D) { return D.NdisMax ? D.NdisMax : 99; };
  for (const DdiInfo &D : Db.Ddis)
    if (D.Frees && D.Frees->Family == Alloc.Allocates->Family &&
        Lo(D) <= Hi(Alloc) && Lo(Alloc) <= Hi(D))
      Out.push_back(&D);
  return Out;
}

void checkDriverResources(const ContractDb &Db,
                          const std::vector<const TuSummary *> &Tus,
                          const DriverPhases &Phases,
                          std::vector<Finding> &Out) {
  Checker(Db, Tus, Phases, Out).run();
}

} // namespace ndischeck
