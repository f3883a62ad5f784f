/*
 * free-mismatch/wrong-length - NdisFreeMemory with another Length or
 * MemoryFlags than the allocation.
 *
 * NdisAllocateMemory, Length: "Specifies the size in bytes to be
 * allocated." and MemoryFlags: "Specifies zero or a bitmask designating the
 * type(s) of memory to allocate, as follows:" - NdisFreeMemory must be
 * given the same MemoryFlags, 0 for memory from NdisAllocateMemoryWithTag,
 * which takes no flags, and the same Length unless MemoryFlags is 0:
 * NdisFreeMemory, Length: "If the memory was allocated with
 * NdisAllocateMemoryWithTagPriority or the MemoryFlags parameter is zero,
 * this parameter is ignored."
 *
 * MpAllocLookup() frees its noncached table with the size of one entry
 * instead of the table's (wrong); MpAllocHistory() frees tagged memory with
 * NDIS_MEMORY_NONCACHED (wrong); MpAllocIndex() frees with the allocation's
 * length and 0 (right).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_ENTRY_SIZE 16
#define MP_TABLE_SIZE (MP_ENTRY_SIZE * 32)

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  ULONG Checksum;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
static NDIS_PHYSICAL_ADDRESS MpHighest = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

/* Wrong: with NDIS_MEMORY_NONCACHED, Length must be MP_TABLE_SIZE, what was
 * allocated. (Called from MpInitialize, at PASSIVE_LEVEL.) */
static VOID MpAllocLookup(PMP_ADAPTER Adapter) {
  PUCHAR Table;

  if (NdisAllocateMemory((PVOID *)&Table, MP_TABLE_SIZE, NDIS_MEMORY_NONCACHED, MpHighest) != NDIS_STATUS_SUCCESS)
    return;
  NdisZeroMemory(Table, MP_TABLE_SIZE);
  Adapter->Checksum += Table[0];
  NdisFreeMemory(Table, MP_ENTRY_SIZE, NDIS_MEMORY_NONCACHED); // expect: ndis-free-mismatch
}

/* Wrong: tagged memory must be freed with MemoryFlags 0. */
static VOID MpAllocHistory(PMP_ADAPTER Adapter) {
  PUCHAR History;

  if (NdisAllocateMemoryWithTag((PVOID *)&History, MP_TABLE_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  NdisZeroMemory(History, MP_TABLE_SIZE);
  Adapter->Checksum += History[1];
  NdisFreeMemory(History, MP_TABLE_SIZE, NDIS_MEMORY_NONCACHED); // expect: ndis-free-mismatch
}

/* Right. */
static VOID MpAllocIndex(PMP_ADAPTER Adapter) {
  PUCHAR Index;

  if (NdisAllocateMemoryWithTag((PVOID *)&Index, MP_TABLE_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  NdisZeroMemory(Index, MP_TABLE_SIZE);
  Adapter->Checksum += Index[2];
  NdisFreeMemory(Index, MP_TABLE_SIZE, 0);
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
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

  MpAllocLookup(Adapter);
  MpAllocHistory(Adapter);
  MpAllocIndex(Adapter);

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
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
