//===- CompileCommandList.h - Compile commands held in memory ---*- C++ -*-===//
//
// The compile commands of an imported project (or of any database after the
// WDK's flags were added) as a CompilationDatabase, and their export as a
// compile_commands.json that `ndis-check -p`, clang-tidy and clangd read.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_COMPILECOMMANDLIST_H
#define NDISCHECK_TOOL_COMPILECOMMANDLIST_H

#include "clang/Tooling/CompilationDatabase.h"

#include <functional>
#include <string>
#include <vector>

namespace ndischeck {

class CompileCommandList : public clang::tooling::CompilationDatabase {
public:
  explicit CompileCommandList(
      std::vector<clang::tooling::CompileCommand> Commands)
      : Commands(std::move(Commands)) {}

  /// Every command of Db, each changed by Adjust.
  static std::unique_ptr<CompileCommandList> from(
      const clang::tooling::CompilationDatabase &Db,
      const std::function<std::vector<std::string>(llvm::ArrayRef<std::string>)>
          &Adjust);

  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef FilePath) const override;
  std::vector<std::string> getAllFiles() const override;
  std::vector<clang::tooling::CompileCommand>
  getAllCompileCommands() const override {
    return Commands;
  }

  /// compile_commands.json text ("directory", "file", "arguments").
  std::string toJson() const;

private:
  std::vector<clang::tooling::CompileCommand> Commands;
};

} // namespace ndischeck

#endif
