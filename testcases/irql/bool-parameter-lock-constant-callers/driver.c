/*
 * irql/bool-parameter-lock-constant-callers - the "AtDispatchLevel" idiom:
 * a helper picks NdisDprAcquireSpinLock or NdisAcquireSpinLock by a BOOLEAN
 * parameter, and each caller passes a constant for the IRQL it runs at.
 *
 * NdisDprAcquireSpinLock / NdisDprReleaseSpinLock need
 * IRQL = DISPATCH_LEVEL: they do not raise. NdisAcquireSpinLock raises to
 * DISPATCH_LEVEL and NdisReleaseSpinLock restores the IRQL. FilterAttach,
 * FilterRestart and FilterPause run at PASSIVE_LEVEL, an NDIS timer
 * function at DISPATCH_LEVEL (shared/reference/ndis-callback-irql.txt), an
 * NdisQueueIoWorkItem routine at PASSIVE_LEVEL; FilterSendNetBufferLists
 * says which in NDIS_SEND_FLAGS_DISPATCH_LEVEL.
 *
 * FltRefModule(Module, AtDispatchLevel) is called with FALSE from
 * FltAttach and the work item, TRUE from the timer function and the
 * dispatch-level flag from the send handler (right: every constant is the
 * caller's IRQL, and the release tests the same parameter as the acquire).
 * FltSetState(Module, State, AtDispatchLevel) is called with FALSE from
 * FltPause (right) and with TRUE from FltRestart (wrong: FilterRestart runs
 * at PASSIVE_LEVEL, so the Dpr routines hold the lock without raising).
 */
#define NDIS60 1
#include <ndis.h>

#define FLT_TAG 'tlFM'

typedef enum _FLT_STATE { FltPaused, FltRunning } FLT_STATE;

typedef struct _FLT_MODULE {
  NDIS_HANDLE FilterHandle;
  NDIS_HANDLE Timer;
  NDIS_HANDLE WorkItem;
  NDIS_SPIN_LOCK Lock;
  ULONG Users;
  FLT_STATE State;
} FLT_MODULE, *PFLT_MODULE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FltUnload;
FILTER_ATTACH FltAttach;
FILTER_DETACH FltDetach;
FILTER_RESTART FltRestart;
FILTER_PAUSE FltPause;
FILTER_SEND_NET_BUFFER_LISTS FltSendNetBufferLists;
NDIS_TIMER_FUNCTION FltTimer;
NDIS_IO_WORKITEM_FUNCTION FltWorkItem;

NDIS_HANDLE FltDriverHandle;

/* Right: acquire and release tested by the same parameter, and every caller
 * passes the IRQL it runs at. */
static VOID FltRefModule(PFLT_MODULE Module, BOOLEAN AtDispatchLevel) {
  if (AtDispatchLevel)
    NdisDprAcquireSpinLock(&Module->Lock);
  else
    NdisAcquireSpinLock(&Module->Lock);
  Module->Users++;
  if (AtDispatchLevel)
    NdisDprReleaseSpinLock(&Module->Lock);
  else
    NdisReleaseSpinLock(&Module->Lock);
}

/* Right with FALSE from FltPause; wrong with TRUE from FltRestart, the only
 * caller that reaches the Dpr routines. */
static VOID FltSetState(PFLT_MODULE Module, FLT_STATE State, BOOLEAN AtDispatchLevel) {
  if (AtDispatchLevel)
    NdisDprAcquireSpinLock(&Module->Lock); // expect: ndis-irql
  else
    NdisAcquireSpinLock(&Module->Lock);
  Module->State = State;
  if (AtDispatchLevel)
    NdisDprReleaseSpinLock(&Module->Lock); // expect: ndis-irql
  else
    NdisReleaseSpinLock(&Module->Lock);
}

static VOID FltFreeModule(PFLT_MODULE Module) {
  if (Module->WorkItem != NULL)
    NdisFreeIoWorkItem(Module->WorkItem);
  if (Module->Timer != NULL)
    NdisFreeTimerObject(Module->Timer);
  NdisFreeSpinLock(&Module->Lock);
  NdisFreeMemoryWithTagPriority(FltDriverHandle, Module, FLT_TAG);
}

/* Queued by FltTimer; runs at PASSIVE_LEVEL. */
VOID FltWorkItem(_In_opt_ PVOID WorkItemContext,
                 _In_ NDIS_HANDLE NdisIoWorkItemHandle) {
  UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
  /* Right: PASSIVE_LEVEL, FALSE. */
  FltRefModule((PFLT_MODULE)WorkItemContext, FALSE);
}

VOID FltTimer(_In_ PVOID SystemSpecific1, _In_ PVOID FunctionContext,
              _In_ PVOID SystemSpecific2, _In_ PVOID SystemSpecific3) {
  PFLT_MODULE Module = (PFLT_MODULE)FunctionContext;

  UNREFERENCED_PARAMETER(SystemSpecific1);
  UNREFERENCED_PARAMETER(SystemSpecific2);
  UNREFERENCED_PARAMETER(SystemSpecific3);
  /* Right: a timer function runs at DISPATCH_LEVEL, TRUE. */
  FltRefModule(Module, TRUE);
  NdisQueueIoWorkItem(Module->WorkItem, FltWorkItem, Module);
}

NDIS_STATUS FltAttach(_In_ NDIS_HANDLE NdisFilterHandle,
                      _In_ NDIS_HANDLE FilterDriverContext,
                      _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters) {
  PFLT_MODULE Module;
  NDIS_FILTER_ATTRIBUTES Attributes;
  NDIS_TIMER_CHARACTERISTICS TimerChars;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(FilterDriverContext);
  UNREFERENCED_PARAMETER(AttachParameters);

  Module = NdisAllocateMemoryWithTagPriority(FltDriverHandle, sizeof(FLT_MODULE), FLT_TAG, NormalPoolPriority);
  if (Module == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Module, sizeof(FLT_MODULE));
  Module->FilterHandle = NdisFilterHandle;
  Module->State = FltPaused;
  NdisAllocateSpinLock(&Module->Lock);

  NdisZeroMemory(&TimerChars, sizeof(TimerChars));
  TimerChars.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
  TimerChars.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
  TimerChars.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
  TimerChars.AllocationTag = FLT_TAG;
  TimerChars.TimerFunction = FltTimer;
  TimerChars.FunctionContext = Module;
  Status = NdisAllocateTimerObject(NdisFilterHandle, &TimerChars, &Module->Timer);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  Module->WorkItem = NdisAllocateIoWorkItem(NdisFilterHandle);
  if (Module->WorkItem == NULL) {
    Status = NDIS_STATUS_RESOURCES;
    goto Fail;
  }

  /* Right: FilterAttach runs at PASSIVE_LEVEL, FALSE. */
  FltRefModule(Module, FALSE);

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
  Attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
  Attributes.Header.Size = sizeof(Attributes);
  Status = NdisFSetAttributes(NdisFilterHandle, Module, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  return NDIS_STATUS_SUCCESS;

Fail:
  FltFreeModule(Module);
  return Status;
}

VOID FltDetach(_In_ NDIS_HANDLE FilterModuleContext) {
  FltFreeModule((PFLT_MODULE)FilterModuleContext);
}

NDIS_STATUS FltRestart(_In_ NDIS_HANDLE FilterModuleContext,
                       _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;
  LARGE_INTEGER DueTime;

  UNREFERENCED_PARAMETER(RestartParameters);
  /* Wrong: FilterRestart runs at PASSIVE_LEVEL and says TRUE, so FltSetState
   * takes the Dpr routines (the marked lines) without raising. Right: FALSE,
   * as FltPause passes. */
  FltSetState(Module, FltRunning, TRUE);
  DueTime.QuadPart = -10000000LL;
  NdisSetTimerObject(Module->Timer, DueTime, 1000, NULL);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS FltPause(_In_ NDIS_HANDLE FilterModuleContext,
                     _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  UNREFERENCED_PARAMETER(PauseParameters);
  NdisCancelTimerObject(Module->Timer);
  /* Right: FilterPause runs at PASSIVE_LEVEL, FALSE. */
  FltSetState(Module, FltPaused, FALSE);
  return NDIS_STATUS_SUCCESS;
}

VOID FltSendNetBufferLists(_In_ NDIS_HANDLE FilterModuleContext,
                           _In_ PNET_BUFFER_LIST NetBufferLists,
                           _In_ NDIS_PORT_NUMBER PortNumber,
                           _In_ ULONG SendFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  /* Right: not a constant, the flag NDIS sets at DISPATCH_LEVEL. */
  FltRefModule(Module, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags));
  NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID FltUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisFDeregisterFilterDriver(FltDriverHandle);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_FILTER_DRIVER_CHARACTERISTICS Chars;
  NDIS_STRING FriendlyName = NDIS_STRING_CONST("NdisCheck corpus filter");
  NDIS_STRING UniqueName = NDIS_STRING_CONST("{5cbf81bd-5055-47cd-9055-a76b2b4e369a}");
  NDIS_STRING ServiceName = NDIS_STRING_CONST("NdisCheckFlt");

  UNREFERENCED_PARAMETER(RegistryPath);

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
  Chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_1;
  Chars.Header.Size = sizeof(Chars);
  Chars.MajorNdisVersion = NDIS_FILTER_MAJOR_VERSION;
  Chars.MinorNdisVersion = NDIS_FILTER_MINOR_VERSION;
  Chars.FriendlyName = FriendlyName;
  Chars.UniqueName = UniqueName;
  Chars.ServiceName = ServiceName;
  Chars.AttachHandler = FltAttach;
  Chars.DetachHandler = FltDetach;
  Chars.RestartHandler = FltRestart;
  Chars.PauseHandler = FltPause;
  Chars.SendNetBufferListsHandler = FltSendNetBufferLists;

  DriverObject->DriverUnload = FltUnload;
  return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &Chars, &FltDriverHandle);
}
