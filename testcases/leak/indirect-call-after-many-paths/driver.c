/*
 * leak/indirect-call-after-many-paths - an event handed to a handler
 * through a function pointer, in a function whose earlier branches already
 * make many paths.
 *
 * NdisAllocateMemoryWithTag: the memory must be released with
 * NdisFreeMemory. A handler called through a pointer keeps what it is
 * given when it succeeds and leaves it with the caller when it fails (see
 * leak/indirect-call-kept-on-success). The checker bounds the paths it
 * keeps apart; it once merged the handler's success with its failure when
 * the earlier branches had made too many paths, and missed the leak.
 *
 * MpPostEvent frees a refused event (right); MpAuditEvent returns without
 * freeing it (wrong). Each first fills the event on several independent
 * branches.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_EVENT {
  ULONG Code;
  ULONG Priority;
  ULONG Source;
  ULONG Flags;
  PVOID Data;
} MP_EVENT, *PMP_EVENT;

typedef struct _MP_ADAPTER *PMP_ADAPTER;
typedef NDIS_STATUS (*MP_EVENT_SINK)(PMP_ADAPTER Adapter, PMP_EVENT Event);

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  MP_EVENT_SINK Sink;
  MP_EVENT_SINK Audit;
  PMP_EVENT Queued;
  BOOLEAN Urgent;
  BOOLEAN Local;
  BOOLEAN Verbose;
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

/* Refuses every event: the caller still owns it. */
static NDIS_STATUS MpRefuseEvent(PMP_ADAPTER Adapter, PMP_EVENT Event) {
  UNREFERENCED_PARAMETER(Adapter);
  UNREFERENCED_PARAMETER(Event);
  return NDIS_STATUS_NOT_ACCEPTED;
}

/* Sets the event's fields on independent branches: 8 paths. */
#define MP_FILL_EVENT(Adapter, Event)                                          \
  do {                                                                         \
    if ((Adapter)->Urgent)                                                     \
      (Event)->Priority = 1;                                                   \
    if ((Adapter)->Local)                                                      \
      (Event)->Source = 2;                                                     \
    if ((Adapter)->Verbose)                                                    \
      (Event)->Data = (Adapter);                                               \
  } while (0)

static NDIS_STATUS MpPostEvent(PMP_ADAPTER Adapter, ULONG Code) {
  PMP_EVENT Event;
  NDIS_STATUS Status;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Event, sizeof(MP_EVENT), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Event, sizeof(MP_EVENT));
  Event->Code = Code;
  MP_FILL_EVENT(Adapter, Event);
  Status = Adapter->Sink(Adapter, Event);
  /* Right: pending, the sink has it; otherwise it is freed here. */
  if (Status == NDIS_STATUS_PENDING)
    return Status;
  NdisFreeMemory(Event, sizeof(MP_EVENT), 0);
  return Status;
}

static NDIS_STATUS MpAuditEvent(PMP_ADAPTER Adapter, ULONG Code) {
  PMP_EVENT Event;
  NDIS_STATUS Status;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Event, sizeof(MP_EVENT), MP_TAG); // expect: ndis-leak
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Event, sizeof(MP_EVENT));
  Event->Code = Code;
  MP_FILL_EVENT(Adapter, Event);
  Status = Adapter->Audit(Adapter, Event);
  /* Wrong: a refused event is still ours, and nothing frees it. */
  if (!NT_SUCCESS(Status))
    return Status;
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
  Adapter->Sink = MpQueueEvent;
  Adapter->Audit = MpRefuseEvent;

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
