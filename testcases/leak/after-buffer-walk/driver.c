/*
 * leak/after-buffer-walk - a leak after a loop that walks variable-length
 * entries of a buffer is still found.
 *
 * NdisAllocateMemoryWithTag: the memory must be released with
 * NdisFreeMemory. MpCountEntries walks the adapter's packed log entries
 * (`Entry = (PMP_ENTRY)(Entry->Text + Entry->Length)`: each turn of the
 * loop reaches one entry further into the buffer), then copies the count
 * into a scratch block. It frees the block when it is done with it (right),
 * but not on the early return for an empty log (wrong). A pointer that
 * goes one step deeper on every turn once made the analysis give the
 * whole function up, and the leak went unreported.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_ENTRIES 4

typedef struct _MP_ENTRY {
  ULONG Length;
  UCHAR Text[1];
} MP_ENTRY, *PMP_ENTRY;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  ULONG Count;
  UCHAR Log[64];
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static NDIS_STATUS MpCountEntries(PMP_ADAPTER Adapter, ULONG Skip) {
  PMP_ENTRY Entry = (PMP_ENTRY)Adapter->Log;
  PULONG Scratch;
  NDIS_STATUS Status;
  ULONG i, Total = 0;

  for (i = 0; i < MP_ENTRIES; i++) {
    if (Entry->Length > 8)
      break;
    Total += Entry->Length;
    Entry = (PMP_ENTRY)(Entry->Text + Entry->Length);
  }

  Status = NdisAllocateMemoryWithTag((PVOID *)&Scratch, sizeof(ULONG), MP_TAG); // expect: ndis-leak
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  *Scratch = Total;
  /* Wrong: the empty log returns without freeing the scratch block. */
  if (Skip == 0)
    return NDIS_STATUS_SUCCESS;
  Adapter->Count = *Scratch;
  /* Right: freed when done. */
  NdisFreeMemory(Scratch, sizeof(ULONG), 0);
  return NDIS_STATUS_SUCCESS;
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

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
  MpCountEntries(Adapter, 0);
  MpCountEntries(Adapter, 1);
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
