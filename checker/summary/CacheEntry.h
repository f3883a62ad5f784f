//===- CacheEntry.h - The bytes of one summary-cache entry ------*- C++ -*-===//
//
// A cache entry is what SummaryCache stores under a key: the key itself (a
// renamed or mixed-up file is a miss), every dependency of the summary as it
// was when the summary was made, and the summary in its binary form. The
// dependencies come first so that a lookup can reject a stale entry before
// decoding the summary.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_CACHEENTRY_H
#define NDISCHECK_CACHEENTRY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ndischeck {

/// A file a summary depends on, as it was when the summary was made.
struct CacheDep {
  std::string Path;
  uint64_t Size = 0;
  int64_t MTimeNs = 0;
  std::string Hash; ///< of the content
};

struct CacheEntry {
  std::string Key;
  std::vector<CacheDep> Deps;
  llvm::StringRef Summary; ///< encodeSummary's bytes, inside the entry
};

std::string encodeCacheEntry(llvm::StringRef Key, llvm::ArrayRef<CacheDep> Deps,
                             llvm::StringRef Summary);

/// Splits Bytes into an entry; Out.Summary points into Bytes. False when
/// Bytes are not an entry of this format version.
bool decodeCacheEntry(llvm::StringRef Bytes, CacheEntry &Out);

} // namespace ndischeck

#endif
