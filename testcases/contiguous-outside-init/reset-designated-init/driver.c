/*
 * contiguous-outside-init/reset-designated-init - contiguous memory requested
 * in MiniportReset, a handler known only through the NDIS 5
 * characteristics (a designated initialiser: NDIS 5 has no role typedefs).
 *
 * NdisAllocateMemory: "Only miniport drivers can set the MemoryFlags with
 * either or both of the NDIS_MEMORY_XXX when they make initialization-time
 * calls to NdisAllocateMemory." and "NIC drivers that allocate contiguous
 * and/or noncached memory must be running at IRQL = PASSIVE_LEVEL during
 * initialization." MiniportReset runs at IRQL <= DISPATCH_LEVEL, after
 * initialisation.
 *
 * MpReset rebuilds the receive ring in freshly allocated contiguous memory
 * (wrong); MpInitialize allocates both rings up front (right), and the right
 * MpReset would just reinitialise the descriptors of the ring it has.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID SpareRxRing;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->SpareRxRing != NULL)
    NdisFreeMemory(Adapter->SpareRxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MpInitialize(_Out_ PNDIS_STATUS OpenErrorStatus,
                         _Out_ PUINT SelectedMediumIndex,
                         _In_ PNDIS_MEDIUM MediumArray,
                         _In_ UINT MediumArraySize,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE WrapperConfigurationContext) {
  PMP_ADAPTER Adapter;
  NDIS_STATUS Status;
  UINT i;

  UNREFERENCED_PARAMETER(OpenErrorStatus);
  UNREFERENCED_PARAMETER(WrapperConfigurationContext);

  for (i = 0; i < MediumArraySize; i++) {
    if (MediumArray[i] == NdisMedium802_3)
      break;
  }
  if (i == MediumArraySize)
    return NDIS_STATUS_UNSUPPORTED_MEDIA;
  *SelectedMediumIndex = i;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;

  /* Right: contiguous memory while initialising. */
  Status = NdisAllocateMemory(&Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS) {
    MpFreeAdapter(Adapter);
    return Status;
  }

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  NDIS_STATUS Status = NDIS_STATUS_SUCCESS;

  *AddressingReset = FALSE;
  /* Wrong: contiguous memory in MiniportReset. Right: allocate the spare
   * ring in MpInitialize, or reuse Adapter->RxRing. */
  if (Adapter->SpareRxRing == NULL)
    Status = NdisAllocateMemory(&Adapter->SpareRxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax); // expect: ndis-irql, ndis-contiguous-outside-init
  return Status == NDIS_STATUS_SUCCESS ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
  return NDIS_STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_STATUS Status;
  NDIS_MINIPORT_CHARACTERISTICS Chars = {
      .MajorNdisVersion = 5,
      .MinorNdisVersion = 1,
      .InitializeHandler = MpInitialize,
      .HaltHandler = MpHalt,
      .ResetHandler = MpReset,
      .SendHandler = MpSend,
  };

  NdisMInitializeWrapper(&MpWrapperHandle, DriverObject, RegistryPath, NULL);
  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
