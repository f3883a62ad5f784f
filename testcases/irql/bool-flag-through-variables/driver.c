/*
 * irql/bool-flag-through-variables - the "am I at DISPATCH_LEVEL" BOOLEAN reaches the helper that tests it
 * through a variable or a second call: a caller's local passed as the
 * argument, a parameter copied into a local, a parameter passed on to the
 * next helper, with the send flag and with the TRUE / FALSE constants of a
 * DPC and a work item.
 *
 * MiniportSendNetBufferLists, SendFlags: NDIS_SEND_FLAGS_DISPATCH_LEVEL
 * "Specifies that the current IRQL is DISPATCH_LEVEL." NdisDprAcquireSpinLock
 * / NdisDprReleaseSpinLock need IRQL = DISPATCH_LEVEL; NdisAcquireSpinLock
 * raises to it. MiniportInterruptDPC runs at DISPATCH_LEVEL, an
 * NdisQueueIoWorkItem routine and MiniportRestart at PASSIVE_LEVEL
 * (shared/reference/ndis-callback-irql.txt).
 *
 * Right: every value that reaches an AtDispatch test is the IRQL of the call
 * chain it arrives on. Wrong: MpRestart (PASSIVE_LEVEL) passes TRUE to
 * MpResetStats, which passes it on to MpStatsLocked.
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE InterruptHandle;
  NDIS_HANDLE DrainWorkItem;
  BOOLEAN DrainQueued;
  NDIS_SPIN_LOCK TxLock;
  NDIS_SPIN_LOCK RxLock;
  NDIS_SPIN_LOCK StatsLock;
  ULONG TxCount;
  ULONG TxBytes;
  ULONG TxQueued;
  ULONG RxDrained;
  ULONG StatsResets;
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
MINIPORT_ISR MpIsr;
MINIPORT_INTERRUPT_DPC MpDpc;
MINIPORT_DISABLE_INTERRUPT MpDisableInterrupt;
MINIPORT_ENABLE_INTERRUPT MpEnableInterrupt;
NDIS_IO_WORKITEM_FUNCTION MpDrainWorkItem;

NDIS_HANDLE MpDriverHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->DrainWorkItem != NULL)
    NdisFreeIoWorkItem(Adapter->DrainWorkItem);
  NdisFreeSpinLock(&Adapter->StatsLock);
  NdisFreeSpinLock(&Adapter->RxLock);
  NdisFreeSpinLock(&Adapter->TxLock);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

/* Right: the send handler passes its local AtDispatch, which holds the
 * dispatch-level flag. */
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

/* Right: the parameter, copied into a local first. */
static VOID MpCountBytes(PMP_ADAPTER Adapter, BOOLEAN AtDispatch, ULONG Bytes) {
  BOOLEAN Dpc = AtDispatch;

  if (Dpc)
    NdisDprAcquireSpinLock(&Adapter->TxLock);
  else
    NdisAcquireSpinLock(&Adapter->TxLock);
  Adapter->TxBytes += Bytes;
  if (Dpc)
    NdisDprReleaseSpinLock(&Adapter->TxLock);
  else
    NdisReleaseSpinLock(&Adapter->TxLock);
}

/* Right: reached through MpQueueTx (the send flag) and MpDrain (TRUE from
 * the DPC, FALSE from the work item), which pass their parameter on. */
static VOID MpLockedAdd(PMP_ADAPTER Adapter, PNDIS_SPIN_LOCK Lock, PULONG Counter, BOOLEAN AtDispatch) {
  if (AtDispatch)
    NdisDprAcquireSpinLock(Lock);
  else
    NdisAcquireSpinLock(Lock);
  (*Counter)++;
  if (AtDispatch)
    NdisDprReleaseSpinLock(Lock);
  else
    NdisReleaseSpinLock(Lock);
  UNREFERENCED_PARAMETER(Adapter);
}

static VOID MpQueueTx(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  MpLockedAdd(Adapter, &Adapter->TxLock, &Adapter->TxQueued, AtDispatch);
}

static VOID MpDrain(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  MpLockedAdd(Adapter, &Adapter->RxLock, &Adapter->RxDrained, AtDispatch);
}

/* Reached only from MpRestart, with TRUE. */
static VOID MpStatsLocked(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  if (AtDispatch)
    NdisDprAcquireSpinLock(&Adapter->StatsLock); // expect: ndis-irql
  else
    NdisAcquireSpinLock(&Adapter->StatsLock);
  Adapter->StatsResets++;
  if (AtDispatch)
    NdisDprReleaseSpinLock(&Adapter->StatsLock); // expect: ndis-irql
  else
    NdisReleaseSpinLock(&Adapter->StatsLock);
}

static VOID MpResetStats(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  MpStatsLocked(Adapter, AtDispatch);
}

/* Queued by MpDpc; runs at PASSIVE_LEVEL. */
VOID MpDrainWorkItem(_In_opt_ PVOID WorkItemContext,
                     _In_ NDIS_HANDLE NdisIoWorkItemHandle) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)WorkItemContext;

  UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
  Adapter->DrainQueued = FALSE;
  /* Right: PASSIVE_LEVEL, FALSE. */
  MpDrain(Adapter, FALSE);
}

BOOLEAN MpIsr(_In_ NDIS_HANDLE MiniportInterruptContext,
              _Out_ PBOOLEAN QueueDefaultInterruptDpc,
              _Out_ PULONG TargetProcessors) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
  *QueueDefaultInterruptDpc = TRUE;
  *TargetProcessors = 0;
  return TRUE;
}

VOID MpDpc(_In_ NDIS_HANDLE MiniportInterruptContext,
           _In_ PVOID MiniportDpcContext,
           _In_ PVOID ReceiveThrottleParameters,
           _In_ PVOID NdisReserved2) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportInterruptContext;

  UNREFERENCED_PARAMETER(MiniportDpcContext);
  UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
  UNREFERENCED_PARAMETER(NdisReserved2);

  /* Right: DISPATCH_LEVEL, TRUE. */
  MpDrain(Adapter, TRUE);
  if (!Adapter->DrainQueued) {
    Adapter->DrainQueued = TRUE;
    NdisQueueIoWorkItem(Adapter->DrainWorkItem, MpDrainWorkItem, Adapter);
  }
}

VOID MpDisableInterrupt(_In_ NDIS_HANDLE MiniportInterruptContext) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
}

VOID MpEnableInterrupt(_In_ NDIS_HANDLE MiniportInterruptContext) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
}

NDIS_STATUS MpInitializeEx(_In_ NDIS_HANDLE NdisMiniportHandle,
                           _In_ NDIS_HANDLE MiniportDriverContext,
                           _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters) {
  PMP_ADAPTER Adapter;
  NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attributes;
  NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Intr;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(InitParameters);

  Adapter = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(MP_ADAPTER), MP_TAG, NormalPoolPriority);
  if (Adapter == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = NdisMiniportHandle;
  NdisAllocateSpinLock(&Adapter->TxLock);
  NdisAllocateSpinLock(&Adapter->RxLock);
  NdisAllocateSpinLock(&Adapter->StatsLock);

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  Attributes.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
  Attributes.RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
  Attributes.RegistrationAttributes.InterfaceType = NdisInterfacePci;
  Status = NdisMSetMiniportAttributes(NdisMiniportHandle, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  Adapter->DrainWorkItem = NdisAllocateIoWorkItem(NdisMiniportHandle);
  if (Adapter->DrainWorkItem == NULL) {
    Status = NDIS_STATUS_RESOURCES;
    goto Fail;
  }

  NdisZeroMemory(&Intr, sizeof(Intr));
  Intr.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
  Intr.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
  Intr.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
  Intr.InterruptHandler = MpIsr;
  Intr.InterruptDpcHandler = MpDpc;
  Intr.DisableInterruptHandler = MpDisableInterrupt;
  Intr.EnableInterruptHandler = MpEnableInterrupt;
  Intr.InterruptType = NDIS_CONNECT_LINE_BASED;
  Status = NdisMRegisterInterruptEx(NdisMiniportHandle, Adapter, &Intr, &Adapter->InterruptHandle);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(Adapter);
  return Status;
}

VOID MpHaltEx(_In_ NDIS_HANDLE MiniportAdapterContext,
              _In_ NDIS_HALT_ACTION HaltAction) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(HaltAction);
  NdisMDeregisterInterruptEx(Adapter->InterruptHandle);
  MpFreeAdapter(Adapter);
}

VOID MpUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisMDeregisterMiniportDriver(MpDriverHandle);
}

NDIS_STATUS MpPause(_In_ NDIS_HANDLE MiniportAdapterContext,
                    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(PauseParameters);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpRestart(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
  UNREFERENCED_PARAMETER(RestartParameters);
  /* Wrong: MiniportRestart runs at PASSIVE_LEVEL and says TRUE, which
   * MpResetStats passes on to MpStatsLocked (the marked lines). Right:
   * FALSE. */
  MpResetStats((PMP_ADAPTER)MiniportAdapterContext, TRUE);
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
  BOOLEAN AtDispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
  PNET_BUFFER_LIST Nbl;

  UNREFERENCED_PARAMETER(PortNumber);
  /* Right: the flag through a local, through a copy, through two calls. */
  MpCountSend(Adapter, AtDispatch);
  MpCountBytes(Adapter, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags), NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(NetBufferLists)));
  MpQueueTx(Adapter, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags));
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
