//===- TuRunner.h - Parse one file and summarise it -------------*- C++ -*-===//
//
// Runs Clang on one compile command and returns its summary and what went
// wrong: parse errors (the summary still holds what Clang recovered) or a
// file that could not be processed at all.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TURUNNER_H
#define NDISCHECK_TURUNNER_H

#include "ContractDb.h"
#include "Summary.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"

#include <string>
#include <vector>

namespace ndischeck {

struct TuResult {
  std::vector<TuSummary> Summaries; ///< one per compile command of the file
  /// Errors as "file:line:col: error: message", at most a few.
  std::vector<std::string> Errors;
  bool Failed = false; ///< Clang reported errors or could not run
  bool FromCache = false;
};

/// The arguments every run adds: the resource directory of the Clang that
/// built NdisCheck, MSVC-compatible parsing unless the command names a
/// target, and no warnings (NdisCheck reports contracts, not style).
clang::tooling::ArgumentsAdjuster defaultArgumentsAdjuster();

TuResult summarizeFile(const ContractDb &Db,
                       const clang::tooling::CompilationDatabase &Cdb,
                       const std::string &File);

} // namespace ndischeck

#endif
