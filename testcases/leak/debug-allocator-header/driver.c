/*
 * leak/debug-allocator-header - a debug allocator that puts a header in
 * front of every block, links the header into a global list and hands out
 * the address after it (a member of an anonymous union); its free routine
 * finds the header again with CONTAINING_RECORD, unlinks it and frees it.
 *
 * NdisFreeMemory: "NdisFreeMemory releases a block of memory that was
 * previously allocated with NdisAllocateMemoryWithTag": the block is the
 * header, which MpDbgFree frees.
 *
 * MpUseScratch allocates through MpDbgAlloc and frees through MpDbgFree
 * (right: no leak, no wrong free). Only right code: a block the driver
 * forgets stays on the global debug list, which the checker takes as kept
 * (leak/early-return and leak/linked-into-list show the wrong code).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_SCRATCH_SIZE 64

typedef struct _MP_DBG_HEADER {
  struct _MP_DBG_HEADER *Next;
  struct _MP_DBG_HEADER *Prev;
  ULONG Size;
  union {
    ULONGLONG Alignment;
    UCHAR UserData;
  };
} MP_DBG_HEADER, *PMP_DBG_HEADER;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  ULONG Checksum;
} MP_ADAPTER, *PMP_ADAPTER;

PMP_DBG_HEADER MpDbgHead, MpDbgTail;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static PVOID MpDbgAlloc(ULONG Size) {
  PMP_DBG_HEADER Header;

  if (NdisAllocateMemoryWithTag((PVOID *)&Header, Size + sizeof(MP_DBG_HEADER), MP_TAG) != NDIS_STATUS_SUCCESS)
    return NULL;
  Header->Size = Size;
  Header->Next = NULL;
  Header->Prev = MpDbgTail;
  if (MpDbgTail == NULL)
    MpDbgHead = Header;
  else
    MpDbgTail->Next = Header;
  MpDbgTail = Header;
  return &Header->UserData;
}

static VOID MpDbgFree(PVOID Block) {
  PMP_DBG_HEADER Header = CONTAINING_RECORD(Block, MP_DBG_HEADER, UserData);

  if (Header->Prev != NULL)
    Header->Prev->Next = Header->Next;
  else
    MpDbgHead = Header->Next;
  if (Header->Next != NULL)
    Header->Next->Prev = Header->Prev;
  else
    MpDbgTail = Header->Prev;
  NdisFreeMemory(Header, Header->Size + sizeof(MP_DBG_HEADER), 0);
}

static VOID MpUseScratch(PMP_ADAPTER Adapter) {
  PUCHAR Scratch = MpDbgAlloc(MP_SCRATCH_SIZE);

  if (Scratch == NULL)
    return;
  NdisZeroMemory(Scratch, MP_SCRATCH_SIZE);
  Adapter->Checksum += Scratch[0];
  MpDbgFree(Scratch);
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

  MpUseScratch(Adapter);

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
