//===- SourcePoints.h - Clang locations to plain SourcePoints ---*- C++ -*-===//
#ifndef NDISCHECK_SOURCEPOINTS_H
#define NDISCHECK_SOURCEPOINTS_H

#include "report/Finding.h"

#include "clang/Basic/SourceManager.h"

namespace ndischeck {

/// The point in the file the user wrote: macro arguments and bodies map to
/// the expansion site, so a finding inside NdisAcquireSpinLock(...) lands on
/// the driver's line. File names are made absolute and normalised.
SourcePoint toSourcePoint(const clang::SourceManager &SM,
                          clang::SourceLocation Loc);

/// Name made absolute against the compile command's directory.
std::string absolutePath(const clang::SourceManager &SM, llvm::StringRef Name);

/// Whose file a declaration is written in: a system header's (the
/// platform's), a header the TU reached through an `#include <...>` (the
/// WDK's ndis.h, often given with -I rather than -isystem, or the driver's
/// own header on its include path: only the whole driver can tell), or the
/// driver's own (the main file and its quoted headers).
enum class DeclaredIn { Driver, AngledHeader, SystemHeader };
DeclaredIn whereDeclared(const clang::SourceManager &SM,
                         clang::SourceLocation Loc);

} // namespace ndischeck

#endif
