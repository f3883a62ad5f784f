//===- PathMap.h - A Windows compile database read on Linux -----*- C++ -*-===//
//
// A compile_commands.json made on Windows (by MSBuild, CMake or clang-cl)
// names files as C:\src\drv\a.c. `--path-map 'C:\src=/work/src'` says where
// those folders are here: every path in "directory", "file", "output" and
// in the command's arguments that starts with a mapped prefix (in any letter
// case, with either slash) is rewritten, backslashes become slashes, and a
// "command" string is split as Windows splits command lines.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_PATHMAP_H
#define NDISCHECK_TOOL_PATHMAP_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ndischeck {

struct PathMapping {
  std::string From; ///< the Windows prefix, e.g. C:\src
  std::string To;   ///< the local folder, e.g. /work/src
};

/// Parses "FROM=TO" (the last '=' separates, since Windows paths have
/// none). On failure returns nullopt and sets Error.
std::optional<PathMapping> parsePathMapping(llvm::StringRef Spec,
                                            std::string &Error);

/// Path with the first mapping whose From prefixes it applied, or nullopt
/// when none does.
std::optional<std::string> mapPath(llvm::StringRef Path,
                                   llvm::ArrayRef<PathMapping> Maps);

/// The compile_commands.json text Json with Maps applied to every entry
/// made on Windows (its "directory" or "file" is C:\...) or with a mapped
/// path; such entries come out with "arguments" arrays, the others as they
/// were. An entry whose file or directory stays a Windows path is an error
/// that names it. On malformed input returns nullopt and sets Error (the
/// caller reports JSON syntax errors with line and column first).
std::optional<std::string> applyPathMap(llvm::StringRef Json,
                                        llvm::ArrayRef<PathMapping> Maps,
                                        std::string &Error);

} // namespace ndischeck

#endif
