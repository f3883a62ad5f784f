/*
 * contiguous-outside-init/helper-init-and-reset - a helper that allocates
 * contiguous memory, shared by MiniportInitialize and MiniportReset.
 *
 * NdisAllocateMemory: "Attempts to allocate either of these types of memory
 * except during driver initialization are a programming error." and "NIC
 * drivers that allocate contiguous and/or noncached memory must be running
 * at IRQL = PASSIVE_LEVEL during initialization."
 *
 * MpAllocateShared() is called by MpInitialize (fine on its own) and by
 * MpReset, which keeps a snapshot of the hardware state on its first reset.
 * MiniportReset is neither initialisation nor PASSIVE_LEVEL only (it runs at
 * IRQL <= DISPATCH_LEVEL), so the allocation inside the helper is wrong on
 * that path. MpAllocateTxRing() is only called by MpInitialize (right). The
 * fix: allocate the snapshot buffer in MpInitialize as well, and only fill
 * it in MpReset.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_SNAPSHOT_SIZE 1024

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID TxRing;
  PVOID ResetSnapshot;
  ULONG Resets;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

/* Called from MpInitialize and from MpReset. */
static NDIS_STATUS MpAllocateShared(PVOID *Block, UINT Length) {
  return NdisAllocateMemory(Block, Length, NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED, MpHighestAcceptableMax); // expect: ndis-irql, ndis-contiguous-outside-init
}

/* Called from MpInitialize only: right. */
static NDIS_STATUS MpAllocateTxRing(PMP_ADAPTER Adapter) {
  return NdisAllocateMemory(&Adapter->TxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED, MpHighestAcceptableMax);
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->ResetSnapshot != NULL)
    NdisFreeMemory(Adapter->ResetSnapshot, MP_SNAPSHOT_SIZE, NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED);
  if (Adapter->TxRing != NULL)
    NdisFreeMemory(Adapter->TxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED);
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

  Status = MpAllocateShared(&Adapter->RxRing, MP_RING_SIZE);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  Status = MpAllocateTxRing(Adapter);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(Adapter);
  return Status;
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  /* Wrong through the helper: the first reset allocates contiguous memory. */
  if (Adapter->ResetSnapshot == NULL)
    (VOID)MpAllocateShared(&Adapter->ResetSnapshot, MP_SNAPSHOT_SIZE);
  Adapter->Resets++;
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
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
