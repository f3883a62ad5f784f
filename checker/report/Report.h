//===- Report.h - Rendering a run's findings --------------------*- C++ -*-===//
//
// The output formats of a run: clang-style text for terminals and editors'
// problem matchers, a plain JSON document for scripts, SARIF 2.1.0 for code
// review (GitHub code scanning and other SARIF viewers), and one HTML page
// for reviewers without a SARIF viewer.
// Every renderer is a pure function of its input: the same findings give
// byte-identical output whatever order the -j workers produced them in.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_REPORT_H
#define NDISCHECK_REPORT_H

#include "db/ContractDb.h"
#include "report/Finding.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ndischeck {

/// A file that could not be analysed: missing, failed to parse, ...
struct InputError {
  std::string File;
  std::string Message;
};

/// Something the run did not check, where: a function an analysis gave up
/// on. Neither a finding nor an error; SARIF's level "note".
struct RunNote {
  SourcePoint Loc;
  std::string Message;

  bool operator<(const RunNote &O) const {
    return std::tie(Loc, Message) < std::tie(O.Loc, O.Message);
  }
};

struct RunResult {
  std::vector<Finding> Findings;
  std::vector<InputError> Errors;
  std::vector<RunNote> Notes; ///< sorted
  unsigned FilesAnalysed = 0;
  /// With `--baseline`: the partialFingerprints of the baseline log's
  /// results. SARIF then gives every result a baselineState: "unchanged"
  /// when its fingerprint is here, "new" otherwise.
  std::optional<std::set<std::string>> Baseline;
};

/// The findings in report order: by file, line, column, rule, then by the
/// remaining fields so that the order never depends on the input order.
/// Exact duplicates (a header's finding reported from two TUs) are dropped.
std::vector<const Finding *> sortedFindings(const std::vector<Finding> &F);

/// "error", "warning" or "note"; anything else counts as a warning.
llvm::StringRef severityLevel(llvm::StringRef Severity);

/// clang-style diagnostics, one `file:line:col: warning: message [rule-id]`
/// per finding followed by a `note:` line per trace step, and a closing
/// `ndis-check: N findings (...) in F files` line when there was anything to
/// report. Suppressed findings are left out. With Color, ANSI colours as
/// clang uses them.
std::string renderText(const RunResult &R, bool Color);

/// A JSON document for scripts: {"version", "files", "findings", "errors"}.
std::string renderJson(const RunResult &R, const ContractDb &Db);

/// A SARIF 2.1.0 log. Paths under SrcRoot become URIs relative to the
/// %SRCROOT% base, others absolute file:// URIs. An empty SrcRoot means the
/// current directory.
std::string renderSarif(const RunResult &R, const ContractDb &Db,
                        llvm::StringRef SrcRoot);

/// One self-contained HTML page (no network, no external script or font):
/// the findings grouped by file and rule with counts, each with its trace
/// drawn step by step over the source lines around each step (read from
/// disk), filters by rule and severity, and the suppressed findings and
/// those unchanged since the baseline (R.Baseline) in sections of their own.
/// Paths under SrcRoot are shown relative to it.
std::string renderHtml(const RunResult &R, const ContractDb &Db,
                       llvm::StringRef SrcRoot);

/// The SARIF partialFingerprints value ("ndisCheck/v1") of each finding of
/// R, in the order of R.Findings, as renderSarif computes it for SrcRoot.
/// It names the rule, the file relative to SrcRoot, the function, the
/// message and the finding's rank among identical ones - not the line, so
/// that it survives edits above the finding.
std::vector<std::string> findingFingerprints(const RunResult &R,
                                             llvm::StringRef SrcRoot);

/// Reads the "ndisCheck/v1" partialFingerprints of every result of a SARIF
/// log (an earlier `--format sarif` report, for `--baseline`). On failure
/// returns false and sets Error.
bool readBaselineFingerprints(llvm::StringRef Path, std::set<std::string> &Out,
                              std::string &Error);

} // namespace ndischeck

#endif
