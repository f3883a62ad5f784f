//===- ParamArguments.cpp - Constants callers pass to DDI arguments -------===//

#include "link/ParamArguments.h"

#include <algorithm>
#include <map>

namespace ndischeck {

/// Whether the DDI parameter U stands for is its HighestAcceptableAddress
/// (else its MemoryFlags).
static bool isHighestAddress(const DdiInfo &D, const ParamArgUse &U) {
  int I = D.paramWithRole("highest-acceptable-address");
  return I >= 0 && D.Params[I].Name == U.DdiParam;
}

/// What is wrong with Value passed as U's DDI argument, if anything.
static std::optional<std::string> problem(const DdiInfo &D,
                                          const ParamArgUse &U, int64_t Value) {
  if (isHighestAddress(D, U)) {
    if (Value == -1)
      return std::nullopt;
    return highestAddressProblem(U.Spelled, Value);
  }
  if (!D.AllowedFlags || D.AllowedFlags->Param != U.DdiParam)
    return std::nullopt;
  return flagsProblem(*D.AllowedFlags, U.Spelled, Value);
}

void checkParamArguments(const ContractDb &Db,
                         const std::vector<const TuSummary *> &Tus,
                         std::vector<Finding> &Out) {
  std::map<std::string, std::vector<const ParamArgUse *>> Uses;
  for (const TuSummary *T : Tus)
    if (!T->ImplementsDdis) // the NDIS library's own code is no driver's
      for (const ParamArgUse &U : T->ParamArgUses)
        Uses[U.Function].push_back(&U);
  if (Uses.empty())
    return;
  // The calls that pass a constant for a used parameter, per use.
  struct BadCall {
    std::string Caller;
    SourcePoint Loc;
    int64_t Value;
  };
  std::map<const ParamArgUse *, std::vector<BadCall>> Bad;
  for (const TuSummary *T : Tus)
    for (const FunctionSummary &F : T->Functions)
      for (const ProgBlock &B : F.Program.Blocks)
        for (const ProgStep &S : B.Steps) {
          if (S.K != ProgStep::Call || S.Index >= F.Calls.size())
            continue;
          auto It = Uses.find(F.Calls[S.Index].Callee);
          if (It == Uses.end())
            continue;
          for (const ParamArgUse *U : It->second) {
            if (U->Param >= S.Args.size() ||
                S.Args[U->Param].V.K != ProgValue::Int)
              continue;
            const DdiInfo *D = Db.ddi(U->Ddi);
            if (!D || !problem(*D, *U, S.Args[U->Param].V.Number))
              continue;
            Bad[U].push_back({F.Name, S.Loc, S.Args[U->Param].V.Number});
          }
        }
  for (auto &[U, Calls] : Bad) {
    std::sort(Calls.begin(), Calls.end(),
              [](const BadCall &A, const BadCall &B) { return A.Loc < B.Loc; });
    const DdiInfo *D = Db.ddi(U->Ddi);
    Finding F;
    F.RuleId =
        isHighestAddress(*D, *U) ? "ndis-highest-address" : "ndis-memory-flags";
    F.Severity = Db.severityOf(F.RuleId);
    F.Loc = U->Loc;
    F.Message = *problem(*D, *U, Calls[0].Value) + ", passed as '" +
                U->ParamName + "' by '" + Calls[0].Caller + "'";
    F.Function = U->Function.substr(0, U->Function.find('@'));
    for (const BadCall &C : Calls)
      F.Trace.push_back({C.Loc, "'" + C.Caller + "' passes it here"});
    Out.push_back(std::move(F));
  }
}

} // namespace ndischeck
