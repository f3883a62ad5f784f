//===- NdisTidyModule.h - The ndis-* clang-tidy checks ----------*- C++ -*-===//
//
// One clang-tidy check per rule of the contract database (ndis-irql,
// ndis-tag, ...), all thin views of one engine run per translation unit:
// the first check to reach the end of the translation unit summarises it
// (TuSummarizer), links it with any whole-driver summaries an earlier
// ndis-check run left in its summary cache (DriverLink), and every check
// then reports the findings of its own rule, with the trace as notes.
//
// Built as a plugin for `clang-tidy --load` (nothing from Clang or LLVM is
// linked in) and linked into ndis-clangd.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TIDY_NDISTIDYMODULE_H
#define NDISCHECK_TIDY_NDISTIDYMODULE_H

#include "clang-tidy/ClangTidyCheck.h"

#include <memory>
#include <string>

namespace ndischeck {
namespace tidy {

struct SharedTuRun;

/// Reports the findings of one rule of the database.
class NdisRuleCheck : public clang::tidy::ClangTidyCheck {
public:
  NdisRuleCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context,
                std::string RuleId);
  ~NdisRuleCheck() override;

  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

private:
  std::string RuleId;
  /// The directory of the compile_commands.json an earlier `ndis-check -p`
  /// run used; empty: this translation unit alone.
  std::string CompileCommandsDir;
  /// That run's summary cache (default: ndis-check's default cache).
  std::string SummaryCacheDir;
  /// A contract database to use instead of the built-in one (as
  /// `ndis-check --rules FILE`); its rules keep the checks' names.
  std::string RulesFile;
  std::shared_ptr<SharedTuRun> Run;
};

} // namespace tidy
} // namespace ndischeck

#endif
