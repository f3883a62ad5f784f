//===- AtomicFile.h - Replace a file all at once ----------------*- C++ -*-===//
//
// Reports and cache entries are written to a temporary file beside the target
// and renamed over it, so a reader (another -j worker, a CI upload step) sees
// either the old content or the new one, never a torn file.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_ATOMICFILE_H
#define NDISCHECK_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace ndischeck {

/// Writes Content to Path through a temporary file in the same directory and
/// a rename. On failure the previous file (if any) is untouched, no temporary
/// file is left behind and Error says which path failed and why.
bool writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content,
                         std::string &Error);

} // namespace ndischeck

#endif
