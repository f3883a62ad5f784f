//===- HeapSetup.cpp - How ndis-check's heap is set up --------------------===//

#include "HeapSetup.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
#define NDISCHECK_GLIBC_HEAP 1
#endif

namespace ndischeck {

void useHugePages(const char **Argv) {
#ifdef NDISCHECK_GLIBC_HEAP
  const char *Tunables = std::getenv("GLIBC_TUNABLES");
  if (Tunables && llvm::StringRef(Tunables).contains("glibc.malloc.hugetlb"))
    return;
  // "always" gives huge pages without asking, "never" not at all.
  auto Mode = llvm::MemoryBuffer::getFileAsStream(
      "/sys/kernel/mm/transparent_hugepage/enabled");
  if (!Mode || !(*Mode)->getBuffer().contains("[madvise]"))
    return;
  std::string Value = "glibc.malloc.hugetlb=1";
  if (Tunables && *Tunables)
    Value = std::string(Tunables) + ":" + Value;
  // Set even if exec fails below: it is tried once.
  if (setenv("GLIBC_TUNABLES", Value.c_str(), 1) == 0)
    execv("/proc/self/exe", const_cast<char *const *>(Argv));
#else
  (void)Argv;
#endif
}

void keepFreedMemory() {
#ifdef NDISCHECK_GLIBC_HEAP
  mallopt(M_MMAP_THRESHOLD, 32 << 20); // glibc's largest
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

void limitMallocArenas(unsigned Threads) {
#ifdef NDISCHECK_GLIBC_HEAP
  mallopt(M_ARENA_MAX, static_cast<int>(std::max(Threads, 1u)));
#else
  (void)Threads;
#endif
}

} // namespace ndischeck
