//===- WdkOverlay.h - The WDK as Clang on Linux needs it --------*- C++ -*-===//
//
// What a Windows driver needs from its WDK to parse on Linux, without a
// change to the user's files or the WDK:
//
//  - the WDK's include folders for a kernel-mode build (km/crt, km, shared
//    and, for KMDF, wdf/kmdf/1.N), instead of the host's;
//  - case-insensitive #include lookup, as on Windows, through a generated
//    Clang VFS overlay ('case-sensitive': 'false'). The overlay lists every
//    file of the WDK's folders and of the project's own: a 'directory-remap'
//    entry would hand the rest of the path to the real, case-sensitive file
//    system, so only listed files are found in any case;
//  - the WDK's ndis.h with NDIS_API_VERSION_AVAILABLE fixed for Clang (MSVC
//    expands `major` before `0x ## major`, Clang pastes the macro's name),
//    through the same overlay;
//  - a stub for each WPP trace header (*.tmh) the sources include and no
//    folder has (tracewpp runs on Windows only): WPP_INIT_TRACING,
//    WPP_CLEANUP and the project's trace macros expand to nothing.
//
// The generated files live in a folder of their own (under the summary
// cache folder), rewritten only when their content changes.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_WDKOVERLAY_H
#define NDISCHECK_TOOL_WDKOVERLAY_H

#include "WdkLayout.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace ndischeck {

class WdkOverlay {
public:
  /// Generates the overlay for Wdk and the folders Commands compile from
  /// (each source's folder and include folders) into a folder under
  /// OutRoot. TraceFunctions are WPP trace macros known from the project;
  /// more come from `begin_wpp config` blocks in the project's headers.
  bool prepare(const WdkLayout &Wdk,
               llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
               llvm::ArrayRef<std::string> TraceFunctions,
               llvm::StringRef OutRoot, std::string &Error);

  /// Command with the WDK's include folders, the overlay and the stubs
  /// added, spelled for its driver mode (clang or clang-cl).
  std::vector<std::string> adjust(llvm::ArrayRef<std::string> Command) const;

  /// Things the user should know (stubbed trace headers).
  const std::vector<std::string> &notes() const { return Notes; }
  const std::string &overlayFile() const { return OverlayFile; }

private:
  WdkLayout Wdk;
  std::string OverlayFile;
  std::string StubDir; ///< empty when no stub was needed
  std::vector<std::string> Notes;
};

/// The WDK's ndis.h text with NDIS_API_VERSION_AVAILABLE given an expansion
/// indirection, or "" when Text has no such definition to fix.
std::string fixNdisApiVersionMacro(llvm::StringRef Text);

} // namespace ndischeck

#endif
