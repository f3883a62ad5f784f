//===- CacheEntry.h - The bytes of one summary-cache entry ------*- C++ -*-===//
//
// A cache entry is what SummaryCache stores under a key: the key itself (a
// renamed or mixed-up file is a miss), every dependency of the summary as it
// was when the summary was made, the paths the TU looked for in vain (one
// that appears may shadow a header) and the summary in its binary form. The
// rest comes before the summary so that a lookup can reject a stale entry
// before decoding it.
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
  int64_t CTimeNs = 0; ///< the inode's change time: no user call sets it back
  std::string Hash;    ///< of the content
};

struct CacheEntry {
  std::string Key;
  std::vector<CacheDep> Deps;
  std::vector<std::string> Absent; ///< paths looked for and not found
  llvm::StringRef Summary;         ///< encodeSummary's bytes, inside the entry
};

std::string encodeCacheEntry(llvm::StringRef Key, llvm::ArrayRef<CacheDep> Deps,
                             llvm::ArrayRef<std::string> Absent,
                             llvm::StringRef Summary);

/// Splits Bytes into an entry; Out.Summary points into Bytes. False when
/// Bytes are not an entry of this format version.
bool decodeCacheEntry(llvm::StringRef Bytes, CacheEntry &Out);

} // namespace ndischeck

#endif
