//===- ProjectInputs.h - Compile commands from a project and a WDK -*- C++
//-*-=//
//
// The CLI's glue for a Windows driver on Linux: the compile commands of a
// .vcxproj, the user's WDK added to any database (--wdk), and the commands
// written out (--export-compile-commands) for clang-tidy, clangd or a later
// `ndis-check -p`.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_PROJECTINPUTS_H
#define NDISCHECK_TOOL_PROJECTINPUTS_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Twine.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ndischeck {

struct ProjectInputOptions {
  /// The projects of the driver; none: the database comes from elsewhere.
  std::vector<std::string> Vcxproj;
  std::string Configuration, Platform, SolutionDir;
  /// --wdk: the folder (empty: $WDK_ROOT); nullopt: no --wdk.
  std::optional<std::string> Wdk;
  std::string OverlayRoot; ///< where the WDK overlay is generated
  std::string ExportFile;  ///< --export-compile-commands
};

using ReportFn = std::function<void(const llvm::Twine &)>;

/// Applies Options to Db (which may be null when Options.Vcxproj names the
/// project): imports the project, adds the WDK, exports the commands (of
/// the whole database, or of Files when the database lists none).
/// Errors go to Error and give null; notes go to Note.
std::unique_ptr<clang::tooling::CompilationDatabase>
prepareProjectInputs(std::unique_ptr<clang::tooling::CompilationDatabase> Db,
                     llvm::ArrayRef<std::string> Files,
                     const ProjectInputOptions &Options, ReportFn Error,
                     ReportFn Note);

} // namespace ndischeck

#endif
