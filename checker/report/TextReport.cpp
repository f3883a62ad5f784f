//===- TextReport.cpp - clang-style text output ---------------------------===//
//
// Looks exactly like clang's own diagnostics (without the source snippet), so
// terminals, editors' problem matchers and CI log parsers treat NdisCheck's
// findings like compiler warnings.
//
//===----------------------------------------------------------------------===//

#include "report/Report.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <tuple>

using namespace llvm;

namespace ndischeck {

namespace {

bool traceLess(const std::vector<TraceStep> &A,
               const std::vector<TraceStep> &B) {
  return std::lexicographical_compare(
      A.begin(), A.end(), B.begin(), B.end(),
      [](const TraceStep &X, const TraceStep &Y) {
        return std::tie(X.Loc, X.Message) < std::tie(Y.Loc, Y.Message);
      });
}

bool traceEqual(const std::vector<TraceStep> &A,
                const std::vector<TraceStep> &B) {
  return std::equal(A.begin(), A.end(), B.begin(), B.end(),
                    [](const TraceStep &X, const TraceStep &Y) {
                      return X.Loc == Y.Loc && X.Message == Y.Message;
                    });
}

auto sortKey(const Finding &F) {
  return std::tie(F.Loc.File, F.Loc.Line, F.Loc.Col, F.RuleId, F.Message,
                  F.Function, F.Severity, F.Suppressed);
}

// The escape sequences clang 19 prints (llvm::sys::Process::OutputColor):
// bold location and primary message, bold-coloured severity.
constexpr const char *Bold = "\033[1m";
constexpr const char *Reset = "\033[0m";
constexpr const char *ErrorColor = "\033[0;1;31m";
constexpr const char *WarningColor = "\033[0;1;35m";
constexpr const char *NoteColor = "\033[0;1;36m";

const char *levelColor(StringRef Level) {
  if (Level == "error")
    return ErrorColor;
  if (Level == "note")
    return NoteColor;
  return WarningColor;
}

void printLocation(raw_ostream &OS, const SourcePoint &P) {
  OS << (P.File.empty() ? "<unknown>" : P.File);
  if (P.Line) {
    OS << ':' << P.Line;
    if (P.Col)
      OS << ':' << P.Col;
  }
  OS << ": ";
}

/// One diagnostic line, the way clang's TextDiagnostic prints it: notes'
/// messages are not bold, to set them apart from the primary diagnostic.
void printDiag(raw_ostream &OS, bool Color, const SourcePoint &P,
               StringRef Level, StringRef Message) {
  if (Color)
    OS << Bold;
  printLocation(OS, P);
  if (Color)
    OS << Reset << levelColor(Level);
  OS << Level << ": ";
  if (Color) {
    OS << Reset;
    if (Level != "note")
      OS << Bold;
  }
  OS << Message;
  if (Color)
    OS << Reset;
  OS << '\n';
}

std::string plural(size_t N, StringRef One, StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

} // namespace

StringRef severityLevel(StringRef Severity) {
  if (Severity == "error" || Severity == "note")
    return Severity;
  return "warning";
}

std::vector<const Finding *> sortedFindings(const std::vector<Finding> &F) {
  std::vector<const Finding *> Out;
  Out.reserve(F.size());
  for (const Finding &X : F)
    Out.push_back(&X);
  std::sort(Out.begin(), Out.end(), [](const Finding *A, const Finding *B) {
    if (sortKey(*A) != sortKey(*B))
      return sortKey(*A) < sortKey(*B);
    return traceLess(A->Trace, B->Trace);
  });
  Out.erase(std::unique(Out.begin(), Out.end(),
                        [](const Finding *A, const Finding *B) {
                          return sortKey(*A) == sortKey(*B) &&
                                 traceEqual(A->Trace, B->Trace);
                        }),
            Out.end());
  return Out;
}

std::string renderText(const RunResult &R, bool Color) {
  std::string S;
  raw_string_ostream OS(S);

  // Input errors first: they happened before any finding was computed.
  std::vector<const InputError *> Errors;
  for (const InputError &E : R.Errors)
    Errors.push_back(&E);
  std::sort(Errors.begin(), Errors.end(),
            [](const InputError *A, const InputError *B) {
              return std::tie(A->File, A->Message) <
                     std::tie(B->File, B->Message);
            });
  for (const InputError *E : Errors) {
    if (E->File.empty())
      printDiag(OS, Color, SourcePoint{"ndis-check", 0, 0}, "error",
                E->Message);
    else
      printDiag(OS, Color, SourcePoint{E->File, 0, 0}, "error", E->Message);
  }

  for (const RunNote &N : R.Notes)
    printDiag(OS, Color, N.Loc, "note", N.Message);

  size_t NumErrors = 0, NumWarnings = 0, NumShown = 0;
  for (const Finding *F : sortedFindings(R.Findings)) {
    if (F->Suppressed)
      continue;
    StringRef Level = severityLevel(F->Severity);
    ++NumShown;
    NumErrors += Level == "error";
    NumWarnings += Level == "warning";
    printDiag(OS, Color, F->Loc, Level, F->Message + " [" + F->RuleId + "]");
    for (const TraceStep &T : F->Trace)
      printDiag(OS, Color, T.Loc, "note", T.Message);
  }

  if (NumShown || !R.Errors.empty()) {
    OS << "ndis-check: " << plural(NumShown, "finding", "findings") << " ("
       << plural(NumErrors, "error", "errors") << ", "
       << plural(NumWarnings, "warning", "warnings") << ") in "
       << plural(R.FilesAnalysed, "file", "files");
    if (!R.Errors.empty())
      OS << "; " << plural(R.Errors.size(), "input error", "input errors");
    OS << '\n';
  }
  return S;
}

} // namespace ndischeck
