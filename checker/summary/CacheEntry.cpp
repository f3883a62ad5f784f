//===- CacheEntry.cpp - The bytes of one summary-cache entry --------------===//

#include "summary/CacheEntry.h"

#include "summary/BinaryCoding.h"

using llvm::StringRef;

namespace ndischeck {

namespace {

constexpr char Magic[8] = {'\x89', 'N', 'D', 'C', '\r', '\n', '\x1a', '\n'};

/// Bumped whenever the entry layout or the key derivation changes.
constexpr uint64_t EntryFormatVersion = 2; // 2: binary entry and summary

} // namespace

std::string encodeCacheEntry(StringRef Key, llvm::ArrayRef<CacheDep> Deps,
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
    W.bytes(D.Hash);
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
    if (!R.bytes(Path) || !R.u64(D.Size) || !R.s64(D.MTimeNs) || !R.bytes(Hash))
      return false;
    D.Path = Path.str();
    D.Hash = Hash.str();
  }
  R.raw(R.remaining(), Out.Summary);
  return true;
}

} // namespace ndischeck
