//===- WindowsPath.cpp - Paths written on Windows, found on Linux ---------===//

#include "WindowsPath.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace ndischeck {

bool isWindowsAbsolute(StringRef P) {
  return (P.size() >= 3 && isAlpha(P[0]) && P[1] == ':' &&
          (P[2] == '\\' || P[2] == '/')) ||
         P.starts_with("\\\\");
}

std::string resolveWindowsPath(StringRef Path, StringRef Base) {
  std::string Slashed = Path.str();
  std::replace(Slashed.begin(), Slashed.end(), '\\', '/');
  SmallString<256> Full;
  if (sys::path::is_absolute(Slashed, sys::path::Style::posix) ||
      isWindowsAbsolute(Slashed) || Base.empty()) {
    Full = Slashed;
  } else {
    Full = Base;
    sys::path::append(Full, sys::path::Style::posix, Slashed);
  }
  sys::path::remove_dots(Full, /*remove_dot_dot=*/true,
                         sys::path::Style::posix);
  if (sys::fs::exists(Full) || !sys::path::is_absolute(Full))
    return std::string(Full);

  // Walk down from the root, fixing the letter case of each component.
  SmallString<256> Found("/");
  auto It = sys::path::begin(Full, sys::path::Style::posix);
  auto End = sys::path::end(Full);
  for (++It; It != End; ++It) {
    SmallString<256> Exact(Found);
    sys::path::append(Exact, sys::path::Style::posix, *It);
    if (sys::fs::exists(Exact)) {
      Found = Exact;
      continue;
    }
    std::error_code EC;
    std::string Match;
    for (sys::fs::directory_iterator D(Found, EC), DE; !EC && D != DE;
         D.increment(EC)) {
      StringRef Name = sys::path::filename(D->path());
      if (Name.equals_insensitive(*It)) {
        Match = Name.str();
        break;
      }
    }
    if (Match.empty())
      return std::string(Full);
    sys::path::append(Found, sys::path::Style::posix, Match);
  }
  return std::string(Found);
}

} // namespace ndischeck
