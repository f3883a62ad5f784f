//===- AtomicFile.cpp - Replace a file all at once ------------------------===//

#include "summary/AtomicFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace ndischeck {

bool writeFileAtomically(StringRef Path, StringRef Content,
                         std::string &Error) {
  // The temporary must live in the target's directory: rename is only atomic
  // within one file system.
  SmallString<256> Model(Path);
  Model += ".tmp-%%%%%%%%%%%%";
  int FD = -1;
  SmallString<256> TempPath;
  if (std::error_code EC = sys::fs::createUniqueFile(Model, FD, TempPath)) {
    StringRef Dir = sys::path::parent_path(Path);
    Error = "cannot create a temporary file in '" +
            (Dir.empty() ? std::string(".") : Dir.str()) + "' to write '" +
            Path.str() + "': " + EC.message();
    return false;
  }

  {
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    OS.close();
    if (OS.has_error()) {
      Error = "cannot write '" + TempPath.str().str() +
              "': " + OS.error().message();
      OS.clear_error();
      sys::fs::remove(TempPath);
      return false;
    }
  }

  if (std::error_code EC = sys::fs::rename(TempPath, Path)) {
    Error = "cannot rename '" + TempPath.str().str() + "' to '" + Path.str() +
            "': " + EC.message();
    sys::fs::remove(TempPath);
    return false;
  }
  return true;
}

} // namespace ndischeck
