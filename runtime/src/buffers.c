/*
 * buffers.c - NDIS 5 buffer pools and buffer descriptors.
 *
 * "Buffer descriptor allocation draws on the buffer pool that
 * NdisAllocateBufferPool creates", and a descriptor maps "a specified virtual
 * (sub)range within an already allocated, nonpaged memory block".
 */
#include "ndisrt_internal.h"

typedef struct _BUFFER_POOL {
  UINT Descriptors;
  UINT Outstanding;
} BUFFER_POOL;

VOID NdisRt_NdisAllocateBufferPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle,
                                   UINT NumberOfDescriptors, const char *File,
                                   int Line) {
  static const char Ddi[] = "NdisAllocateBufferPool";
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  *PoolHandle = NULL;
  *Status = NDIS_STATUS_RESOURCES;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return;
  A = ndisrt_pool_alloc(sizeof(BUFFER_POOL), NdisRtFamBufferPool,
                        NdisRtKindObject, Ddi, File, Line);
  if (!A)
    return;
  ((BUFFER_POOL *)A->Base)->Descriptors = NumberOfDescriptors;
  ((BUFFER_POOL *)A->Base)->Outstanding = 0;
  *PoolHandle = A->Base;
  *Status = NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisFreeBufferPool(NDIS_HANDLE PoolHandle, const char *File,
                               int Line) {
  static const char Ddi[] = "NdisFreeBufferPool";
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(PoolHandle, NdisRtFamBufferPool, Ddi, File, Line);
  if (!A)
    return;
  if (((BUFFER_POOL *)A->Base)->Outstanding)
    ndisrt_note("%s at %s:%d frees a pool with %u descriptors still "
                "allocated",
                Ddi, File, Line, ((BUFFER_POOL *)A->Base)->Outstanding);
  ndisrt_pool_release(A, Ddi, File, Line);
}

VOID NdisRt_NdisAllocateBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer,
                               NDIS_HANDLE PoolHandle, PVOID VirtualAddress,
                               UINT Length, const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateBuffer";
  NDISRT_ALLOC *Pool = PoolHandle ? ndisrt_pool_find_base(PoolHandle) : NULL;
  NDISRT_ALLOC *A;
  PMDL Mdl;

  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (!Pool || !Pool->Live || Pool->Family != NdisRtFamBufferPool) {
    char Where[256];
    ndisrt_describe_address(PoolHandle, Where, sizeof Where);
    ndisrt_violation("ndis-buffer-pool", File, Line,
                     "%s with PoolHandle %p, which is not a live buffer pool "
                     "from NdisAllocateBufferPool: %s",
                     Ddi, PoolHandle, Where);
    Pool = NULL;
  }
  if (!ndisrt_is_nonpaged_range(VirtualAddress, Length)) {
    char Where[256];
    ndisrt_describe_address(VirtualAddress, Where, sizeof Where);
    ndisrt_violation("ndis-buffer-pool", File, Line,
                     "%s maps %u bytes at %p, which is not inside allocated "
                     "nonpaged memory: %s",
                     Ddi, Length, VirtualAddress, Where);
  }
  *Buffer = NULL;
  *Status = NDIS_STATUS_FAILURE;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return;
  A = ndisrt_pool_alloc(sizeof(MDL), NdisRtFamBuffer, NdisRtKindObject, Ddi,
                        File, Line);
  if (!A)
    return;
  A->Owner = Pool;
  if (Pool)
    ++((BUFFER_POOL *)Pool->Base)->Outstanding;
  Mdl = (PMDL)A->Base;
  Mdl->Next = NULL;
  Mdl->Size = (CSHORT)sizeof(MDL);
  Mdl->MdlFlags = 0;
  Mdl->Process = NULL;
  Mdl->MappedSystemVa = VirtualAddress;
  Mdl->StartVa = VirtualAddress;
  Mdl->ByteCount = Length;
  Mdl->ByteOffset = 0;
  *Buffer = Mdl;
  *Status = NDIS_STATUS_SUCCESS;
}

void ndisrt_buffer_released(NDISRT_ALLOC *A) {
  NDISRT_ALLOC *Pool = A->Owner;
  if (Pool && Pool->Live && ((BUFFER_POOL *)Pool->Base)->Outstanding)
    --((BUFFER_POOL *)Pool->Base)->Outstanding;
}

VOID NdisRt_NdisFreeBuffer(PNDIS_BUFFER Buffer, const char *File, int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisFreeBuffer", NULL, File, Line);
  A = ndisrt_check_free(Buffer, NdisRtFamBuffer, "NdisFreeBuffer", File, Line);
  if (!A)
    return;
  ndisrt_buffer_released(A);
  ndisrt_pool_release(A, "NdisFreeBuffer", File, Line);
}
