//===- Suppressions.cpp - NOLINT comments in the driver's source ----------===//
//
// Follows clang-tidy's NoLintDirectiveHandler: a directive is the word
// NOLINT, NOLINTNEXTLINE, NOLINTBEGIN or NOLINTEND anywhere on the line,
// optionally followed by a parenthesised, comma-separated list of rule
// names or globs; no list means every rule.
//
//===----------------------------------------------------------------------===//

#include "report/Suppressions.h"

#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <string_view>

namespace ndischeck {

namespace {

enum class Directive { NoLint, NextLine, Begin, End };

struct Found {
  Directive Kind;
  bool HasList = false;
  std::vector<std::string> Rules; ///< trimmed; globs allowed
};

std::string trim(const std::string &S) {
  size_t B = S.find_first_not_of(" \t");
  if (B == std::string::npos)
    return "";
  size_t E = S.find_last_not_of(" \t");
  return S.substr(B, E - B + 1);
}

/// '*' matches any run of characters; everything else matches itself.
bool globMatch(const std::string &Glob, const std::string &S) {
  size_t G = 0, I = 0, Star = std::string::npos, Mark = 0;
  while (I < S.size()) {
    if (G < Glob.size() && Glob[G] == '*') {
      Star = G++;
      Mark = I;
    } else if (G < Glob.size() && Glob[G] == S[I]) {
      ++G;
      ++I;
    } else if (Star != std::string::npos) {
      G = Star + 1;
      I = ++Mark;
    } else {
      return false;
    }
  }
  while (G < Glob.size() && Glob[G] == '*')
    ++G;
  return G == Glob.size();
}

std::vector<Found> directives(const std::string &Line) {
  std::vector<Found> Out;
  size_t Pos = 0;
  while ((Pos = Line.find("NOLINT", Pos)) != std::string::npos) {
    size_t P = Pos + 6;
    Found F{Directive::NoLint};
    auto Word = [&](const char *W, Directive D) {
      size_t N = std::char_traits<char>::length(W);
      if (Line.compare(P, N, W) != 0)
        return false;
      P += N;
      F.Kind = D;
      return true;
    };
    Word("NEXTLINE", Directive::NextLine) || Word("BEGIN", Directive::Begin) ||
        Word("END", Directive::End);
    if (P < Line.size() && Line[P] == '(') {
      size_t Close = Line.find(')', P);
      if (Close == std::string::npos) {
        // An unterminated list suppresses nothing, as in clang-tidy.
        Pos = P;
        continue;
      }
      F.HasList = true;
      std::stringstream List(Line.substr(P + 1, Close - P - 1));
      for (std::string Item; std::getline(List, Item, ',');)
        if (!trim(Item).empty())
          F.Rules.push_back(trim(Item));
      P = Close + 1;
    }
    Out.push_back(std::move(F));
    Pos = P;
  }
  return Out;
}

bool covers(const Found &F, const std::string &RuleId) {
  if (!F.HasList)
    return true;
  for (const std::string &G : F.Rules)
    if (globMatch(G, RuleId))
      return true;
  return false;
}

/// The directives of one file, by line: only the few lines that hold one,
/// so that a file with many findings is not rescanned for each.
using FileDirectives = std::vector<std::pair<unsigned, std::vector<Found>>>;

FileDirectives scanDirectives(const std::vector<std::string> &Lines) {
  FileDirectives Out;
  for (unsigned L = 0; L < Lines.size(); ++L)
    if (Lines[L].find("NOLINT") != std::string::npos)
      if (std::vector<Found> D = directives(Lines[L]); !D.empty())
        Out.emplace_back(L + 1, std::move(D));
  return Out;
}

/// Line is 1-based and within the file.
bool suppressedBy(const FileDirectives &Dirs, unsigned Line,
                  const std::string &RuleId) {
  auto End = std::upper_bound(
      Dirs.begin(), Dirs.end(), Line,
      [](unsigned L, const auto &Entry) { return L < Entry.first; });
  for (auto It = Dirs.begin(); It != End; ++It) {
    unsigned At = It->first;
    if (At == Line)
      for (const Found &F : It->second)
        if (F.Kind == Directive::NoLint && covers(F, RuleId))
          return true;
    if (At + 1 == Line)
      for (const Found &F : It->second)
        if (F.Kind == Directive::NextLine && covers(F, RuleId))
          return true;
  }
  // Regions: an open NOLINTBEGIN covering the rule, not yet closed by a
  // NOLINTEND that covers it, above (or on) the finding's line.
  int Open = 0;
  for (auto It = Dirs.begin(); It != End; ++It)
    for (const Found &F : It->second) {
      if (F.Kind == Directive::Begin && covers(F, RuleId))
        ++Open;
      else if (F.Kind == Directive::End && covers(F, RuleId) && Open > 0)
        --Open;
    }
  return Open > 0;
}

} // namespace

bool isSuppressed(const std::vector<std::string> &Lines, unsigned Line,
                  const std::string &RuleId) {
  if (Line == 0 || Line > Lines.size())
    return false;
  return suppressedBy(scanDirectives(Lines), Line, RuleId);
}

namespace {

struct FileInfo {
  unsigned NumLines = 0; ///< as std::getline counts them
  FileDirectives Dirs;
};

/// Reads a file's directives without splitting it into lines: only the
/// lines that mention NOLINT are looked at. The file is mapped, not copied:
/// a generated source of megabytes is read here on every run.
FileInfo readFileDirectives(const std::string &Path) {
  FileInfo Info;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!Buf)
    return Info;
  std::string_view T((*Buf)->getBufferStart(), (*Buf)->getBufferSize());
  size_t NewLines = std::count(T.begin(), T.end(), '\n');
  Info.NumLines = NewLines + (!T.empty() && T.back() != '\n' ? 1 : 0);
  size_t LineStart = 0, Counted = 0; // Counted: '\n's before LineStart
  for (size_t At = T.find("NOLINT"); At != std::string_view::npos;) {
    size_t Start = T.rfind('\n', At);
    Start = Start == std::string_view::npos ? 0 : Start + 1;
    Counted += std::count(T.begin() + LineStart, T.begin() + Start, '\n');
    LineStart = Start;
    size_t End = std::min(T.find('\n', At), T.size());
    std::string Line(T.substr(Start, End - Start));
    if (!Line.empty() && Line.back() == '\r')
      Line.pop_back();
    if (std::vector<Found> D = directives(Line); !D.empty())
      Info.Dirs.emplace_back(Counted + 1, std::move(D));
    At = End < T.size() ? T.find("NOLINT", End) : std::string_view::npos;
  }
  return Info;
}

} // namespace

unsigned applySuppressions(std::vector<Finding> &Findings) {
  std::map<std::string, FileInfo> Files;
  unsigned N = 0;
  for (Finding &F : Findings) {
    if (F.Suppressed || !F.Loc.valid() || F.Loc.File.empty())
      continue;
    auto It = Files.find(F.Loc.File);
    if (It == Files.end())
      It = Files.emplace(F.Loc.File, readFileDirectives(F.Loc.File)).first;
    const FileInfo &Info = It->second;
    if (F.Loc.Line == 0 || F.Loc.Line > Info.NumLines)
      continue;
    if (suppressedBy(Info.Dirs, F.Loc.Line, F.RuleId)) {
      F.Suppressed = true;
      ++N;
    }
  }
  return N;
}

} // namespace ndischeck
