//===- LinkCache.h - The link step's findings, cached -----------*- C++ -*-===//
//
// When every translation unit of a run comes from the summary cache, the
// link step would read the same summaries and find the same findings as the
// run before. The link cache keeps those findings under a key made of every
// summary entry's fingerprint (SummaryCache::Hit: its key and the content of
// its dependencies) and ndis-check's own (the link's rules change with it), so
// such a run decodes no summary and links nothing.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_LINKCACHE_H
#define NDISCHECK_LINKCACHE_H

#include "report/Finding.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace ndischeck {

/// What a link gave: its findings, and its notes (a function an analysis
/// gave up on), each a located message.
struct LinkedRun {
  std::vector<Finding> Findings;
  std::vector<TraceStep> Notes;
};

class LinkCache {
public:
  /// The summary cache's directory; link entries go to Dir/links.
  explicit LinkCache(llvm::StringRef Dir);

  /// The run stored for exactly these entries (in this order).
  std::optional<LinkedRun> lookup(llvm::ArrayRef<std::string> Entries,
                                  llvm::StringRef Tool) const;
  /// Stores it (atomically); false on an I/O error.
  bool store(llvm::ArrayRef<std::string> Entries, llvm::StringRef Tool,
             const LinkedRun &Run) const;

  /// What a link entry records of ndis-check itself: its executable's path,
  /// size and modification time (a rebuild is another tool). Empty when it
  /// cannot be found: then nothing is cached.
  static std::string toolFingerprint(const char *Argv0, void *MainAddr);

private:
  std::string Dir;
  std::string path(llvm::ArrayRef<std::string> Entries,
                   llvm::StringRef Tool) const;
};

} // namespace ndischeck

#endif
