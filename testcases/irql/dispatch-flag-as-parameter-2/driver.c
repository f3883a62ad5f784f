/*
 * irql/dispatch-flag-as-parameter-2 - a filter's receive and return handlers
 * derive "at DISPATCH_LEVEL" from their flags and hand it to helpers as a
 * BOOLEAN parameter.
 *
 * FilterReceiveNetBufferLists, ReceiveFlags: NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL
 * "Specifies that the current IRQL is DISPATCH_LEVEL."
 * FilterReturnNetBufferLists, ReturnFlags: NDIS_RETURN_FLAGS_DISPATCH_LEVEL
 * likewise. Both run at IRQL <= DISPATCH_LEVEL
 * (shared/reference/ndis-callback-irql.txt). NdisDprAcquireSpinLock /
 * NdisDprReleaseSpinLock need IRQL = DISPATCH_LEVEL; NdisMSleep needs
 * IRQL < DISPATCH_LEVEL.
 *
 * FltLockRx / FltUnlockRx(Module, AtDpc) pick the Dpr or the raising lock
 * routine, and the receive handler passes both
 * NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags); FltReturnRx(Module,
 * AtDpc) acquires and releases by its parameter, and the return handler
 * passes NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags) (right). FltTrimRx is handed
 * the flag and ignores it (wrong: Dpr routines where the flag is clear);
 * FltPaceRx tests its parameter the wrong way round (wrong: NdisMSleep where
 * the flag says DISPATCH_LEVEL).
 */
#define NDIS60 1
#include <ndis.h>

#define FLT_TAG 'tlFM'
#define FLT_PACING_US 20
#define FLT_MAX_QUEUED 64

typedef struct _FLT_MODULE {
  NDIS_HANDLE FilterHandle;
  NDIS_SPIN_LOCK RxLock;
  NDIS_SPIN_LOCK StatsLock;
  ULONG RxQueued;
  ULONG RxTrimmed;
  ULONG RxIndicated;
} FLT_MODULE, *PFLT_MODULE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FltUnload;
FILTER_ATTACH FltAttach;
FILTER_DETACH FltDetach;
FILTER_RESTART FltRestart;
FILTER_PAUSE FltPause;
FILTER_RECEIVE_NET_BUFFER_LISTS FltReceiveNetBufferLists;
FILTER_RETURN_NET_BUFFER_LISTS FltReturnNetBufferLists;

NDIS_HANDLE FltDriverHandle;

/* Right: both pick by the caller's AtDpc. */
static VOID FltLockRx(PFLT_MODULE Module, BOOLEAN AtDpc) {
  if (AtDpc)
    NdisDprAcquireSpinLock(&Module->RxLock);
  else
    NdisAcquireSpinLock(&Module->RxLock);
}

static VOID FltUnlockRx(PFLT_MODULE Module, BOOLEAN AtDpc) {
  if (AtDpc)
    NdisDprReleaseSpinLock(&Module->RxLock);
  else
    NdisReleaseSpinLock(&Module->RxLock);
}

/* Right: the acquire and the release inside, both by the parameter. */
static VOID FltReturnRx(PFLT_MODULE Module, BOOLEAN AtDpc) {
  if (AtDpc)
    NdisDprAcquireSpinLock(&Module->RxLock);
  else
    NdisAcquireSpinLock(&Module->RxLock);
  Module->RxQueued--;
  if (AtDpc)
    NdisDprReleaseSpinLock(&Module->RxLock);
  else
    NdisReleaseSpinLock(&Module->RxLock);
}

static VOID FltTrimRx(PFLT_MODULE Module, BOOLEAN AtDpc) {
  UNREFERENCED_PARAMETER(AtDpc);
  /* Wrong: handed the flag, takes the Dpr routines whatever it says. Right:
   * FltLockRx(Module, AtDpc) / FltUnlockRx(Module, AtDpc). */
  NdisDprAcquireSpinLock(&Module->StatsLock); // expect: ndis-irql static-only: the harness always receives at DISPATCH_LEVEL with the flag set
  Module->RxTrimmed++;
  NdisDprReleaseSpinLock(&Module->StatsLock); // expect: ndis-irql static-only: the harness always receives at DISPATCH_LEVEL with the flag set
}

/* A receive indication rate limit. */
static VOID FltPaceRx(PFLT_MODULE Module, BOOLEAN AtDpc) {
  Module->RxIndicated++;
  /* Wrong: the test is the wrong way round, so NdisMSleep runs where the
   * caller said DISPATCH_LEVEL. Right: NdisStallExecution, which busy-waits
   * at any IRQL. */
  if (AtDpc)
    NdisMSleep(FLT_PACING_US); // expect: ndis-irql
  else
    NdisStallExecution(FLT_PACING_US);
}

NDIS_STATUS FltAttach(_In_ NDIS_HANDLE NdisFilterHandle,
                      _In_ NDIS_HANDLE FilterDriverContext,
                      _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters) {
  PFLT_MODULE Module;
  NDIS_FILTER_ATTRIBUTES Attributes;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(FilterDriverContext);
  UNREFERENCED_PARAMETER(AttachParameters);

  Module = NdisAllocateMemoryWithTagPriority(FltDriverHandle, sizeof(FLT_MODULE), FLT_TAG, NormalPoolPriority);
  if (Module == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Module, sizeof(FLT_MODULE));
  Module->FilterHandle = NdisFilterHandle;
  NdisAllocateSpinLock(&Module->RxLock);
  NdisAllocateSpinLock(&Module->StatsLock);

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
  Attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
  Attributes.Header.Size = sizeof(Attributes);
  Status = NdisFSetAttributes(NdisFilterHandle, Module, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeSpinLock(&Module->StatsLock);
    NdisFreeSpinLock(&Module->RxLock);
    NdisFreeMemoryWithTagPriority(FltDriverHandle, Module, FLT_TAG);
    return Status;
  }
  return NDIS_STATUS_SUCCESS;
}

VOID FltDetach(_In_ NDIS_HANDLE FilterModuleContext) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  NdisFreeSpinLock(&Module->StatsLock);
  NdisFreeSpinLock(&Module->RxLock);
  NdisFreeMemoryWithTagPriority(FltDriverHandle, Module, FLT_TAG);
}

NDIS_STATUS FltRestart(_In_ NDIS_HANDLE FilterModuleContext,
                       _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters) {
  UNREFERENCED_PARAMETER(FilterModuleContext);
  UNREFERENCED_PARAMETER(RestartParameters);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS FltPause(_In_ NDIS_HANDLE FilterModuleContext,
                     _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters) {
  UNREFERENCED_PARAMETER(FilterModuleContext);
  UNREFERENCED_PARAMETER(PauseParameters);
  return NDIS_STATUS_SUCCESS;
}

VOID FltReceiveNetBufferLists(_In_ NDIS_HANDLE FilterModuleContext,
                              _In_ PNET_BUFFER_LIST NetBufferLists,
                              _In_ NDIS_PORT_NUMBER PortNumber,
                              _In_ ULONG NumberOfNetBufferLists,
                              _In_ ULONG ReceiveFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  /* Right: the receive flag, as the lock helpers' AtDpc. */
  FltLockRx(Module, NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags));
  Module->RxQueued += NumberOfNetBufferLists;
  FltUnlockRx(Module, NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags));
  if (Module->RxQueued > FLT_MAX_QUEUED)
    FltTrimRx(Module, NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags));
  FltPaceRx(Module, NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags));
  NdisFIndicateReceiveNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}

VOID FltReturnNetBufferLists(_In_ NDIS_HANDLE FilterModuleContext,
                             _In_ PNET_BUFFER_LIST NetBufferLists,
                             _In_ ULONG ReturnFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  /* Right: the return flag, as FltReturnRx's AtDpc. */
  FltReturnRx(Module, NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags));
  NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}

VOID FltUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisFDeregisterFilterDriver(FltDriverHandle);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_FILTER_DRIVER_CHARACTERISTICS Chars;
  NDIS_STRING FriendlyName = NDIS_STRING_CONST("NdisCheck corpus filter");
  NDIS_STRING UniqueName = NDIS_STRING_CONST("{5cbf81bd-5055-47cd-9055-a76b2b4e3699}");
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
  Chars.ReceiveNetBufferListsHandler = FltReceiveNetBufferLists;
  Chars.ReturnNetBufferListsHandler = FltReturnNetBufferLists;

  DriverObject->DriverUnload = FltUnload;
  return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &Chars, &FltDriverHandle);
}
