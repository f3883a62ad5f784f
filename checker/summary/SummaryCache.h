//===- SummaryCache.h - Per-TU summaries cached by content ------*- C++ -*-===//
//
// Phase one of a run is a pure function of a translation unit and its flags,
// so its result is cached on disk, the way ccache's direct mode caches
// compilations:
//
//  - the key hashes a format version, the contract database's fingerprint,
//    the main file's path, the command line and the main file's content;
//  - the entry holds the summary plus, for every dependency (main file and
//    headers), its size, mtime and content hash;
//  - a lookup is a hit only if every dependency still has the same size and
//    either the same mtime and ctime or, when one changed, the same content
//    (ctime catches an edit that kept size and mtime: cp -p, rsync -t), and
//    no path the TU looked for in vain (an earlier include directory's
//    candidate for a header) exists now.
//
// An unchanged re-run therefore reads the main file, stats its headers and
// reads one small entry per TU. Entries are replaced atomically, so parallel
// runs and crashes never leave a torn entry, and a corrupt entry is a miss.
//
// Files modified while the run was going on are not cached: their mtime may
// not tell two versions apart, and the summary may describe either.
//
// Dependency paths are stat'ed as given: relative ones resolve against the
// process's working directory at lookup time, so summaries should record
// absolute paths.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUMMARYCACHE_H
#define NDISCHECK_SUMMARYCACHE_H

#include "summary/Summary.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/MemoryBuffer.h"

#include <optional>
#include <string>

namespace ndischeck {

struct CacheEntry;

class SummaryCache {
public:
  /// Dir is created on the first store.
  explicit SummaryCache(std::string Dir);

  /// The cache key of a translation unit, as lowercase hex. Empty when the
  /// main file cannot be read: such a TU is not cached (lookup misses, store
  /// does nothing).
  std::string key(llvm::StringRef MainFile,
                  llvm::ArrayRef<std::string> CommandLine,
                  llvm::StringRef DbFingerprint) const;

  /// The cached summary, if the entry exists, is intact and every dependency
  /// is unchanged. When only mtimes changed (a touch, a checkout) the entry
  /// is refreshed so the next run need not hash those files again.
  std::optional<TuSummary> lookup(const std::string &Key) const;

  /// A hit whose summary is not decoded yet.
  struct Hit {
    /// Names the entry: its key and the content of every dependency (an
    /// entry stored again under the same key after a header changed has
    /// another).
    std::string Fingerprint;
    std::unique_ptr<llvm::MemoryBuffer> Entry;
    llvm::StringRef Summary; ///< in Entry
  };
  /// Whether the entry for Key is a hit, as lookup decides (and refreshes),
  /// without decoding the summary.
  std::optional<Hit> current(const std::string &Key) const;
  /// The summary of a hit (nullopt if it does not decode).
  static std::optional<TuSummary> decode(const Hit &H);

  /// Records S under Key with the current state of S.Dependencies. Returns
  /// false when nothing was stored: an I/O error, a missing dependency, or a
  /// dependency modified since this cache object was created.
  /// AbsentPaths are the paths the TU looked for and did not find: the entry
  /// is stale once one of them exists (a header that now shadows one the
  /// summary used).
  bool store(const std::string &Key, const TuSummary &S,
             llvm::ArrayRef<std::string> AbsentPaths = {}) const;

  /// $XDG_CACHE_HOME/ndis-check, else ~/.cache/ndis-check ("" if neither).
  static std::string defaultDir();
  /// What the key records of a contract database: a hash of its text.
  static std::string dbFingerprint(llvm::StringRef DbText);

  const std::string &directory() const { return Dir; }
  /// Where the entry for Key lives (for diagnostics and tests).
  std::string entryPath(const std::string &Key) const;

private:
  /// Reads Key's entry into E (its summary still encoded, in Buf) if it is
  /// intact and every dependency unchanged.
  bool readCurrent(const std::string &Key,
                   std::unique_ptr<llvm::MemoryBuffer> &Buf,
                   CacheEntry &E) const;

  std::string Dir;
  /// Dependencies modified at or after this point are not stored: the
  /// creation time of the cache (the start of the run), less the coarsest
  /// mtime granularity.
  llvm::sys::TimePoint<> TooNew;
};

} // namespace ndischeck

#endif
