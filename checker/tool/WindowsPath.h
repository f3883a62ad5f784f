//===- WindowsPath.h - Paths written on Windows, found on Linux -*- C++ -*-===//
//
// Project files spell paths with backslashes and in any letter case, since
// Windows' file system ignores it. These helpers find the file that such a
// path means on a case-sensitive file system, without touching the disk.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_WINDOWSPATH_H
#define NDISCHECK_TOOL_WINDOWSPATH_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace ndischeck {

/// Path with backslashes turned into slashes, made absolute against Base
/// when relative, without "." and "..", and each component that does not
/// exist as written replaced by the entry of its directory that matches it
/// case-insensitively (when there is exactly such an entry). A path that
/// cannot be found comes back normalised but otherwise as written.
std::string resolveWindowsPath(llvm::StringRef Path, llvm::StringRef Base);

/// Whether Path is absolute in Windows' sense: "C:\..." or "\\server\...".
bool isWindowsAbsolute(llvm::StringRef Path);

} // namespace ndischeck

#endif
