/*
 * free-mismatch/length-from-branches - lengths computed in locals assigned
 * on branches, as drivers size descriptor rings for 32- or 64-bit DMA.
 *
 * NdisFreeMemory, Length: "The size, in bytes, of the memory block to be
 * released. If the memory was allocated with
 * NdisAllocateMemoryWithTagPriority or the MemoryFlags parameter is zero,
 * this parameter is ignored." - so with NDIS_MEMORY_NONCACHED it must be
 * the length allocated.
 *
 * MpInitialize allocates two noncached rings of MP_DESCRIPTORS descriptors
 * plus MP_ALIGNMENT bytes, each descriptor 16 or 32 bytes as the adapter
 * says. MpHalt computes the descriptor size again: it frees the receive
 * ring with the same length (right) and the transmit ring without the
 * alignment bytes (wrong: 1024 or 2048 is never 1088 or 2112, whichever
 * branch each took).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_DESCRIPTORS 64
#define MP_ALIGNMENT 64

typedef struct _MP_DESCRIPTOR_32 { ULONG Address, Length, Flags, Next; } MP_DESCRIPTOR_32;
typedef struct _MP_DESCRIPTOR_64 { ULONGLONG Address; ULONG Length, Flags; ULONGLONG Next, Reserved; } MP_DESCRIPTOR_64;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  BOOLEAN HighDma;
  PVOID RxRing;
  PVOID TxRing;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static NDIS_STATUS MpAllocateRings(PMP_ADAPTER Adapter) {
  ULONG Size;
  NDIS_STATUS Status;

  if (Adapter->HighDma)
    Size = sizeof(MP_DESCRIPTOR_64);
  else
    Size = sizeof(MP_DESCRIPTOR_32);
  Status = NdisAllocateMemory(&Adapter->RxRing, Size * MP_DESCRIPTORS + MP_ALIGNMENT, NDIS_MEMORY_NONCACHED, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  Status = NdisAllocateMemory(&Adapter->TxRing, Size * MP_DESCRIPTORS + MP_ALIGNMENT, NDIS_MEMORY_NONCACHED, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeMemory(Adapter->RxRing, Size * MP_DESCRIPTORS + MP_ALIGNMENT, NDIS_MEMORY_NONCACHED);
    Adapter->RxRing = NULL;
  }
  return Status;
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
  Adapter->HighDma = TRUE;

  Status = MpAllocateRings(Adapter);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
    return Status;
  }

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  ULONG DescriptorSize;

  if (Adapter->HighDma)
    DescriptorSize = sizeof(MP_DESCRIPTOR_64);
  else
    DescriptorSize = sizeof(MP_DESCRIPTOR_32);
  /* Right: the length allocated, computed the same way. */
  NdisFreeMemory(Adapter->RxRing, DescriptorSize * MP_DESCRIPTORS + MP_ALIGNMENT, NDIS_MEMORY_NONCACHED);
  /* Wrong: the alignment bytes are missing. */
  NdisFreeMemory(Adapter->TxRing, DescriptorSize * MP_DESCRIPTORS, NDIS_MEMORY_NONCACHED); // expect: ndis-free-mismatch
  NdisFreeMemory(Adapter, 0, 0);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
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
