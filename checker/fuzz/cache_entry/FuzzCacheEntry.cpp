//===- FuzzCacheEntry.cpp - libFuzzer target: summary cache entries -------===//
//
// A cache entry is a file anyone (another run, a crash, a disk) may have
// left in any state: lookup must be a hit or a miss, never a crash. Each
// input is written as the entry of one fixed key in a private cache
// directory and looked up.
//
//===----------------------------------------------------------------------===//

#include "summary/SummaryCache.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

namespace {

const char *const Key = "00112233445566778899aabbccddeeff";

const ndischeck::SummaryCache &cache() {
  static ndischeck::SummaryCache *C = [] {
    llvm::SmallString<128> Dir;
    if (llvm::sys::fs::createUniqueDirectory("ndischeck-fuzz-cache", Dir))
      abort();
    auto *C = new ndischeck::SummaryCache(std::string(Dir));
    llvm::sys::fs::create_directories(
        llvm::sys::path::parent_path(C->entryPath(Key)));
    return C;
  }();
  return *C;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  const ndischeck::SummaryCache &C = cache();
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(C.entryPath(Key), EC);
    if (EC)
      abort();
    OS.write(reinterpret_cast<const char *>(Data), Size);
  }
  (void)C.lookup(Key);
  return 0;
}
