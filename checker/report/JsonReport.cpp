//===- JsonReport.cpp - Plain JSON output for scripts ---------------------===//

#include "report/Report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <tuple>

namespace ndischeck {

// ordered_json keeps members in the documented order, which reads better
// than std::map's alphabetical one and is just as deterministic.
using ojson = nlohmann::ordered_json;

std::string renderJson(const RunResult &R, const ContractDb &Db) {
  ojson Findings = ojson::array();
  for (const Finding *F : sortedFindings(R.Findings)) {
    // A finding without its own severity gets its rule's default.
    std::string Severity = F->Severity;
    if (Severity.empty())
      for (const RuleInfo &Rule : Db.Rules)
        if (Rule.Id == F->RuleId)
          Severity = Rule.Severity;
    ojson Trace = ojson::array();
    for (const TraceStep &T : F->Trace)
      Trace.push_back({{"file", T.Loc.File},
                       {"line", T.Loc.Line},
                       {"column", T.Loc.Col},
                       {"message", T.Message}});
    Findings.push_back({{"ruleId", F->RuleId},
                        {"severity", severityLevel(Severity).str()},
                        {"file", F->Loc.File},
                        {"line", F->Loc.Line},
                        {"column", F->Loc.Col},
                        {"message", F->Message},
                        {"function", F->Function},
                        {"suppressed", F->Suppressed},
                        {"trace", std::move(Trace)}});
  }

  std::vector<const InputError *> Sorted;
  for (const InputError &E : R.Errors)
    Sorted.push_back(&E);
  std::sort(Sorted.begin(), Sorted.end(),
            [](const InputError *A, const InputError *B) {
              return std::tie(A->File, A->Message) <
                     std::tie(B->File, B->Message);
            });
  ojson Errors = ojson::array();
  for (const InputError *E : Sorted)
    Errors.push_back({{"file", E->File}, {"message", E->Message}});

  ojson Doc = {{"version", 1},
               {"files", R.FilesAnalysed},
               {"findings", std::move(Findings)},
               {"errors", std::move(Errors)}};
  // Only when there are some: reports of runs without stay as they were.
  if (!R.Notes.empty()) {
    ojson Notes = ojson::array();
    for (const RunNote &N : R.Notes)
      Notes.push_back({{"file", N.Loc.File},
                       {"line", N.Loc.Line},
                       {"column", N.Loc.Col},
                       {"message", N.Message}});
    Doc["notes"] = std::move(Notes);
  }
  // Source text in messages need not be UTF-8; replace rather than throw.
  return Doc.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

} // namespace ndischeck
