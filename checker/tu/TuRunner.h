//===- TuRunner.h - Parse one file and summarise it -------------*- C++ -*-===//
//
// Runs Clang on one compile command and returns its summary and what went
// wrong: parse errors (the summary still holds what Clang recovered) or a
// file that could not be processed at all.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TURUNNER_H
#define NDISCHECK_TURUNNER_H

#include "db/ContractDb.h"
#include "summary/Summary.h"
#include "summary/SummaryCache.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"

#include <string>
#include <vector>

namespace clang {
class CompilerInvocation;
class DiagnosticConsumer;
class FileManager;
} // namespace clang

namespace ndischeck {

struct PrefixPch;

struct TuResult {
  std::vector<TuSummary> Summaries; ///< one per compile command of the file
  /// Errors as "file:line:col: error: message", at most a few.
  std::vector<std::string> Errors;
  bool Failed = false; ///< Clang reported errors or could not run
  bool FromCache = false;
  /// Paths Clang looked for and did not find (header search): a cached
  /// summary is stale once one of them exists.
  std::vector<std::string> AbsentPaths;
  bool UsedPrefix = false; ///< parsed with a precompiled header prefix
};

/// The arguments every run adds: the resource directory of the Clang that
/// built NdisCheck, MSVC-compatible parsing unless the command names a
/// target, and no warnings (NdisCheck reports contracts, not style).
clang::tooling::ArgumentsAdjuster defaultArgumentsAdjuster();

/// The summary-cache key of File as the compilation database compiles it.
/// The CLI stores under it and the clang-tidy module looks summaries up by
/// it, so both must compute it here.
std::string summaryCacheKey(const SummaryCache &Cache,
                            const clang::tooling::CompilationDatabase &Cdb,
                            llvm::StringRef File,
                            llvm::StringRef DbFingerprint);

/// Registers LLVM's targets (target infos, MCs, asm parsers), as clang-tidy
/// and clangd do: MS-style `__asm` blocks, common in 32-bit driver headers,
/// are parsed by the target's asm parser. Idempotent and thread-safe; call
/// it before any parsing. summarizeFile calls it itself.
void registerLlvmTargets();

/// Parses File (each of its compile commands) and summarises it. With a
/// Prefix (PrefixPch.h), the prefix's headers come precompiled; should the
/// file then not parse cleanly, it is parsed again without.
TuResult summarizeFile(const ContractDb &Db,
                       const clang::tooling::CompilationDatabase &Cdb,
                       const std::string &File,
                       const PrefixPch *Prefix = nullptr);

/// The file manager a compile command's invocation reads through: Files, or
/// one with the command's -ivfsoverlay files laid over it (LibTooling hands
/// the compiler its own FileManager, so Clang never reads them itself; the
/// WDK's case-insensitive overlay of `ndis-check --wdk` is one). Own keeps
/// a new one alive.
clang::FileManager *
withCommandOverlays(clang::CompilerInvocation &Invocation,
                    clang::FileManager *Files, clang::DiagnosticConsumer *Diags,
                    llvm::IntrusiveRefCntPtr<clang::FileManager> &Own);

} // namespace ndischeck

#endif
