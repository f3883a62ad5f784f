/*
 * double-free/nulled-before-loop - a block freed and set to NULL, then a
 * loop that takes one arm or the other on the pointer, then a guarded free.
 *
 * NdisFreeMemory: a block must be freed once. MpBindAll frees its name
 * buffer when the query (a function of another library) fails and sets the
 * pointer to NULL; a loop then
 * walks either the names (the pointer is not NULL) or the adapter's list
 * (it is), and afterwards `if (Names) NdisFreeMemory(Names, ...)` frees it
 * only if the first free did not happen (right: no double free). The fact
 * "NULL after the free" must survive the loop's join; it once did not, and
 * the guarded free was reported as a double free (ReactOS ndis.sys's
 * protocol binding has this shape).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_NAMES_SIZE 64

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  LIST_ENTRY Bindings;
  ULONG Bound;

} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

/* In the driver's configuration library, which this testcase does not
 * have: what it does with Names and which status it returns are unknown. */
NTSTATUS MpQueryNames(PMP_ADAPTER Adapter, PUCHAR Names);

static NTSTATUS MpBindAll(PMP_ADAPTER Adapter) {
  PUCHAR Names = NULL;
  PLIST_ENTRY Entry;
  NTSTATUS Status;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Names, MP_NAMES_SIZE, MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  Status = MpQueryNames(Adapter, Names);
  if (!NT_SUCCESS(Status)) {
    NdisFreeMemory(Names, MP_NAMES_SIZE, 0);
    Names = NULL;
  }
  if (!NT_SUCCESS(Status))
    Entry = Adapter->Bindings.Flink;
  else
    Entry = NULL;
  while (TRUE) {
    if (Names) {
      if (!Names[Adapter->Bound % MP_NAMES_SIZE])
        break;
    } else {
      if (Entry == &Adapter->Bindings)
        break;
    }
    Adapter->Bound++;
    if (Names)
      continue;
    Entry = Entry->Flink;
  }
  /* Right: freed here only when the query succeeded. */
  if (Names)
    NdisFreeMemory(Names, MP_NAMES_SIZE, 0);
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
  InitializeListHead(&Adapter->Bindings);
  Adapter->AdapterHandle = MiniportAdapterHandle;
  MpBindAll(Adapter);

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  NdisFreeMemory(MiniportAdapterContext, sizeof(MP_ADAPTER), 0);
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
