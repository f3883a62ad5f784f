/*
 * irql/dispatch-flag-in-local-2 - a filter's send and send-complete handlers
 * assign the dispatch-level flag to a BOOLEAN local, then test the local.
 *
 * FilterSendNetBufferLists, SendFlags: NDIS_SEND_FLAGS_DISPATCH_LEVEL
 * "Specifies that the current IRQL is DISPATCH_LEVEL."
 * FilterSendNetBufferListsComplete, SendCompleteFlags:
 * NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL likewise. Both handlers run at
 * IRQL <= DISPATCH_LEVEL (shared/reference/ndis-callback-irql.txt), so a
 * clear flag means below DISPATCH_LEVEL. NdisDprAcquireSpinLock /
 * NdisDprReleaseSpinLock need DISPATCH_LEVEL; NdisMSleep needs
 * IRQL < DISPATCH_LEVEL.
 *
 * FltSendNetBufferLists sets AtDpc = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(...)
 * after its declaration and picks Dpr / plain lock routines by it, each
 * if/else on one line (right). FltSendNetBufferListsComplete has the
 * branches the wrong way round (wrong: the Dpr variants where the flag is
 * clear), and its pacing delay sleeps where the flag is set (wrong).
 */
#define NDIS60 1
#include <ndis.h>

#define FLT_TAG 'tlFM'
#define FLT_PACING_US 20

typedef struct _FLT_MODULE {
  NDIS_HANDLE FilterHandle;
  NDIS_SPIN_LOCK Lock;
  ULONG SendsPending;
  ULONG SendsCompleted;
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

VOID FltSendNetBufferLists(_In_ NDIS_HANDLE FilterModuleContext,
                           _In_ PNET_BUFFER_LIST NetBufferLists,
                           _In_ NDIS_PORT_NUMBER PortNumber,
                           _In_ ULONG SendFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;
  BOOLEAN AtDpc;

  AtDpc = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);

  /* Right: Dpr where the flag says DISPATCH_LEVEL, the raising routines
   * where it does not; the release tests the same local. */
  if (AtDpc) NdisDprAcquireSpinLock(&Module->Lock); else NdisAcquireSpinLock(&Module->Lock);
  Module->SendsPending++;
  if (AtDpc) NdisDprReleaseSpinLock(&Module->Lock); else NdisReleaseSpinLock(&Module->Lock);

  NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID FltSendNetBufferListsComplete(_In_ NDIS_HANDLE FilterModuleContext,
                                   _In_ PNET_BUFFER_LIST NetBufferLists,
                                   _In_ ULONG SendCompleteFlags) {
  PFLT_MODULE Module = (PFLT_MODULE)FilterModuleContext;
  BOOLEAN AtDpc;

  AtDpc = NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(SendCompleteFlags);

  /* Wrong: the branches are swapped. With the flag set NdisAcquireSpinLock
   * merely raises to the IRQL the caller is already at; with it clear the
   * Dpr variants hold the lock below DISPATCH_LEVEL. Right: as in
   * FltSendNetBufferLists. */
  if (AtDpc) NdisAcquireSpinLock(&Module->Lock); else NdisDprAcquireSpinLock(&Module->Lock); // expect: ndis-irql static-only: the harness always completes sends at DISPATCH_LEVEL with the flag set
  Module->SendsPending--;
  Module->SendsCompleted++;
  if (AtDpc) NdisReleaseSpinLock(&Module->Lock); else NdisDprReleaseSpinLock(&Module->Lock); // expect: ndis-irql static-only: the harness always completes sends at DISPATCH_LEVEL with the flag set

  /* Wrong: pacing by sleeping exactly where the flag says DISPATCH_LEVEL.
   * Right: NdisStallExecution, which busy-waits at any IRQL. */
  if (AtDpc) NdisMSleep(FLT_PACING_US); // expect: ndis-irql

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
  NDIS_STRING UniqueName = NDIS_STRING_CONST("{5cbf81bd-5055-47cd-9055-a76b2b4e3698}");
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
