//===- VcxprojImport.h - Compile commands from a .vcxproj -------*- C++ -*-===//
//
// The compile command of each ClCompile item of a Visual Studio / WDK
// project, as the WDK's MSBuild targets would run cl.exe for the chosen
// configuration and platform: the project's PreprocessorDefinitions,
// AdditionalIncludeDirectories and ForcedIncludeFiles, and the defines the
// WDK adds for the driver kind (kernel mode, the architecture, the target
// Windows version, DBG, the KMDF version), spelled for clang.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_VCXPROJIMPORT_H
#define NDISCHECK_TOOL_VCXPROJIMPORT_H

#include "WdkLayout.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>
#include <vector>

namespace ndischeck {

struct VcxprojOptions {
  std::string Configuration = "Debug";
  std::string Platform = "x64";
  /// $(SolutionDir); empty: the folder of the nearest .sln above the
  /// project that names it, else the project's folder.
  std::string SolutionDir;
  /// More global properties (NAME=VALUE), as `msbuild -p:` takes them.
  std::vector<std::pair<std::string, std::string>> Properties;
  /// The WDK, when known: its version decides the defaults that the WDK's
  /// targets would (NTDDI_VERSION, the KMDF minor version, WindowsSdkDir).
  const WdkLayout *Wdk = nullptr;
};

struct ImportedProject {
  std::vector<clang::tooling::CompileCommand> Commands;
  /// WPP trace macros the project declares (<WppTraceFunction>).
  std::vector<std::string> WppTraceFunctions;
  /// What the reader should know (a configuration the project lacks, ...).
  std::vector<std::string> Notes;
};

/// Reads the project at Path. On failure returns false with Error as
/// "FILE:LINE:COL: error: ..." (or "FILE: error: ...").
bool importVcxproj(llvm::StringRef Path, const VcxprojOptions &Options,
                   ImportedProject &Out, std::string &Error);

} // namespace ndischeck

#endif
