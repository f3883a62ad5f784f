/*
 * mdl.c - NdisAllocateMdl / NdisFreeMdl, and the IoAllocateMdl / IoFreeMdl
 * pair that NdisFreeBuffer becomes in NDIS 6 headers.
 *
 * "The VirtualAddress parameter for NdisAllocateMdl only accepts memory from
 * the nonpaged pool": the range must lie inside one live nonpaged or shared
 * allocation.
 */
#include "ndisrt_internal.h"

static PMDL build_mdl(NDISRT_ALLOC *A, PVOID VirtualAddress, ULONG Length) {
  PMDL Mdl = (PMDL)A->Base;
  Mdl->Next = NULL;
  Mdl->Size = (CSHORT)sizeof(MDL);
  Mdl->MdlFlags = 0;
  Mdl->Process = NULL;
  Mdl->MappedSystemVa = VirtualAddress;
  Mdl->StartVa = VirtualAddress;
  Mdl->ByteCount = Length;
  Mdl->ByteOffset = 0;
  return Mdl;
}

BOOLEAN ndisrt_is_nonpaged_range(PVOID VirtualAddress, size_t Length) {
  NDISRT_ALLOC *A = ndisrt_pool_find_range(VirtualAddress, Length);
  return A && (A->Kind == NdisRtKindNonPaged || A->Kind == NdisRtKindShared);
}

PMDL NdisRt_NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress,
                            UINT Length, const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateMdl";
  NDISRT_ALLOC *A;
  (void)NdisHandle;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (!ndisrt_is_nonpaged_range(VirtualAddress, Length)) {
    char Where[256];
    ndisrt_describe_address(VirtualAddress, Where, sizeof Where);
    ndisrt_violation("ndis-mdl-nonpaged", File, Line,
                     "%s of %u bytes at %p, which is not inside a live "
                     "nonpaged or shared allocation: %s",
                     Ddi, Length, VirtualAddress, Where);
  }
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(MDL), NdisRtFamMdl, NdisRtKindObject, Ddi, File,
                        Line);
  return A ? build_mdl(A, VirtualAddress, Length) : NULL;
}

VOID NdisRt_NdisFreeMdl(PMDL Mdl, const char *File, int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisFreeMdl", NULL, File, Line);
  A = ndisrt_check_free(Mdl, NdisRtFamMdl, "NdisFreeMdl", File, Line);
  if (A)
    ndisrt_pool_release(A, "NdisFreeMdl", File, Line);
}

PMDL NdisRt_IoAllocateMdl(PVOID VirtualAddress, ULONG Length,
                          BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
                          struct _IRP *Irp, const char *File, int Line) {
  NDISRT_ALLOC *A;
  (void)SecondaryBuffer;
  (void)ChargeQuota;
  (void)Irp;
  ndisrt_require_max(DISPATCH_LEVEL, "IoAllocateMdl", NULL, File, Line);
  if (ndisrt_fault_should_fail("IoAllocateMdl", File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(MDL), NdisRtFamIoMdl, NdisRtKindObject,
                        "IoAllocateMdl", File, Line);
  return A ? build_mdl(A, VirtualAddress, Length) : NULL;
}

/* NDIS 6's NdisFreeBuffer is IoFreeMdl: it frees NdisAllocateBuffer
   descriptors as well as IoAllocateMdl ones. */
VOID NdisRt_IoFreeMdl(PMDL Mdl, const char *File, int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "IoFreeMdl", NULL, File, Line);
  A = ndisrt_check_free2(Mdl, NdisRtFamIoMdl, NdisRtFamBuffer, "IoFreeMdl",
                         File, Line);
  if (!A)
    return;
  if (A->Family == NdisRtFamBuffer)
    ndisrt_buffer_released(A);
  ndisrt_pool_release(A, "IoFreeMdl", File, Line);
}

VOID NdisRt_MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList,
                                      const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, "MmBuildMdlForNonPagedPool", NULL, File,
                     Line);
  MemoryDescriptorList->MappedSystemVa = MemoryDescriptorList->StartVa;
}
