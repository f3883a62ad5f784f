/*
 * violations_ndis6.c - an NDIS 6 miniport with one bug per rule the
 * runtime checks, each next to the right code: memory kept by initialisation
 * that halt forgets (ndis-halt-leak), memory only a local held (ndis-leak),
 * a double free, a wrong free, a mismatched free, an MDL over the stack,
 * shared memory before DMA, an NDIS 5 DDI, and two failure paths seen only
 * when --walk-failures makes an allocation fail: one frees what it never
 * got, one uses the NULL it got (ndis-unchecked-failure).
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define TAG 'vRdN'

typedef struct _ADAPTER {
  NDIS_HANDLE Handle;
  PVOID Stats;
  PVOID Scratch;
  PVOID Lookaside;
  PVOID Legacy;
  PVOID Early;
  NDIS_PHYSICAL_ADDRESS EarlyPa;
  ULONG Checksum;
  NDIS_HANDLE Dma;
} ADAPTER, *PADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE MpInitializeEx;
MINIPORT_HALT MpHaltEx;
MINIPORT_UNLOAD MpUnload;

static NDIS_HANDLE DriverHandle;

NDIS_STATUS MpInitializeEx(NDIS_HANDLE NdisMiniportHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Reg;
  NDIS_SG_DMA_DESCRIPTION DmaDesc;
  UCHAR Header[14];
  PMDL Mdl;
  PADAPTER A;
  PVOID Counters;
  PUCHAR Probe;
  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(MiniportInitParameters);

  A = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(ADAPTER), TAG, NormalPoolPriority);
  if (A == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(A, sizeof(ADAPTER));
  A->Handle = NdisMiniportHandle;

  /* Wrong: an NDIS 5 DDI in an NDIS 6 driver. Right: ...WithTagPriority. */
  if (NdisAllocateMemoryWithTag(&A->Legacy, 32, TAG) != NDIS_STATUS_SUCCESS) // expect-rt: ndis-ndis5-only
    A->Legacy = NULL;

  /* Wrong: shared memory before DMA is registered. Right: register first. */
  NdisMAllocateSharedMemory(NdisMiniportHandle, 256, FALSE, &A->Early, &A->EarlyPa); // expect-rt: ndis-shared-memory-before-dma
  NdisZeroMemory(&DmaDesc, sizeof(DmaDesc));
  DmaDesc.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
  DmaDesc.Header.Size = sizeof(DmaDesc);
  if (NdisMRegisterScatterGatherDma(NdisMiniportHandle, &DmaDesc, &A->Dma) != NDIS_STATUS_SUCCESS)
    A->Dma = NULL;

  /* Wrong: an MDL over the stack. Right: over nonpaged memory (below). */
  Mdl = NdisAllocateMdl(NdisMiniportHandle, Header, sizeof(Header)); // expect-rt: ndis-mdl-nonpaged
  if (Mdl != NULL)
    NdisFreeMdl(Mdl);

  /* Kept in the adapter context, but halt forgets it. */
  A->Stats = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, 128, TAG, NormalPoolPriority); // expect-rt: ndis-halt-leak

  /* Leaked: only a local ever held it. */
  Counters = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, 16, TAG, NormalPoolPriority); // expect-rt: ndis-leak
  if (Counters != NULL)
    NdisZeroMemory(Counters, 16);

  /* Wrong on the failure path only: the NULL is used before any check. */
  Probe = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, 16, TAG, NormalPoolPriority);
  Probe[3] = 0x5a; // expect-rt: ndis-unchecked-failure walk-only
  A->Checksum = Probe[3];
  NdisFreeMemoryWithTagPriority(NdisMiniportHandle, Probe, TAG);

  A->Scratch = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, 64, TAG, NormalPoolPriority);
  if (A->Scratch == NULL) {
    /* Wrong on this failure path only: Lookaside was never allocated. */
    NdisFreeMemoryWithTagPriority(NdisMiniportHandle, A->Lookaside, TAG); // expect-rt: ndis-wrong-free walk-only
  } else {
    Mdl = NdisAllocateMdl(NdisMiniportHandle, A->Scratch, 64);
    if (Mdl != NULL)
      NdisFreeMdl(Mdl);
  }

  NdisZeroMemory(&Reg, sizeof(Reg));
  Reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  Reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Reg.MiniportAdapterContext = A;
  NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Reg);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
  PADAPTER A = (PADAPTER)MiniportAdapterContext;
  UNREFERENCED_PARAMETER(HaltAction);
  if (A->Scratch != NULL) {
    NdisFreeMemoryWithTagPriority(A->Handle, A->Scratch, TAG);
    NdisFreeMemoryWithTagPriority(A->Handle, A->Scratch, TAG); // expect-rt: ndis-double-free
  }
  if (A->Legacy != NULL)
    NdisFreeMemory(A->Legacy, 32, NDIS_MEMORY_NONCACHED); // expect-rt: ndis-free-mismatch
  if (A->Early != NULL)
    ExFreePool(A->Early); // expect-rt: ndis-wrong-free
  if (A->Dma != NULL)
    NdisMDeregisterScatterGatherDma(A->Dma);
  NdisFreeMemoryWithTagPriority(A->Handle, A, TAG);
}

VOID MpUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisMDeregisterMiniportDriver(DriverHandle);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
  Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  Chars.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
  Chars.InitializeHandlerEx = MpInitializeEx;
  Chars.HaltHandlerEx = MpHaltEx;
  Chars.UnloadHandler = MpUnload;
  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &DriverHandle);
}
