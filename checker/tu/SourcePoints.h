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

} // namespace ndischeck

#endif
