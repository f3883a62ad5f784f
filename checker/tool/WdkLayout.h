//===- WdkLayout.h - Where a WDK's headers are ------------------*- C++ -*-===//
//
// A WDK or EWDK keeps its headers in `Windows Kits/10/Include/<version>/`
// (km, km/crt, shared, um) and the KMDF headers in
// `Include/wdf/kmdf/<major.minor>/`. Copied to Linux, the letter case of
// those folders is whatever the copy made of it; they are found in any case.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_WDKLAYOUT_H
#define NDISCHECK_TOOL_WDKLAYOUT_H

#include "llvm/ADT/StringRef.h"

#include <map>
#include <string>

namespace ndischeck {

struct WdkLayout {
  std::string IncludeDir; ///< Include/<version>: the folder with km/
  std::string KitRoot;    ///< the folder holding Include/, "" if unknown
  std::string Version;    ///< the folder name, e.g. "10.0.22000.0"
  std::string Km, KmCrt, Shared;
  /// KMDF header folders by minor version (1.15 -> 15).
  std::map<unsigned, std::string> Kmdf;
  /// WDK_NTDDI_VERSION from shared/sdkddkver.h (e.g. 0x0A00000B), or 0.
  unsigned long long Ntddi = 0;
};

/// Finds the layout from Dir, which may be the Include/<version> folder, the
/// Include folder or the kit's root (Windows Kits/10) - then the highest
/// version with a km folder is taken. An empty Dir means $WDK_ROOT. On
/// failure returns false and says what is missing in Error.
bool locateWdk(llvm::StringRef Dir, WdkLayout &Out, std::string &Error);

} // namespace ndischeck

#endif
