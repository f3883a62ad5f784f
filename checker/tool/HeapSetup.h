//===- HeapSetup.h - How ndis-check's heap is set up ------------*- C++ -*-===//
//
// A run allocates its ASTs, CFGs and summaries a few hundred bytes at a
// time, tens of megabytes for a large translation unit, and on Linux each
// 4 KiB page of that costs a fault the first time it is touched; in a
// virtual machine the faults were a fifth of a no-cache run's CPU. These
// set glibc's heap up for that; elsewhere they do nothing.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_HEAPSETUP_H
#define NDISCHECK_HEAPSETUP_H

namespace ndischeck {

/// Transparent huge pages for the heap: glibc backs it with 2 MiB pages
/// (one fault each) when the glibc.malloc.hugetlb tunable says so, which it
/// reads from GLIBC_TUNABLES at start-up only. Where the kernel gives huge
/// pages to memory that asks for them (transparent_hugepage "madvise"), the
/// process re-executes itself once with the tunable added; a
/// GLIBC_TUNABLES that names glibc.malloc.hugetlb already (=0 to turn this
/// off) is left alone. Returns only when it did not re-execute.
void useHugePages(const char **Argv);

/// As many malloc arenas as threads in the pool: glibc gives each thread
/// that allocates an arena of its own (up to eight per core), so the link
/// on the main thread would take fresh pages while the memory the files'
/// ASTs freed on the pool threads sits unused.
void limitMallocArenas(unsigned Threads);

/// Freed memory stays in the heap for the next allocation: blocks up to
/// 32 MiB come from the heap rather than from mmap, and the heap is not
/// given back to the system as it shrinks. A translation unit's AST is
/// allocated in slabs of up to megabytes; given back when the file is
/// done, the link step and the next file then took fresh pages, each
/// zeroed by the kernel on its first touch (a tenth of the 100k-line
/// TU's CPU).
void keepFreedMemory();

} // namespace ndischeck

#endif
