//===- MsBuildProject.h - Evaluate an MSBuild project -----------*- C++ -*-===//
//
// MSBuild's static evaluation, as far as compile commands need it: pass 1
// properties and imports in document order (imports that exist, with
// Directory.Build.props/.targets as Microsoft.Common.props adds them;
// Visual Studio's and the WDK's own .props/.targets are not on a Linux
// machine and are skipped), pass 2 item definitions, pass 3 items (Include,
// Exclude, Remove, Update, wildcards), each under its Condition. Targets are
// not run.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_MSBUILDPROJECT_H
#define NDISCHECK_TOOL_MSBUILDPROJECT_H

#include "MsBuildExpr.h"
#include "XmlDocument.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <vector>

namespace ndischeck {

struct MsBuildItem {
  std::string Path; ///< absolute, resolved on this file system
  MetadataMap Metadata;
};

struct EvaluatedProject {
  std::string Path;
  PropertyTable Properties;
  /// The ClCompile items, in project order, each once.
  std::vector<MsBuildItem> ClCompile;
  /// Imports named by the project that do not exist here (Visual Studio's
  /// and the WDK's targets), for a verbose note.
  std::vector<std::string> MissingImports;
};

/// Evaluates the project at Path. Props must hold the global properties
/// (Configuration, Platform) and any defaults; the project's reserved
/// properties (MSBuildProjectDirectory, ProjectDir, ...) are added here. On a
/// malformed project returns false with Error as "FILE:LINE:COL: error: ...".
bool evaluateMsBuildProject(llvm::StringRef Path, EvaluatedProject &Out,
                            std::string &Error);

} // namespace ndischeck

#endif
