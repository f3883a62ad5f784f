//===- SummarizeLink.h - The per-file step and the link as commands -*- C++
//-*-===//
//
// `--summarize FILE -o FILE.ndis` stops a run after its per-file phase and
// writes what it found to a summary file; `--link A.ndis B.ndis ...` starts a
// run from such files instead of sources. A build system runs the first as
// one action per source (in parallel, incrementally, remotely) and the second
// as a check; together they report exactly what a whole run reports.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUMMARIZELINK_H
#define NDISCHECK_SUMMARIZELINK_H

#include "report/Report.h"
#include "tu/TuRunner.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace ndischeck {

/// Writes the summary file of Source, whose per-file phase gave R, to
/// OutPath (as -o writes a report: atomically, never replacing a device or
/// FIFO; OutputFile.h). With a DepsPath, also a Makefile rule "OutPath:
/// <every file the summaries depend on>" for the build system (a Ninja
/// depfile). On failure returns false and sets Error.
bool writeSummaryFile(const std::string &Source, const TuResult &R,
                      llvm::StringRef DbFingerprint, llvm::StringRef OutPath,
                      llvm::StringRef DepsPath, std::string &Error);

/// --link: replaces Paths (the summary files named, sorted) by the sources
/// they record, and fills PerFile with those sources' per-file results,
/// sorted by source as a run over the sources would have them. A file that
/// is not a summary file, or was made with another contract database than
/// DbFingerprint, is reported ("PATH: error: ...") and added to Errors;
/// returns false if there was one.
bool readSummaryFiles(llvm::StringRef DbFingerprint,
                      std::vector<TuResult> &PerFile,
                      std::vector<std::string> &Paths,
                      std::vector<InputError> &Errors);

} // namespace ndischeck

#endif
