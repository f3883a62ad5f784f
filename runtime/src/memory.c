/*
 * memory.c - NdisAllocateMemory* / NdisFreeMemory* and ExAllocatePool* /
 * ExFreePool*, with the contracts of their reference pages.
 */
#include "ndisrt_internal.h"

#include <string.h>

#define NDIS_MEMORY_VALID_FLAGS (NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED)

/* "Only miniport drivers can set the MemoryFlags with either or both of the
   NDIS_MEMORY_XXX" - known once the driver registered as something else. */
static BOOLEAN registered_as_non_miniport(void) {
  NDISRT_REGISTRATION *R = NdisRt_Registration();
  return (R->FilterRegistered || R->ProtocolRegistered) &&
         !R->MiniportRegistered && !R->Miniport5Registered;
}

static void check_tag(ULONG Tag, const char *Ddi, const char *File, int Line) {
  /* A ULONG holds at most four characters, so 0 is what remains to check. */
  if (Tag == 0)
    ndisrt_violation("ndis-tag", File, Line,
                     "%s with Tag 0; the tag is a constant of one to four "
                     "characters such as 'maDN'",
                     Ddi);
}

NDIS_STATUS NdisRt_NdisAllocateMemory(PVOID *VirtualAddress, UINT Length,
                                      UINT MemoryFlags,
                                      NDIS_PHYSICAL_ADDRESS HighestAcceptable,
                                      const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateMemory";
  BOOLEAN Special =
      (MemoryFlags & (NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED)) != 0;
  NDISRT_ALLOC *A;

  if (MemoryFlags & ~(UINT)NDIS_MEMORY_VALID_FLAGS)
    ndisrt_violation("ndis-memory-flags", File, Line,
                     "%s with MemoryFlags 0x%x; only NDIS_MEMORY_CONTIGUOUS "
                     "and NDIS_MEMORY_NONCACHED are defined",
                     Ddi, MemoryFlags);
  if (HighestAcceptable.QuadPart != -1)
    ndisrt_violation("ndis-highest-address", File, Line,
                     "%s with HighestAcceptableAddress 0x%llx; it must be -1",
                     Ddi, (unsigned long long)HighestAcceptable.QuadPart);
  if (Special) {
    ndisrt_require_exact(PASSIVE_LEVEL, Ddi,
                         "for contiguous or noncached memory", File, Line);
    if (NdisRt_GetPhase() != NdisRtPhaseDriverEntry &&
        NdisRt_GetPhase() != NdisRtPhaseInitialize)
      ndisrt_violation("ndis-contiguous-outside-init", File, Line,
                       "%s with MemoryFlags 0x%x during %s; contiguous or "
                       "noncached memory may only be allocated during "
                       "initialization",
                       Ddi, MemoryFlags, NdisRt_PhaseName(NdisRt_GetPhase()));
    if (registered_as_non_miniport())
      ndisrt_violation("ndis-contiguous-non-miniport", File, Line,
                       "%s with MemoryFlags 0x%x in a driver that is not a "
                       "miniport",
                       Ddi, MemoryFlags);
  } else {
    ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  }

  *VirtualAddress = NULL;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_FAILURE;
  A = ndisrt_pool_alloc(Length, NdisRtFamNdisMemory, NdisRtKindNonPaged, Ddi,
                        File, Line);
  if (!A)
    return NDIS_STATUS_FAILURE;
  A->MemoryFlags = MemoryFlags;
  *VirtualAddress = A->Base;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisRt_NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length,
                                             ULONG Tag, const char *File,
                                             int Line) {
  static const char Ddi[] = "NdisAllocateMemoryWithTag";
  NDISRT_ALLOC *A;
  check_tag(Tag, Ddi, File, Line);
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  *VirtualAddress = NULL;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_FAILURE;
  A = ndisrt_pool_alloc(Length, NdisRtFamNdisMemory, NdisRtKindNonPaged, Ddi,
                        File, Line);
  if (!A)
    return NDIS_STATUS_FAILURE;
  A->Tag = Tag;
  *VirtualAddress = A->Base;
  return NDIS_STATUS_SUCCESS;
}

PVOID NdisRt_NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle,
                                               UINT Length, ULONG Tag,
                                               EX_POOL_PRIORITY Priority,
                                               const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateMemoryWithTagPriority";
  NDISRT_ALLOC *A;
  (void)NdisHandle;
  (void)Priority;
  check_tag(Tag, Ddi, File, Line);
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NULL;
  A = ndisrt_pool_alloc(Length, NdisRtFamNdisMemory, NdisRtKindNonPaged, Ddi,
                        File, Line);
  if (!A)
    return NULL;
  A->Tag = Tag;
  A->TagPriority = TRUE;
  return A->Base;
}

VOID NdisRt_NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags,
                           const char *File, int Line) {
  static const char Ddi[] = "NdisFreeMemory";
  NDISRT_ALLOC *A;
  if (MemoryFlags & ~(UINT)NDIS_MEMORY_VALID_FLAGS)
    ndisrt_violation("ndis-memory-flags", File, Line,
                     "%s with MemoryFlags 0x%x; only NDIS_MEMORY_CONTIGUOUS "
                     "and NDIS_MEMORY_NONCACHED are defined",
                     Ddi, MemoryFlags);
  if (MemoryFlags & NDIS_MEMORY_CONTIGUOUS)
    ndisrt_require_exact(PASSIVE_LEVEL, Ddi, "for contiguous memory", File,
                         Line);
  else if (MemoryFlags & NDIS_MEMORY_NONCACHED)
    ndisrt_require_max(APC_LEVEL, Ddi, "for noncached memory", File, Line);
  else
    ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);

  A = ndisrt_check_free(VirtualAddress, NdisRtFamNdisMemory, Ddi, File, Line);
  if (!A)
    return;
  /* MemoryFlags must be the allocation's (0 for WithTag(Priority) memory).
     "If the memory was allocated with NdisAllocateMemoryWithTagPriority or
     the MemoryFlags parameter is zero, this parameter [Length] is
     ignored." */
  if (MemoryFlags != A->MemoryFlags ||
      (A->MemoryFlags != 0 && Length != A->Size))
    ndisrt_violation("ndis-free-mismatch", File, Line,
                     "%s(Length %u, MemoryFlags 0x%x) of memory allocated by "
                     "%s at %s:%d with Length %zu, MemoryFlags 0x%x",
                     Ddi, Length, MemoryFlags, A->Ddi, A->File, A->Line,
                     A->Size, A->MemoryFlags);
  ndisrt_pool_release(A, Ddi, File, Line);
}

VOID NdisRt_NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle,
                                          PVOID VirtualAddress, ULONG Tag,
                                          const char *File, int Line) {
  static const char Ddi[] = "NdisFreeMemoryWithTagPriority";
  NDISRT_ALLOC *A;
  (void)NdisHandle;
  check_tag(Tag, Ddi, File, Line);
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(VirtualAddress, NdisRtFamNdisMemory, Ddi, File, Line);
  if (!A)
    return;
  if (!A->TagPriority)
    ndisrt_violation("ndis-free-mismatch", File, Line,
                     "%s of memory allocated by %s at %s:%d; it frees only "
                     "NdisAllocateMemoryWithTagPriority memory",
                     Ddi, A->Ddi, A->File, A->Line);
  else if (Tag != A->Tag)
    ndisrt_violation("ndis-free-mismatch", File, Line,
                     "%s with Tag 0x%08x of memory allocated at %s:%d with "
                     "Tag 0x%08x",
                     Ddi, (unsigned)Tag, A->File, A->Line, (unsigned)A->Tag);
  ndisrt_pool_release(A, Ddi, File, Line);
}

/* ---- ExAllocatePool* ------------------------------------------------------
 */

static PVOID pool_alloc(const char *Ddi, BOOLEAN Paged, SIZE_T Bytes, ULONG Tag,
                        BOOLEAN MayFail, BOOLEAN Zero, const char *File,
                        int Line) {
  NDISRT_ALLOC *A;
  if (Paged)
    ndisrt_require_max(APC_LEVEL, Ddi, "for paged pool", File, Line);
  else
    ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (ndisrt_fault_should_fail(Ddi, File, Line) && MayFail)
    return NULL;
  A = ndisrt_pool_alloc(Bytes, NdisRtFamPool,
                        Paged ? NdisRtKindPaged : NdisRtKindNonPaged, Ddi, File,
                        Line);
  if (!A)
    return NULL;
  A->Tag = Tag;
  if (Zero)
    memset(A->Base, 0, Bytes);
  return A->Base;
}

PVOID NdisRt_ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                            const char *File, int Line) {
  return pool_alloc("ExAllocatePool", NDISRT_POOL_TYPE_IS_PAGED(PoolType),
                    NumberOfBytes, 0, TRUE, FALSE, File, Line);
}

PVOID NdisRt_ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
                                   ULONG Tag, const char *File, int Line) {
  check_tag(Tag, "ExAllocatePoolWithTag", File, Line);
  return pool_alloc("ExAllocatePoolWithTag",
                    NDISRT_POOL_TYPE_IS_PAGED(PoolType), NumberOfBytes, Tag,
                    TRUE, FALSE, File, Line);
}

PVOID NdisRt_ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag,
                             const char *File, int Line) {
  check_tag(Tag, "ExAllocatePool2", File, Line);
  /* With POOL_FLAG_RAISE_ON_FAILURE a failure raises instead of returning
     NULL; the runtime has no SEH, so that allocation is never made to fail. */
  return pool_alloc("ExAllocatePool2", (Flags & POOL_FLAG_PAGED) != 0,
                    NumberOfBytes, Tag,
                    (Flags & POOL_FLAG_RAISE_ON_FAILURE) == 0,
                    (Flags & POOL_FLAG_UNINITIALIZED) == 0, File, Line);
}

VOID NdisRt_ExFreePool(PVOID P, const char *File, int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "ExFreePool", NULL, File, Line);
  A = ndisrt_check_free(P, NdisRtFamPool, "ExFreePool", File, Line);
  if (A)
    ndisrt_pool_release(A, "ExFreePool", File, Line);
}

VOID NdisRt_ExFreePoolWithTag(PVOID P, ULONG Tag, const char *File, int Line) {
  NDISRT_ALLOC *A;
  (void)Tag;
  ndisrt_require_max(DISPATCH_LEVEL, "ExFreePoolWithTag", NULL, File, Line);
  A = ndisrt_check_free(P, NdisRtFamPool, "ExFreePoolWithTag", File, Line);
  if (A)
    ndisrt_pool_release(A, "ExFreePoolWithTag", File, Line);
}

/* ---- Rtl memory helpers (NdisZeroMemory, NdisMoveMemory, ...) ------------ */

VOID NdisRt_RtlZeroMemory(PVOID Destination, SIZE_T Length, const char *File,
                          int Line) {
  (void)File;
  (void)Line;
  memset(Destination, 0, Length);
}

VOID NdisRt_RtlCopyMemory(PVOID Destination, const VOID *Source, SIZE_T Length,
                          const char *File, int Line) {
  (void)File;
  (void)Line;
  memcpy(Destination, Source, Length);
}

VOID NdisRt_RtlMoveMemory(PVOID Destination, const VOID *Source, SIZE_T Length,
                          const char *File, int Line) {
  (void)File;
  (void)Line;
  memmove(Destination, Source, Length);
}

VOID NdisRt_RtlFillMemory(PVOID Destination, SIZE_T Length, UCHAR Fill,
                          const char *File, int Line) {
  (void)File;
  (void)Line;
  memset(Destination, Fill, Length);
}

SIZE_T NdisRt_RtlCompareMemory(const VOID *Source1, const VOID *Source2,
                               SIZE_T Length, const char *File, int Line) {
  const unsigned char *A = Source1, *B = Source2;
  SIZE_T I = 0;
  (void)File;
  (void)Line;
  while (I < Length && A[I] == B[I])
    ++I;
  return I;
}

VOID NdisRt_RtlInitUnicodeString(PUNICODE_STRING DestinationString,
                                 PCWSTR SourceString, const char *File,
                                 int Line) {
  SIZE_T N = 0;
  (void)File;
  (void)Line;
  if (SourceString)
    while (SourceString[N])
      ++N;
  DestinationString->Buffer = (PWCH)SourceString;
  DestinationString->Length = (USHORT)(N * sizeof(WCHAR));
  DestinationString->MaximumLength =
      (USHORT)(SourceString ? (N + 1) * sizeof(WCHAR) : 0);
}
