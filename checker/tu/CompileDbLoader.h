//===- CompileDbLoader.h - Read compile_commands.json defensively -*- C++
//-*-===//
//
// LibTooling's JSONCompilationDatabase trusts its input: a document nested
// thousands deep overflows its (recursive) parser, a schema error has no
// position, a UTF-8 BOM is refused, an entry whose directory is missing
// aborts the run later ("Cannot chdir"), identical entries are all run.
// This reader checks the document first and hands LibTooling only the
// entries that are sound:
//
//  - nesting is bounded (MaxJsonNesting) before any recursive parser runs;
//  - a UTF-8 BOM is skipped, as clang-tidy's YAML reader does;
//  - each entry must have a string "directory" and "file" and a non-empty
//    "arguments" (strings) or "command"; a bad entry is reported at its
//    FILE:LINE:COL and left out, the others are used;
//  - an entry whose directory does not exist is reported and left out;
//  - identical entries (same directory, file, command and output) are kept
//    once, so the file is analysed once (and can be cached);
//  - @file response files are expanded and cl.exe / clang-cl entries get
//    their driver mode, as clang-tidy does.
//
// Shared by the CLI and the clang-tidy module, so that both see the same
// compile commands and so compute the same summary-cache keys.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_COMPILEDBLOADER_H
#define NDISCHECK_COMPILEDBLOADER_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ndischeck {

struct LoadedCompileDb {
  /// The usable entries; null when the document as a whole is unusable
  /// (unreadable, not JSON, too deep, not an array).
  std::unique_ptr<clang::tooling::CompilationDatabase> Db;
  /// "PATH:LINE:COL: error: ..." (or "PATH: error: ..."), in document order.
  std::vector<std::string> Errors;
  /// Source files whose every entry was left out, with why: the run reports
  /// them as not analysed.
  std::vector<std::pair<std::string, std::string>> LeftOut;
  /// Entries read, and how many of those were exact duplicates.
  size_t Entries = 0, Duplicates = 0;
};

/// Rewrites a database's text before it is read (--path-map); returns
/// nullopt and sets Error to refuse it.
using CompileDbRewrite = std::function<std::optional<std::string>(
    llvm::StringRef Text, std::string &Error)>;

/// Reads DirOrFile/compile_commands.json (or DirOrFile itself when it ends
/// in ".json"), through Rewrite when given.
LoadedCompileDb loadCompileDb(llvm::StringRef DirOrFile,
                              const CompileDbRewrite &Rewrite = nullptr);

/// The same over the text of a database read from Path (for tests and the
/// fuzzer).
LoadedCompileDb readCompileDb(llvm::StringRef Text, llvm::StringRef Path);

} // namespace ndischeck

#endif
