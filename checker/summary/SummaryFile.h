//===- SummaryFile.h - What --summarize writes for one file -----*- C++ -*-===//
//
// `ndis-check --summarize FILE -o FILE.ndis` runs the per-file phase of a run
// as a build action and `ndis-check --link A.ndis B.ndis ...` the rest, so a
// build system can schedule, cache and distribute the first. A summary file
// carries everything the link needs to report exactly what a whole run
// reports: the file's summaries (one per compile command), whether it
// parsed, and the contract database they were made with.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUMMARYFILE_H
#define NDISCHECK_SUMMARYFILE_H

#include "summary/Summary.h"

#include <string>
#include <vector>

namespace ndischeck {

struct SummaryFile {
  /// The source file as the run named it (reports name it so).
  std::string Source;
  /// SummaryCache::dbFingerprint of the contract database used.
  std::string DbFingerprint;
  bool Failed = false;             ///< Clang reported errors or could not run
  std::vector<std::string> Errors; ///< "file:line:col: error: message"
  std::vector<TuSummary> Summaries;
};

} // namespace ndischeck

#endif
