/*
 * leak/pending-test-after-success-code - a status that holds
 * NDIS_STATUS_SUCCESS itself is not NDIS_STATUS_PENDING.
 *
 * NdisAllocateMemoryWithTag: the memory must be released with
 * NdisFreeMemory. A handler called through a pointer that returns
 * NDIS_STATUS_PENDING keeps the event and completes it later; any other
 * status leaves it with the caller (see leak/indirect-call-kept-on-success).
 * NDIS_STATUS_PENDING is a success status (NT_SUCCESS), but a status that
 * was just tested equal to NDIS_STATUS_SUCCESS, or set from it, is not
 * NDIS_STATUS_PENDING: the checker once took `!= NDIS_STATUS_PENDING` as
 * possibly false there and reported a leak on the path that frees.
 *
 * MpPostEvent frees the event unless a deferred post left it pending
 * (right); MpAuditEvent frees it only when the status is not success, so
 * an event that was never deferred is leaked (wrong).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_EVENT {
  ULONG Code;
  PVOID Data;
} MP_EVENT, *PMP_EVENT;

typedef struct _MP_ADAPTER *PMP_ADAPTER;
typedef NDIS_STATUS (*MP_EVENT_SINK)(PMP_ADAPTER Adapter, PMP_EVENT Event);

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  MP_EVENT_SINK Sink;
  PMP_EVENT Queued;
  BOOLEAN Deferred;
} MP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

/* Keeps one event; MpHalt frees it. */
static NDIS_STATUS MpQueueEvent(PMP_ADAPTER Adapter, PMP_EVENT Event) {
  if (Adapter->Queued != NULL)
    return NDIS_STATUS_RESOURCES;
  Adapter->Queued = Event;
  return NDIS_STATUS_PENDING;
}

/* Returns NDIS_STATUS_SUCCESS itself when it hands back an event. */
static NDIS_STATUS MpAllocEvent(ULONG Code, PMP_EVENT *Out) {
  PMP_EVENT Event;

  if (NdisAllocateMemoryWithTag((PVOID *)&Event, sizeof(MP_EVENT), MP_TAG) != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
  Event->Code = Code;
  Event->Data = NULL;
  *Out = Event;
  return NDIS_STATUS_SUCCESS;
}

/* The same, for audit events. */
static NDIS_STATUS MpAllocAuditEvent(ULONG Code, PMP_EVENT *Out) {
  PMP_EVENT Event;

  if (NdisAllocateMemoryWithTag((PVOID *)&Event, sizeof(MP_EVENT), MP_TAG) != NDIS_STATUS_SUCCESS) // expect: ndis-leak
    return NDIS_STATUS_RESOURCES;
  Event->Code = Code;
  Event->Data = NULL;
  *Out = Event;
  return NDIS_STATUS_SUCCESS;
}

static VOID MpPostEvent(PMP_ADAPTER Adapter, ULONG Code) {
  PMP_EVENT Event;
  NDIS_STATUS Status;

  Status = MpAllocEvent(Code, &Event);
  if (Status != NDIS_STATUS_SUCCESS)
    return;
  if (Adapter->Deferred)
    Status = Adapter->Sink(Adapter, Event);
  /* Right: not deferred, Status is NDIS_STATUS_SUCCESS and the event is
   * freed; deferred and pending, the sink has it. */
  if (Status != NDIS_STATUS_PENDING)
    NdisFreeMemory(Event, sizeof(MP_EVENT), 0);
}

static VOID MpAuditEvent(PMP_ADAPTER Adapter, ULONG Code) {
  PMP_EVENT Event;
  NDIS_STATUS Status;

  Status = MpAllocAuditEvent(Code, &Event);
  if (Status != NDIS_STATUS_SUCCESS)
    return;
  if (Adapter->Deferred)
    Status = Adapter->Sink(Adapter, Event);
  /* Wrong: not deferred, Status is NDIS_STATUS_SUCCESS and nothing frees
   * the event. */
  if (Status != NDIS_STATUS_SUCCESS && Status != NDIS_STATUS_PENDING)
    NdisFreeMemory(Event, sizeof(MP_EVENT), 0);
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
  Adapter->Sink = MpQueueEvent;

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  if (Adapter->Queued != NULL)
    NdisFreeMemory(Adapter->Queued, sizeof(MP_EVENT), 0);
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
  MpAuditEvent(Adapter, 2);
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
