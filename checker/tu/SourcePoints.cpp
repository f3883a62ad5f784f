//===- SourcePoints.cpp - Clang locations to plain SourcePoints
//------------===//

#include "tu/SourcePoints.h"

#include "clang/Basic/FileManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace ndischeck {

/// Whether Name is absolute with nothing for remove_dots to do: no "." or
/// ".." component, no repeated or trailing separator (one pass; a component
/// starting with a dot takes the long way). Most names are (sources and
/// headers found through absolute -I paths), and a summary makes a point of
/// every call.
static bool isNormalAbsolute(llvm::StringRef Name) {
  namespace path = llvm::sys::path;
  if (!path::is_style_posix(path::Style::native) || !Name.starts_with("/") ||
      Name.ends_with("/"))
    return false;
  for (size_t I = 0; I + 1 < Name.size(); ++I)
    if (Name[I] == '/' && (Name[I + 1] == '/' || Name[I + 1] == '.'))
      return false;
  return true;
}

std::string absolutePath(const clang::SourceManager &SM, llvm::StringRef Name) {
  // Relative to the compile command's directory (the file manager's working
  // directory), not to the process's: parallel runs share one process.
  if (Name.starts_with("<") || // <command line>, <built-in>
      isNormalAbsolute(Name))
    return Name.str();
  llvm::SmallString<256> Path(Name);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

SourcePoint toSourcePoint(const clang::SourceManager &SM,
                          clang::SourceLocation Loc) {
  SourcePoint P;
  if (Loc.isInvalid())
    return P;
  clang::PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (PL.isInvalid())
    return P;
  P.File = absolutePath(SM, PL.getFilename());
  P.Line = PL.getLine();
  P.Col = PL.getColumn();
  return P;
}

DeclaredIn whereDeclared(const clang::SourceManager &SM,
                         clang::SourceLocation Loc) {
  Loc = SM.getExpansionLoc(Loc);
  if (SM.isInSystemHeader(Loc))
    return DeclaredIn::SystemHeader;
  clang::FileID F = SM.getFileID(Loc);
  for (unsigned Depth = 0; F.isValid() && F != SM.getMainFileID() && Depth < 64;
       ++Depth) {
    clang::SourceLocation Inc = SM.getIncludeLoc(F);
    if (Inc.isInvalid())
      break;
    bool Invalid = false;
    const char *C = SM.getCharacterData(Inc, &Invalid);
    if (!Invalid && C && *C == '<')
      return DeclaredIn::AngledHeader;
    F = SM.getFileID(Inc);
  }
  return DeclaredIn::Driver;
}

} // namespace ndischeck
