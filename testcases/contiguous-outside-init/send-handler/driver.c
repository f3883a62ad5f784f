/*
 * contiguous-outside-init/send-handler - contiguous memory requested from
 * MiniportSend.
 *
 * NdisAllocateMemory: "Only miniport drivers can set the MemoryFlags with
 * either or both of the NDIS_MEMORY_XXX when they make initialization-time
 * calls to NdisAllocateMemory." ... "Attempts to allocate either of these
 * types of memory except during driver initialization are a programming
 * error." ... "NIC drivers that allocate contiguous and/or noncached memory
 * must be running at IRQL = PASSIVE_LEVEL during initialization."
 *
 * An NDIS 5.1 miniport makes its transmit bounce buffer lazily, on the first
 * send (wrong twice: MiniportSend is not initialisation, and it runs at
 * IRQL <= DISPATCH_LEVEL, not PASSIVE_LEVEL). The receive ring is made in
 * MiniportInitialize (right); the right place for the bounce buffer is
 * there too.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_BOUNCE_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID TxBounce;
  ULONG PacketsSent;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->TxBounce != NULL)
    NdisFreeMemory(Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
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

  /* Right: contiguous memory while initialising, at PASSIVE_LEVEL. */
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

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);

  /* Wrong: contiguous memory on the data path. Right: allocate the bounce
   * buffer in MpInitialize next to the receive ring. */
  if (Adapter->TxBounce == NULL) {
    Status = NdisAllocateMemory(&Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax); // expect: ndis-irql, ndis-contiguous-outside-init
    if (Status != NDIS_STATUS_SUCCESS)
      return NDIS_STATUS_RESOURCES;
  }
  Adapter->PacketsSent++;
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_STATUS Status;
  NDIS_MINIPORT_CHARACTERISTICS Chars;

  NdisMInitializeWrapper(&MpWrapperHandle, DriverObject, RegistryPath, NULL);

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.InitializeHandler = MpInitialize;
  Chars.HaltHandler = MpHalt;
  Chars.ResetHandler = MpReset;
  Chars.SendHandler = MpSend;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
