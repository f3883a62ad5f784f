/*
 * irql/dispatch-flag-as-parameter - the send handler passes "NDIS called me
 * at DISPATCH_LEVEL" to helpers as a BOOLEAN parameter.
 *
 * MiniportSendNetBufferLists, SendFlags: NDIS_SEND_FLAGS_DISPATCH_LEVEL
 * "Specifies that the current IRQL is DISPATCH_LEVEL." Dispatch IRQL
 * Tracking: "If the caller is NDIS, the called function should test this
 * flag to avoid changing the IRQL." NdisDprAcquireSpinLock /
 * NdisDprReleaseSpinLock need IRQL = DISPATCH_LEVEL; NdisMSleep needs
 * IRQL < DISPATCH_LEVEL.
 *
 * MpCountSend(Adapter, AtDispatch) picks the Dpr or the raising lock
 * routines by its parameter; the send handler passes
 * NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags), MpPause (PASSIVE_LEVEL) passes
 * FALSE (right: each call's IRQL matches the branch its argument selects).
 * MpRingDoorbell(Adapter, CanSleep) sleeps when CanSleep is TRUE, and the
 * send handler passes it the dispatch-level flag itself (wrong: it sleeps
 * exactly when NDIS called at DISPATCH_LEVEL). MpCountDrop(Adapter,
 * AtDispatch) is handed the flag but takes the Dpr routines whatever it
 * says (wrong where the flag is clear).
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_DOORBELL_SETTLE_US 10

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_SPIN_LOCK TxLock;
  NDIS_SPIN_LOCK StatsLock;
  ULONG TxCount;
  ULONG TxDropped;
  ULONG Doorbells;
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

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  NdisFreeSpinLock(&Adapter->StatsLock);
  NdisFreeSpinLock(&Adapter->TxLock);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

/* Right: the parameter says whether the caller runs at DISPATCH_LEVEL, and
 * both tests of it pick the matching lock routine. */
static VOID MpCountSend(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  if (AtDispatch)
    NdisDprAcquireSpinLock(&Adapter->TxLock);
  else
    NdisAcquireSpinLock(&Adapter->TxLock);
  Adapter->TxCount++;
  if (AtDispatch)
    NdisDprReleaseSpinLock(&Adapter->TxLock);
  else
    NdisReleaseSpinLock(&Adapter->TxLock);
}

/* The NIC wants a short pause after the doorbell write. */
static VOID MpRingDoorbell(PMP_ADAPTER Adapter, BOOLEAN CanSleep) {
  Adapter->Doorbells++;
  /* Wrong as MpSendNetBufferLists calls it: with CanSleep = the
   * dispatch-level flag, NdisMSleep runs at DISPATCH_LEVEL. */
  if (CanSleep)
    NdisMSleep(MP_DOORBELL_SETTLE_US); // expect: ndis-irql
  else
    NdisStallExecution(MP_DOORBELL_SETTLE_US);
}

static VOID MpCountDrop(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  UNREFERENCED_PARAMETER(AtDispatch);
  /* Wrong: the caller says whether it runs at DISPATCH_LEVEL, and the Dpr
   * variants are taken either way. Right: pick them by AtDispatch, as
   * MpCountSend does. */
  NdisDprAcquireSpinLock(&Adapter->StatsLock); // expect: ndis-irql static-only: the harness always sends at DISPATCH_LEVEL with the flag set
  Adapter->TxDropped++;
  NdisDprReleaseSpinLock(&Adapter->StatsLock); // expect: ndis-irql static-only: the harness always sends at DISPATCH_LEVEL with the flag set
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
  NdisAllocateSpinLock(&Adapter->StatsLock);

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
  UNREFERENCED_PARAMETER(HaltAction);
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

VOID MpUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisMDeregisterMiniportDriver(MpDriverHandle);
}

NDIS_STATUS MpPause(_In_ NDIS_HANDLE MiniportAdapterContext,
                    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
  UNREFERENCED_PARAMETER(PauseParameters);
  /* Right: MiniportPause runs at PASSIVE_LEVEL, and says so. */
  MpCountSend((PMP_ADAPTER)MiniportAdapterContext, FALSE);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpRestart(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(RestartParameters);
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

  /* Right: the flag, as the helper's AtDispatch. */
  MpCountSend(Adapter, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags));

  /* Wrong: MpRingDoorbell's parameter means "may sleep", and this passes the
   * dispatch-level flag itself, so MpRingDoorbell sleeps (the marked line)
   * exactly when NDIS called at DISPATCH_LEVEL. Right: FALSE - a send
   * handler has no reason to sleep. */
  MpRingDoorbell(Adapter, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags));

  if (NetBufferLists != NULL && NET_BUFFER_LIST_FIRST_NB(NetBufferLists) == NULL)
    MpCountDrop(Adapter, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags));

  for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
  NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
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
