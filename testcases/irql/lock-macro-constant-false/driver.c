/*
 * irql/lock-macro-constant-false - a lock macro chooses the Dpr or the
 * raising spin lock routine by its second argument, as the WDK's filter
 * sample does with FILTER_ACQUIRE_LOCK(Lock, DispatchLevel), and PASSIVE_LEVEL
 * callers pass a local that is initialised to FALSE and never changed.
 *
 * NdisDprAcquireSpinLock / NdisDprReleaseSpinLock need
 * IRQL = DISPATCH_LEVEL: they do not raise. NdisAcquireSpinLock raises to
 * DISPATCH_LEVEL. FilterPause and FilterRestart run at PASSIVE_LEVEL;
 * FilterSendNetBufferLists and FilterSendNetBufferListsComplete at
 * IRQL <= DISPATCH_LEVEL (shared/reference/ndis-callback-irql.txt), and
 * NDIS_SEND_FLAGS_DISPATCH_LEVEL / NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL
 * "Specifies that the current IRQL is DISPATCH_LEVEL."
 *
 * FltPause passes bFalse (a BOOLEAN = FALSE), the send handler the
 * dispatch-level flag (right: only the routine that fits runs). FltRestart
 * passes TRUE (wrong: the Dpr routines at PASSIVE_LEVEL); the send-complete
 * handler passes bTrue, a local initialised to TRUE, whatever its flag says
 * (wrong where the flag is clear).
 */
#define NDIS60 1
#include <ndis.h>

#define FLT_TAG 'tlFM'

#define FILTER_ACQUIRE_LOCK(_pLock, DispatchLevel) { if (DispatchLevel) NdisDprAcquireSpinLock(_pLock); else NdisAcquireSpinLock(_pLock); }
#define FILTER_RELEASE_LOCK(_pLock, DispatchLevel) { if (DispatchLevel) NdisDprReleaseSpinLock(_pLock); else NdisReleaseSpinLock(_pLock); }

typedef enum _FLT_STATE { FltPaused, FltPausing, FltRunning } FLT_STATE;

typedef struct _FLT_MODULE {
  NDIS_HANDLE FilterHandle;
  NDIS_SPIN_LOCK Lock;
  FLT_STATE State;
  ULONG SendsPending;
} FLT_MODULE, *PFLT_MODULE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FltUnload;
FILTER_ATTACH FltAttach;
FILTER_DETACH FltDetach;
FILTER_RESTART FltRestart;
FILTER_PAUSE FltPause;
FILTER_SEND_NET_BUFFER_LISTS FltSendNetBufferLists;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE FltSendNetBufferListsComplete;

NDIS_HANDLE FltDriverHandle;

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
  Module->State = FltPaused;
  NdisAllocateSpinLock(&Module->Lock);

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
  Attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
  Attributes.Header.Size = sizeof(Attributes);
  Status = NdisFSetAttributes(NdisFilterHandle, Module, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeSpinLock(&Module->Lock);
    NdisFreeMemoryWithTagPriority(FltDriverHandle, Module, FLT_TAG);
    return Status;
  }
  return NDIS_STATUS_SUCCESS;
}

VOID FltDetach(_In_ NDIS_HANDLE FilterModuleContext) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  NdisFreeSpinLock(&Module->Lock);
  NdisFreeMemoryWithTagPriority(FltDriverHandle, Module, FLT_TAG);
}

NDIS_STATUS FltRestart(_In_ NDIS_HANDLE FilterModuleContext,
                       _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;

  UNREFERENCED_PARAMETER(RestartParameters);
  /* Wrong: FilterRestart runs at PASSIVE_LEVEL, and TRUE selects the Dpr
   * routines, which do not raise. Right: bFalse, as FltPause passes. */
  FILTER_ACQUIRE_LOCK(&Module->Lock, TRUE); // expect: ndis-irql
  Module->State = FltRunning;
  FILTER_RELEASE_LOCK(&Module->Lock, TRUE); // expect: ndis-irql
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS FltPause(_In_ NDIS_HANDLE FilterModuleContext,
                     _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;
  BOOLEAN bFalse = FALSE;

  UNREFERENCED_PARAMETER(PauseParameters);
  /* Right: bFalse is FALSE on every path, so only NdisAcquireSpinLock and
   * NdisReleaseSpinLock run, at PASSIVE_LEVEL. */
  FILTER_ACQUIRE_LOCK(&Module->Lock, bFalse);
  Module->State = FltPausing;
  FILTER_RELEASE_LOCK(&Module->Lock, bFalse);
  Module->State = FltPaused;
  return NDIS_STATUS_SUCCESS;
}

VOID FltSendNetBufferLists(_In_ NDIS_HANDLE FilterModuleContext,
                           _In_ PNET_BUFFER_LIST NetBufferLists,
                           _In_ NDIS_PORT_NUMBER PortNumber,
                           _In_ ULONG SendFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;
  BOOLEAN DispatchLevel = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);

  /* Right: the flag NDIS passed. */
  FILTER_ACQUIRE_LOCK(&Module->Lock, DispatchLevel);
  Module->SendsPending++;
  FILTER_RELEASE_LOCK(&Module->Lock, DispatchLevel);
  NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID FltSendNetBufferListsComplete(_In_ NDIS_HANDLE FilterModuleContext,
                                   _In_ PNET_BUFFER_LIST NetBufferLists,
                                   _In_ ULONG SendCompleteFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;
  BOOLEAN bTrue = TRUE;

  /* Wrong: bTrue selects the Dpr routines even when SendCompleteFlags says
   * the caller is below DISPATCH_LEVEL. Right:
   * NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(SendCompleteFlags). */
  FILTER_ACQUIRE_LOCK(&Module->Lock, bTrue); // expect: ndis-irql static-only: the harness always completes sends at DISPATCH_LEVEL with the flag set
  Module->SendsPending--;
  FILTER_RELEASE_LOCK(&Module->Lock, bTrue); // expect: ndis-irql static-only: the harness always completes sends at DISPATCH_LEVEL with the flag set
  NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID FltUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisFDeregisterFilterDriver(FltDriverHandle);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_FILTER_DRIVER_CHARACTERISTICS Chars;
  NDIS_STRING FriendlyName = NDIS_STRING_CONST("NdisCheck corpus filter");
  NDIS_STRING UniqueName = NDIS_STRING_CONST("{5cbf81bd-5055-47cd-9055-a76b2b4e369b}");
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
  Chars.SendNetBufferListsCompleteHandler = FltSendNetBufferListsComplete;

  DriverObject->DriverUnload = FltUnload;
  return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &Chars, &FltDriverHandle);
}
