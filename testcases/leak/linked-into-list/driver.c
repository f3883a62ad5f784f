/*
 * leak/linked-into-list - pending entries linked into the adapter's list
 * through their embedded LIST_ENTRY, which halt drains and frees, and an
 * entry an early return leaves unlinked.
 *
 * NdisFreeMemory: "NdisFreeMemory releases a block of memory that was
 * previously allocated with NdisAllocateMemoryWithTag"; MiniportHalt must
 * release what the miniport allocated. An entry given to InsertTailList by
 * the address of its Link field lives on in the list: it is not lost when
 * the function returns.
 *
 * MpQueuePending links each entry into Adapter->Pending (right: MpHalt
 * frees the list). MpQueuePendingWrong returns before linking an entry with
 * Id 0 (wrong: nothing holds or frees it).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_PENDING {
  LIST_ENTRY Link;
  ULONG Id;
} MP_PENDING, *PMP_PENDING;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  LIST_ENTRY Pending;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpQueuePending(PMP_ADAPTER Adapter, ULONG Id) {
  PMP_PENDING Entry;

  if (NdisAllocateMemoryWithTag((PVOID *)&Entry, sizeof(MP_PENDING), MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  Entry->Id = Id;
  InsertTailList(&Adapter->Pending, &Entry->Link);
}

/* Wrong: an entry with Id 0 is neither linked nor freed. Right: free it
 * before returning, or link it as MpQueuePending does. */
static VOID MpQueuePendingWrong(PMP_ADAPTER Adapter, ULONG Id) {
  PMP_PENDING Entry;

  if (NdisAllocateMemoryWithTag((PVOID *)&Entry, sizeof(MP_PENDING), MP_TAG) != NDIS_STATUS_SUCCESS) // expect: ndis-leak
    return;
  Entry->Id = Id;
  if (Id == 0)
    return;
  InsertTailList(&Adapter->Pending, &Entry->Link);
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  while (!IsListEmpty(&Adapter->Pending)) {
    PLIST_ENTRY Link = RemoveHeadList(&Adapter->Pending);
    NdisFreeMemory(CONTAINING_RECORD(Link, MP_PENDING, Link), sizeof(MP_PENDING), 0);
  }
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

  InitializeListHead(&Adapter->Pending);
  MpQueuePending(Adapter, 1);
  MpQueuePending(Adapter, 2);
  MpQueuePendingWrong(Adapter, 3);
  MpQueuePendingWrong(Adapter, 0);

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
