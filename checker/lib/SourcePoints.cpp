//===- SourcePoints.cpp - Clang locations to plain SourcePoints ------------===//

#include "SourcePoints.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace ndischeck {

SourcePoint toSourcePoint(const clang::SourceManager &SM,
                          clang::SourceLocation Loc) {
  SourcePoint P;
  if (Loc.isInvalid())
    return P;
  clang::PresumedLoc PL = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (PL.isInvalid())
    return P;
  llvm::SmallString<256> Path(PL.getFilename());
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  P.File = std::string(Path);
  P.Line = PL.getLine();
  P.Col = PL.getColumn();
  return P;
}

} // namespace ndischeck
