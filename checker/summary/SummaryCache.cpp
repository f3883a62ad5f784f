//===- SummaryCache.cpp - Per-TU summaries cached by content --------------===//

#include "summary/SummaryCache.h"

#include "summary/AnalyserId.h"

#include "summary/AtomicFile.h"
#include "summary/CacheEntry.h"
#include "summary/SummaryJson.h"
#include "llvm/Support/Process.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <chrono>
#ifndef _WIN32
#include <sys/stat.h>
#endif
#include <set>

using namespace llvm;

namespace ndischeck {

namespace {

/// Bumped whenever the key derivation changes (the entry layout has its own
/// version in CacheEntry.cpp).
constexpr int CacheFormatVersion = 3; // 3: binary entries, ctime, absent paths

/// The coarsest mtime granularity in common use (FAT); see isTooNew.
constexpr std::chrono::seconds MTimeGranularity(2);

std::string hex128(const XXH128_hash_t &H) {
  std::string S;
  raw_string_ostream OS(S);
  OS << format_hex_no_prefix(H.high64, 16) << format_hex_no_prefix(H.low64, 16);
  return S;
}

std::string hashBytes(StringRef Data) {
  return hex128(xxh3_128bits(arrayRefFromStringRef(Data)));
}

/// Reads with read(2), not mmap: a header rewritten while we read it must not
/// bring the process down.
std::optional<std::string> hashFile(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false,
                                   /*IsVolatile=*/true);
  if (!Buf)
    return std::nullopt;
  return hashBytes((*Buf)->getBuffer());
}

/// The status change time (POSIX ctime) in ns; LLVM's file_status has none.
int64_t changeTimeNs(StringRef Path) {
#ifdef _WIN32
  (void)Path;
  return 0;
#else
  struct stat St;
  if (::stat(Path.str().c_str(), &St) != 0)
    return 0;
  return int64_t(St.st_ctim.tv_sec) * 1000000000 + St.st_ctim.tv_nsec;
#endif
}

struct FileState {
  uint64_t Size = 0;
  int64_t MTimeNs = 0;
  /// An edit that keeps size and mtime (cp -p, rsync -t, tar) still moves
  /// the inode's change time, which no user call can set back.
  int64_t CTimeNs = 0;
};

std::optional<FileState> statFile(StringRef Path) {
  sys::fs::file_status St;
  if (sys::fs::status(Path, St) || !sys::fs::is_regular_file(St))
    return std::nullopt;
  FileState FS;
  FS.Size = St.getSize();
  FS.MTimeNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   St.getLastModificationTime().time_since_epoch())
                   .count();
  FS.CTimeNs = changeTimeNs(Path);
  return FS;
}

/// Clang's pseudo-files ("<built-in>", "<command line>") have nothing to stat
/// and never change.
bool isPseudoFile(StringRef Path) {
  return Path.starts_with("<") && Path.ends_with(">");
}

/// Snapshots the dependencies of a summary. Fails when one is missing or too
/// new: a file modified during the run may have been parsed in one version
/// and hashed in another.
bool snapshotDeps(const std::vector<std::string> &Deps, sys::TimePoint<> TooNew,
                  std::vector<CacheDep> &Out) {
  int64_t TooNewNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         TooNew.time_since_epoch())
                         .count();
  std::set<std::string> Seen;
  for (const std::string &P : Deps) {
    if (isPseudoFile(P) || !Seen.insert(P).second)
      continue;
    std::optional<FileState> Before = statFile(P);
    if (!Before || Before->MTimeNs >= TooNewNs)
      return false;
    std::optional<std::string> Hash = hashFile(P);
    if (!Hash)
      return false;
    // The file changed while we hashed it: the hash may not match the mtime.
    std::optional<FileState> After = statFile(P);
    if (!After || After->Size != Before->Size ||
        After->MTimeNs != Before->MTimeNs || After->CTimeNs != Before->CTimeNs)
      return false;
    Out.push_back(
        {P, Before->Size, Before->MTimeNs, Before->CTimeNs, std::move(*Hash)});
  }
  return true;
}

bool writeEntry(StringRef Path, StringRef Content) {
  if (sys::fs::create_directories(sys::path::parent_path(Path)))
    return false;
  std::string Error;
  return writeFileAtomically(Path, Content, Error);
}

} // namespace

SummaryCache::SummaryCache(std::string Dir)
    : Dir(std::move(Dir)),
      TooNew(std::chrono::time_point_cast<sys::TimePoint<>::duration>(
                 std::chrono::system_clock::now()) -
             MTimeGranularity) {}

std::string SummaryCache::key(StringRef MainFile,
                              ArrayRef<std::string> CommandLine,
                              StringRef DbFingerprint) const {
  SmallString<256> Abs(MainFile);
  sys::fs::make_absolute(Abs);
  std::optional<std::string> ContentHash = hashFile(Abs);
  if (!ContentHash)
    return "";

  // NUL-separated and counted, so that no two different inputs serialise to
  // the same bytes.
  std::string In = "ndischeck-summary-cache";
  auto Add = [&In](StringRef S) {
    In.push_back('\0');
    In.append(S.data(), S.size());
  };
  Add(std::to_string(CacheFormatVersion));
  Add(std::to_string(SummaryFormatVersion));
  Add(NDISCHECK_ANALYSER_ID); // another build's analysis: another summary
  Add(DbFingerprint);
  Add(Abs);
  Add(std::to_string(CommandLine.size()));
  for (const std::string &Arg : CommandLine)
    Add(Arg);
  Add(*ContentHash);
  return hashBytes(In);
}

std::string SummaryCache::defaultDir() {
  if (std::optional<std::string> X = sys::Process::GetEnv("XDG_CACHE_HOME"))
    if (!X->empty())
      return *X + "/ndis-check";
  SmallString<128> Home;
  if (sys::path::home_directory(Home))
    return std::string(Home) + "/.cache/ndis-check";
  return "";
}

std::string SummaryCache::dbFingerprint(StringRef DbText) {
  return utohexstr(xxh3_64bits(DbText));
}

std::string SummaryCache::entryPath(const std::string &Key) const {
  // Two-level layout keeps directories small with thousands of TUs.
  SmallString<256> P(Dir);
  sys::path::append(P, StringRef(Key).take_front(2), Key + ".ndis");
  return std::string(P);
}

bool SummaryCache::readCurrent(const std::string &Key,
                               std::unique_ptr<MemoryBuffer> &Buf,
                               CacheEntry &E) const {
  if (Key.size() < 3)
    return false;
  std::string Path = entryPath(Key);
  auto File = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false,
                                    /*IsVolatile=*/true);
  if (!File)
    return false;
  Buf = std::move(*File);

  // Anything unexpected in the entry is a miss: the summary is recomputed
  // and the entry overwritten.
  if (!decodeCacheEntry(Buf->getBuffer(), E) || E.Key != Key)
    return false;
  // A path the TU looked for in vain now exists: it may shadow a header the
  // summary used.
  for (const std::string &P : E.Absent)
    if (sys::fs::exists(P))
      return false;

  bool Refresh = false;
  for (CacheDep &D : E.Deps) {
    std::optional<FileState> Now = statFile(D.Path);
    if (!Now || Now->Size != D.Size)
      return false;
    if (Now->MTimeNs == D.MTimeNs && Now->CTimeNs == D.CTimeNs)
      continue;
    // Touched: the content decides, as in ccache's direct mode.
    std::optional<std::string> Hash = hashFile(D.Path);
    if (!Hash || *Hash != D.Hash)
      return false;
    D.MTimeNs = Now->MTimeNs;
    D.CTimeNs = Now->CTimeNs;
    Refresh = true;
  }

  if (Refresh) {
    // Only record mtimes that can no longer hide a same-size edit; a
    // failure here merely costs a rehash next time.
    int64_t TooNewNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           TooNew.time_since_epoch())
                           .count();
    bool AllOld = true;
    for (const CacheDep &D : E.Deps)
      AllOld &= D.MTimeNs < TooNewNs;
    if (AllOld)
      writeEntry(Path, encodeCacheEntry(Key, E.Deps, E.Absent, E.Summary));
  }
  return true;
}

std::optional<SummaryCache::Hit>
SummaryCache::current(const std::string &Key) const {
  Hit H;
  CacheEntry E;
  if (!readCurrent(Key, H.Entry, E))
    return std::nullopt;
  H.Summary = E.Summary;
  std::string In = Key;
  for (const CacheDep &D : E.Deps) {
    In.push_back('\0');
    In += D.Path;
    In.push_back('\0');
    In += D.Hash;
  }
  H.Fingerprint = hashBytes(In);
  return H;
}

std::optional<TuSummary> SummaryCache::decode(const Hit &H) {
  TuSummary S;
  std::string Error;
  if (!isBinarySummary(H.Summary) || !decodeSummary(H.Summary, S, Error))
    return std::nullopt;
  return S;
}

std::optional<TuSummary> SummaryCache::lookup(const std::string &Key) const {
  std::optional<Hit> H = current(Key);
  return H ? decode(*H) : std::nullopt;
}

bool SummaryCache::store(const std::string &Key, const TuSummary &S,
                         ArrayRef<std::string> AbsentPaths) const {
  if (Key.size() < 3)
    return false;
  std::vector<CacheDep> Deps;
  if (!snapshotDeps(S.Dependencies, TooNew, Deps))
    return false;
  return writeEntry(entryPath(Key),
                    encodeCacheEntry(Key, Deps, AbsentPaths, encodeSummary(S)));
}

} // namespace ndischeck
