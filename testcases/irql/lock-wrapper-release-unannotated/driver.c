/*
 * irql/lock-wrapper-release-unannotated - lock wrappers with partial SAL:
 * the acquire wrapper says _IRQL_raises_(DISPATCH_LEVEL), the release
 * wrapper only _IRQL_requires_(DISPATCH_LEVEL) (no _IRQL_restores_ pair).
 *
 * NdisAcquireSpinLock raises to DISPATCH_LEVEL; NdisReleaseSpinLock
 * "restores the original IRQL at which its caller was running before the
 * call to NdisAcquireSpinLock". _IRQL_requires_ states where the wrapper may
 * be called, not where it returns: what the release wrapper returns at is
 * the effect of its body. NdisMSleep and NdisWaitEvent run at PASSIVE_LEVEL
 * only; MpTxThread says _IRQL_requires_(PASSIVE_LEVEL) and runs from an
 * NdisQueueIoWorkItem routine (PASSIVE_LEVEL); MiniportPause and
 * MiniportHaltEx run at PASSIVE_LEVEL.
 *
 * Right: MpTxThread sleeps after MpUnlock, MpHaltEx waits after MpUnlock,
 * and the send handler takes the lock at DISPATCH_LEVEL. Wrong: MpPause
 * waits between MpLock and MpUnlock, at DISPATCH_LEVEL.
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_WAIT_MS 100
#define MP_BACKOFF_US 10

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE TxWorkItem;
  NDIS_SPIN_LOCK TxLock;
  NDIS_EVENT SendsDone;
  BOOLEAN Paused;
  LONG Busy;
  ULONG SendsPending;
  ULONG Kicks;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE MpInitializeEx;
MINIPORT_HALT MpHaltEx;
MINIPORT_UNLOAD MpUnload;
MINIPORT_PAUSE MpPause;
MINIPORT_RESTART MpRestart;
MINIPORT_OID_REQUEST MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MpReturnNetBufferLists;
MINIPORT_CANCEL_SEND MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MpDevicePnPEventNotify;
MINIPORT_SHUTDOWN MpShutdownEx;
MINIPORT_CANCEL_OID_REQUEST MpCancelOidRequest;

NDIS_HANDLE MpDriverHandle;

_IRQL_raises_(DISPATCH_LEVEL)
VOID MpLock(PMP_ADAPTER Adapter);
_IRQL_requires_(DISPATCH_LEVEL)
VOID MpUnlock(PMP_ADAPTER Adapter);

VOID MpLock(PMP_ADAPTER Adapter) { NdisAcquireSpinLock(&Adapter->TxLock); }
VOID MpUnlock(PMP_ADAPTER Adapter) { NdisReleaseSpinLock(&Adapter->TxLock); }

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->TxWorkItem != NULL)
    NdisFreeIoWorkItem(Adapter->TxWorkItem);
  NdisFreeSpinLock(&Adapter->TxLock);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

_IRQL_requires_(PASSIVE_LEVEL)
VOID MpTxThread(PMP_ADAPTER Adapter) {
  LONG Busy;

  MpLock(Adapter);
  Busy = Adapter->Busy;
  Adapter->Kicks++;
  MpUnlock(Adapter);
  /* Right: MpUnlock restored PASSIVE_LEVEL. */
  if (Busy == 0)
    NdisMSleep(MP_BACKOFF_US);
}

/* Queued by MpRestart; runs at PASSIVE_LEVEL. */
static VOID MpTxWorkItem(_In_opt_ PVOID WorkItemContext,
                         _In_ NDIS_HANDLE NdisIoWorkItemHandle) {
  UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
  MpTxThread((PMP_ADAPTER)WorkItemContext);
}

NDIS_STATUS MpInitializeEx(_In_ NDIS_HANDLE NdisMiniportHandle,
                           _In_ NDIS_HANDLE MiniportDriverContext,
                           _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters) {
  PMP_ADAPTER Adapter;
  NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attributes;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(InitParameters);

  Adapter = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(MP_ADAPTER), MP_TAG, NormalPoolPriority);
  if (Adapter == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = NdisMiniportHandle;
  NdisAllocateSpinLock(&Adapter->TxLock);
  NdisInitializeEvent(&Adapter->SendsDone);
  NdisSetEvent(&Adapter->SendsDone);
  Adapter->TxWorkItem = NdisAllocateIoWorkItem(NdisMiniportHandle);
  if (Adapter->TxWorkItem == NULL) {
    MpFreeAdapter(Adapter);
    return NDIS_STATUS_RESOURCES;
  }

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  Attributes.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
  Attributes.RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
  Attributes.RegistrationAttributes.InterfaceType = NdisInterfacePci;
  Status = NdisMSetMiniportAttributes(NdisMiniportHandle, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS) {
    MpFreeAdapter(Adapter);
    return Status;
  }
  return NDIS_STATUS_SUCCESS;
}

VOID MpHaltEx(_In_ NDIS_HANDLE MiniportAdapterContext,
              _In_ NDIS_HALT_ACTION HaltAction) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(HaltAction);
  MpLock(Adapter);
  Adapter->Paused = TRUE;
  MpUnlock(Adapter);
  /* Right: MpUnlock restored PASSIVE_LEVEL. */
  (VOID)NdisWaitEvent(&Adapter->SendsDone, MP_WAIT_MS);
  MpFreeAdapter(Adapter);
}

VOID MpUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisMDeregisterMiniportDriver(MpDriverHandle);
}

NDIS_STATUS MpPause(_In_ NDIS_HANDLE MiniportAdapterContext,
                    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(PauseParameters);
  MpLock(Adapter);
  Adapter->Paused = TRUE;
  /* Wrong: MpLock raised to DISPATCH_LEVEL and the lock is still held.
   * Right: wait after MpUnlock, as MpHaltEx does. */
  (VOID)NdisWaitEvent(&Adapter->SendsDone, MP_WAIT_MS); // expect: ndis-irql
  MpUnlock(Adapter);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpRestart(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(RestartParameters);
  MpLock(Adapter);
  Adapter->Paused = FALSE;
  MpUnlock(Adapter);
  NdisQueueIoWorkItem(Adapter->TxWorkItem, MpTxWorkItem, Adapter);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext,
                         _In_ PNDIS_OID_REQUEST OidRequest) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(OidRequest);
  return NDIS_STATUS_NOT_SUPPORTED;
}

VOID MpSendNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterContext,
                          _In_ PNET_BUFFER_LIST NetBufferLists,
                          _In_ NDIS_PORT_NUMBER PortNumber,
                          _In_ ULONG SendFlags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  PNET_BUFFER_LIST Nbl;

  UNREFERENCED_PARAMETER(PortNumber);
  /* Right: the wrappers at DISPATCH_LEVEL too. */
  MpLock(Adapter);
  Adapter->SendsPending++;
  NdisResetEvent(&Adapter->SendsDone);
  MpUnlock(Adapter);

  for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
  NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);

  MpLock(Adapter);
  if (--Adapter->SendsPending == 0)
    NdisSetEvent(&Adapter->SendsDone);
  MpUnlock(Adapter);
}

VOID MpReturnNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterContext,
                            _In_ PNET_BUFFER_LIST NetBufferLists,
                            _In_ ULONG ReturnFlags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(NetBufferLists);
  UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID MpCancelSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                  _In_ PVOID CancelId) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(CancelId);
}

VOID MpDevicePnPEventNotify(_In_ NDIS_HANDLE MiniportAdapterContext,
                            _In_ PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID MpShutdownEx(_In_ NDIS_HANDLE MiniportAdapterContext,
                  _In_ NDIS_SHUTDOWN_ACTION ShutdownAction) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID MpCancelOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext,
                        _In_ PVOID RequestId) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(RequestId);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
  Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  Chars.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
  Chars.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
  Chars.InitializeHandlerEx = MpInitializeEx;
  Chars.HaltHandlerEx = MpHaltEx;
  Chars.UnloadHandler = MpUnload;
  Chars.PauseHandler = MpPause;
  Chars.RestartHandler = MpRestart;
  Chars.OidRequestHandler = MpOidRequest;
  Chars.SendNetBufferListsHandler = MpSendNetBufferLists;
  Chars.ReturnNetBufferListsHandler = MpReturnNetBufferLists;
  Chars.CancelSendHandler = MpCancelSend;
  Chars.DevicePnPEventNotifyHandler = MpDevicePnPEventNotify;
  Chars.ShutdownHandlerEx = MpShutdownEx;
  Chars.CancelOidRequestHandler = MpCancelOidRequest;

  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &MpDriverHandle);
}
