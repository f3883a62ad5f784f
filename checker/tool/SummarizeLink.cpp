//===- SummarizeLink.cpp - The per-file step and the link as commands -----===//

#include "SummarizeLink.h"

#include "summary/OutputFile.h"
#include "summary/SummaryJson.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <tuple>

#include <set>

using namespace llvm;

namespace ndischeck {

namespace {

/// A path as a Makefile (and Ninja's depfile parser) reads it.
std::string makeEscaped(StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (C == ' ' || C == '#' || C == '\\')
      Out += '\\';
    else if (C == '$')
      Out += '$';
    Out += C;
  }
  return Out;
}

std::string depsRule(StringRef Target, const std::string &Source,
                     const TuResult &R) {
  std::set<std::string> Deps = {Source};
  for (const TuSummary &S : R.Summaries)
    for (const std::string &D : S.Dependencies)
      // Clang's pseudo-files (<built-in>, <command line>) are not files.
      if (!StringRef(D).starts_with("<"))
        Deps.insert(D);
  std::string Rule = makeEscaped(Target) + ":";
  for (const std::string &D : Deps)
    Rule += " \\\n  " + makeEscaped(D);
  return Rule + "\n";
}

} // namespace

bool writeSummaryFile(const std::string &Source, const TuResult &R,
                      StringRef DbFingerprint, StringRef OutPath,
                      StringRef DepsPath, std::string &Error) {
  SummaryFile F;
  F.Source = Source;
  F.DbFingerprint = DbFingerprint.str();
  F.Failed = R.Failed;
  F.Errors = R.Errors;
  F.Summaries = R.Summaries;
  if (!writeOutputFile(OutPath, encodeSummaryFile(F), Error))
    return false;
  return DepsPath.empty() ||
         writeOutputFile(DepsPath, depsRule(OutPath, Source, R), Error);
}

namespace {

bool readSummaryFile(StringRef Path, StringRef DbFingerprint,
                     std::string &Source, TuResult &R, std::string &Error) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf) {
    Error = "cannot read: " + Buf.getError().message();
    return false;
  }
  if (!isSummaryFile((*Buf)->getBuffer())) {
    Error = "not a summary file (ndis-check --summarize writes them)";
    return false;
  }
  SummaryFile F;
  std::string Why;
  if (!decodeSummaryFile((*Buf)->getBuffer(), F, Why)) {
    Error =
        "corrupt summary file, or one of another ndis-check version: " + Why;
    return false;
  }
  if (F.DbFingerprint != DbFingerprint) {
    Error = "summarised with another contract database; run --summarize "
            "again with the --rules given to --link";
    return false;
  }
  Source = std::move(F.Source);
  R = TuResult();
  R.Failed = F.Failed;
  R.Errors = std::move(F.Errors);
  R.Summaries = std::move(F.Summaries);
  return true;
}

} // namespace

bool readSummaryFiles(StringRef DbFingerprint, std::vector<TuResult> &PerFile,
                      std::vector<std::string> &Paths,
                      std::vector<InputError> &Errors) {
  struct Input {
    std::string Source, Path;
    TuResult R;
  };
  std::vector<Input> Read;
  bool AllRead = true;
  for (const std::string &Path : Paths) {
    Input In{"", Path, {}};
    std::string Err;
    if (readSummaryFile(Path, DbFingerprint, In.Source, In.R, Err)) {
      Read.push_back(std::move(In));
      continue;
    }
    // As compilers report a bad input file.
    WithColor::error(errs(), Path) << Err << "\n";
    Errors.push_back({Path, Err});
    AllRead = false;
  }
  std::sort(Read.begin(), Read.end(), [](const Input &A, const Input &B) {
    return std::tie(A.Source, A.Path) < std::tie(B.Source, B.Path);
  });
  PerFile.clear();
  Paths.clear();
  for (Input &In : Read) {
    Paths.push_back(std::move(In.Source));
    PerFile.push_back(std::move(In.R));
  }
  return AllRead;
}

} // namespace ndischeck
