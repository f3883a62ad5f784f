//===- CacheEntry.cpp - The bytes of one summary-cache entry --------------===//

#include "summary/CacheEntry.h"

#include "summary/BinaryCoding.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <map>

using llvm::StringRef;

namespace ndischeck {

namespace {

constexpr char Magic[8] = {'\x89', 'N', 'D', 'C', '\r', '\n', '\x1a', '\n'};

/// Bumped whenever the entry layout changes.
constexpr uint64_t EntryFormatVersion = 3; // 3: ctime and absent paths

} // namespace

std::string encodeCacheEntry(StringRef Key, llvm::ArrayRef<CacheDep> Deps,
                             llvm::ArrayRef<std::string> Absent,
                             StringRef Summary) {
  std::string Out(Magic, sizeof(Magic));
  Out.reserve(Out.size() + Summary.size() + 64 * Deps.size() + 64);
  ByteWriter W(Out);
  W.u64(EntryFormatVersion);
  W.bytes(Key);
  W.u64(Deps.size());
  for (const CacheDep &D : Deps) {
    W.bytes(D.Path);
    W.u64(D.Size);
    W.s64(D.MTimeNs);
    W.s64(D.CTimeNs);
    W.bytes(D.Hash);
  }
  // By directory: a TU looks for many headers in each include directory.
  std::map<StringRef, std::vector<StringRef>> ByDir;
  for (const std::string &P : Absent)
    ByDir[llvm::sys::path::parent_path(P)].push_back(
        llvm::sys::path::filename(P));
  W.u64(ByDir.size());
  for (const auto &[Dir, Names] : ByDir) {
    W.bytes(Dir);
    W.u64(Names.size());
    for (StringRef Name : Names)
      W.bytes(Name);
  }
  W.raw(Summary);
  return Out;
}

bool decodeCacheEntry(StringRef Bytes, CacheEntry &Out) {
  ByteReader R(Bytes);
  StringRef Head, Key;
  uint64_t Version, NumDeps;
  if (!R.raw(sizeof(Magic), Head) || Head != StringRef(Magic, sizeof(Magic)) ||
      !R.u64(Version) || Version != EntryFormatVersion || !R.bytes(Key) ||
      !R.count(NumDeps, 4))
    return false;
  Out.Key = Key.str();
  Out.Deps.resize(NumDeps);
  for (CacheDep &D : Out.Deps) {
    StringRef Path, Hash;
    if (!R.bytes(Path) || !R.u64(D.Size) || !R.s64(D.MTimeNs) ||
        !R.s64(D.CTimeNs) || !R.bytes(Hash))
      return false;
    D.Path = Path.str();
    D.Hash = Hash.str();
  }
  uint64_t NumDirs;
  if (!R.count(NumDirs, 2))
    return false;
  Out.Absent.clear();
  for (uint64_t I = 0; I < NumDirs; ++I) {
    StringRef Dir;
    uint64_t NumNames;
    if (!R.bytes(Dir) || !R.count(NumNames))
      return false;
    for (uint64_t J = 0; J < NumNames; ++J) {
      StringRef Name;
      if (!R.bytes(Name))
        return false;
      llvm::SmallString<256> P(Dir);
      llvm::sys::path::append(P, Name);
      Out.Absent.push_back(std::string(P));
    }
  }
  R.raw(R.remaining(), Out.Summary);
  return true;
}

} // namespace ndischeck
