/*
 * leak/helper-declared-in-angled-header - a helper of the driver declared
 * in the driver's own header, which the driver includes with <...> from a
 * directory on its include path.
 *
 * NdisAllocateMemoryWithTag: the memory must be released with
 * NdisFreeMemory. Where a function is declared does not make it the
 * platform's: MpAllocEvent is defined in events.c, so what it allocates is
 * the driver's to free. (The checker once took every function declared in
 * a <...> header for an unknown platform function and missed the leak.)
 *
 * MpPostEvent frees the event it got from MpAllocEvent (right);
 * MpAuditEvent returns early without freeing it (wrong).
 */
#include <ndis.h>
#include <mpevents.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  ULONG Posted;
  ULONG Audited;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpPostEvent(PMP_ADAPTER Adapter, ULONG Code) {
  PMP_EVENT Event;

  if (MpAllocEvent(Code, &Event) != NDIS_STATUS_SUCCESS)
    return;
  Adapter->Posted += Event->Code;
  /* Right: freed on the only path. */
  MpFreeEvent(Event);
}

static VOID MpAuditEvent(PMP_ADAPTER Adapter, ULONG Code) {
  PMP_EVENT Event;

  if (MpAllocEvent(Code, &Event) != NDIS_STATUS_SUCCESS)
    return;
  /* Wrong: an event with code 0 is dropped without being freed. */
  if (Event->Code == 0)
    return;
  Adapter->Audited += Event->Code;
  MpFreeEvent(Event);
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
  MpPostEvent(Adapter, 1);
  MpAuditEvent(Adapter, 0);
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
