/*
 * shared_memory.c - DMA registration and shared memory.
 *
 * "A miniport driver must have already called NdisMRegisterScatterGatherDma
 * or NdisMRegisterDmaChannel ... before calling NdisAllocateSharedMemory";
 * an NDIS 5 bus-master miniport calls NdisMAllocateMapRegisters ("must call
 * this function before it calls the NdisMAllocateSharedMemory function") or
 * NdisMInitializeScatterGatherDma first. The runtime counts live DMA
 * registrations; shared memory is tracked like pool, as memory of kind
 * "shared" (acceptable to NdisAllocateMdl).
 */
#include "ndisrt_internal.h"

#include <string.h>

static unsigned DmaRegistrations;
/* NdisMInitializeScatterGatherDma: nothing releases it. */
static BOOLEAN Ndis5ScatterGather;

BOOLEAN ndisrt_dma_registered(void) {
  return DmaRegistrations != 0 || Ndis5ScatterGather;
}
void ndisrt_dma_reset(void) {
  DmaRegistrations = 0;
  Ndis5ScatterGather = FALSE;
}

static NDIS_HANDLE register_dma(NDISRT_FAMILY Family, const char *Ddi,
                                const char *File, int Line) {
  NDISRT_ALLOC *A;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(ULONG_PTR), Family, NdisRtKindObject, Ddi, File,
                        Line);
  if (!A)
    return NULL;
  ++DmaRegistrations;
  return A->Base;
}

static void deregister_dma(NDIS_HANDLE Handle, NDISRT_FAMILY Family,
                           const char *Ddi, const char *File, int Line) {
  NDISRT_ALLOC *A = ndisrt_check_free(Handle, Family, Ddi, File, Line);
  if (!A)
    return;
  --DmaRegistrations;
  ndisrt_pool_release(A, Ddi, File, Line);
}

NDIS_STATUS NdisRt_NdisMRegisterScatterGatherDma(
    NDIS_HANDLE MiniportAdapterHandle, PNDIS_SG_DMA_DESCRIPTION DmaDescription,
    PNDIS_HANDLE NdisMiniportDmaHandle, const char *File, int Line) {
  static const char Ddi[] = "NdisMRegisterScatterGatherDma";
  (void)MiniportAdapterHandle;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  if (DmaDescription)
    DmaDescription->ScatterGatherListSize =
        (ULONG)(sizeof(SCATTER_GATHER_LIST) +
                16 * sizeof(SCATTER_GATHER_ELEMENT));
  *NdisMiniportDmaHandle = register_dma(NdisRtFamSgDma, Ddi, File, Line);
  return *NdisMiniportDmaHandle ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

VOID NdisRt_NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle,
                                            const char *File, int Line) {
  static const char Ddi[] = "NdisMDeregisterScatterGatherDma";
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  deregister_dma(NdisMiniportDmaHandle, NdisRtFamSgDma, Ddi, File, Line);
}

NDIS_STATUS NdisRt_NdisMRegisterDmaChannel(PNDIS_HANDLE MiniportDmaHandle,
                                           NDIS_HANDLE MiniportAdapterHandle,
                                           UINT DmaChannel,
                                           BOOLEAN Dma32BitAddresses,
                                           PNDIS_DMA_DESCRIPTION DmaDescription,
                                           ULONG MaximumLength,
                                           const char *File, int Line) {
  static const char Ddi[] = "NdisMRegisterDmaChannel";
  (void)MiniportAdapterHandle;
  (void)DmaChannel;
  (void)Dma32BitAddresses;
  (void)DmaDescription;
  (void)MaximumLength;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  *MiniportDmaHandle = register_dma(NdisRtFamDmaChannel, Ddi, File, Line);
  return *MiniportDmaHandle ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

VOID NdisRt_NdisMDeregisterDmaChannel(NDIS_HANDLE MiniportDmaHandle,
                                      const char *File, int Line) {
  static const char Ddi[] = "NdisMDeregisterDmaChannel";
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  deregister_dma(MiniportDmaHandle, NdisRtFamDmaChannel, Ddi, File, Line);
}

/* ---- NDIS 5 --------------------------------------------------------------
 */

NDIS_STATUS NdisRt_NdisMAllocateMapRegisters(NDIS_HANDLE MiniportAdapterHandle,
                                             UINT DmaChannel,
                                             NDIS_DMA_SIZE DmaSize,
                                             ULONG BaseMapRegistersNeeded,
                                             ULONG MaximumBufferSize,
                                             const char *File, int Line) {
  static const char Ddi[] = "NdisMAllocateMapRegisters";
  (void)DmaChannel;
  (void)DmaSize;
  (void)BaseMapRegistersNeeded;
  (void)MaximumBufferSize;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_RESOURCES;
  /* Held against the adapter (the database's keyedBy). */
  if (!ndisrt_keyed_acquire(NdisRtFamMapRegisters, MiniportAdapterHandle, Ddi,
                            File, Line))
    return NDIS_STATUS_RESOURCES;
  ++DmaRegistrations;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisMFreeMapRegisters(NDIS_HANDLE MiniportAdapterHandle,
                                  const char *File, int Line) {
  static const char Ddi[] = "NdisMFreeMapRegisters";
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  if (ndisrt_keyed_release(NdisRtFamMapRegisters, MiniportAdapterHandle, TRUE,
                           Ddi, File, Line))
    --DmaRegistrations;
}

NDIS_STATUS
NdisRt_NdisMInitializeScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle,
                                       BOOLEAN Dma64BitAddresses,
                                       ULONG MaximumPhysicalMapping,
                                       const char *File, int Line) {
  (void)MiniportAdapterHandle;
  (void)Dma64BitAddresses;
  (void)MaximumPhysicalMapping;
  ndisrt_require_exact(PASSIVE_LEVEL, "NdisMInitializeScatterGatherDma", NULL,
                       File, Line);
  Ndis5ScatterGather = TRUE;
  return NDIS_STATUS_SUCCESS;
}

static void check_dma(const char *Ddi, const char *File, int Line) {
  if (ndisrt_dma_registered())
    return;
  if (NdisRt_Registration()->Kind == NdisRtDriverMiniport5)
    ndisrt_violation("ndis-shared-memory-before-dma", File, Line,
                     "%s before NdisMAllocateMapRegisters or "
                     "NdisMInitializeScatterGatherDma",
                     Ddi);
  else
    ndisrt_violation("ndis-shared-memory-before-dma", File, Line,
                     "%s before NdisMRegisterScatterGatherDma or "
                     "NdisMRegisterDmaChannel",
                     Ddi);
}

NDIS_STATUS NdisRt_NdisAllocateSharedMemory(
    NDIS_HANDLE NdisHandle, PNDIS_SHARED_MEMORY_PARAMETERS Params,
    PNDIS_HANDLE pAllocationHandle, const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateSharedMemory";
  NDISRT_REGISTRATION *R = NdisRt_Registration();
  NDISRT_ALLOC *A;
  (void)NdisHandle;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  /* The DMA precondition is stated for miniport drivers. */
  if (!R->FilterRegistered && !R->ProtocolRegistered)
    check_dma(Ddi, File, Line);
  *pAllocationHandle = NULL;
  if (!Params)
    return NDIS_STATUS_INVALID_PARAMETER;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_RESOURCES;
  A = ndisrt_pool_alloc(Params->Length, NdisRtFamSharedMemory, NdisRtKindShared,
                        Ddi, File, Line);
  if (!A)
    return NDIS_STATUS_RESOURCES;
  Params->VirtualAddress = A->Base;
  if (Params->SGListBuffer &&
      Params->SGListBufferLength >= sizeof(SCATTER_GATHER_LIST)) {
    Params->SGListBuffer->NumberOfElements = 1;
    Params->SGListBuffer->Elements[0].Address.QuadPart =
        (LONGLONG)(ULONG_PTR)A->Base;
    Params->SGListBuffer->Elements[0].Length = Params->Length;
  }
  /* The allocation handle is the block itself: one record, one identity. */
  *pAllocationHandle = A->Base;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisFreeSharedMemory(NDIS_HANDLE NdisHandle,
                                 NDIS_HANDLE AllocationHandle, const char *File,
                                 int Line) {
  static const char Ddi[] = "NdisFreeSharedMemory";
  NDISRT_ALLOC *A;
  (void)NdisHandle;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(AllocationHandle, NdisRtFamSharedMemory, Ddi, File,
                        Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

VOID NdisRt_NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle,
                                      ULONG Length, BOOLEAN Cached,
                                      PVOID *VirtualAddress,
                                      PNDIS_PHYSICAL_ADDRESS PhysicalAddress,
                                      const char *File, int Line) {
  static const char Ddi[] = "NdisMAllocateSharedMemory";
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  check_dma(Ddi, File, Line);
  *VirtualAddress = NULL;
  if (PhysicalAddress)
    PhysicalAddress->QuadPart = 0;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return;
  A = ndisrt_pool_alloc(Length, NdisRtFamMSharedMemory, NdisRtKindShared, Ddi,
                        File, Line);
  if (!A)
    return;
  A->Cached = Cached;
  *VirtualAddress = A->Base;
  /* A stand-in device-logical address: the virtual one. */
  if (PhysicalAddress)
    PhysicalAddress->QuadPart = (LONGLONG)(ULONG_PTR)A->Base;
}

VOID NdisRt_NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle,
                                  ULONG Length, BOOLEAN Cached,
                                  PVOID VirtualAddress,
                                  NDIS_PHYSICAL_ADDRESS PhysicalAddress,
                                  const char *File, int Line) {
  static const char Ddi[] = "NdisMFreeSharedMemory";
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  (void)PhysicalAddress;
  /* "<= DISPATCH_LEVEL"; only the allocation is PASSIVE_LEVEL. */
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(VirtualAddress, NdisRtFamMSharedMemory, Ddi, File,
                        Line);
  if (!A)
    return;
  if (Length != A->Size || (Cached != 0) != (A->Cached != 0))
    ndisrt_violation("ndis-free-mismatch", File, Line,
                     "%s(Length %u, Cached %d) of memory allocated at %s:%d "
                     "with Length %zu, Cached %d",
                     Ddi, (unsigned)Length, Cached != 0, A->File, A->Line,
                     A->Size, A->Cached != 0);
  ndisrt_pool_release(A, Ddi, File, Line);
}
