/*
 * irql/bool-parameter-guards-raise - a helper shared by the interrupt DPC
 * and a work item is told by a BOOLEAN whether it runs at DISPATCH_LEVEL,
 * and raises the IRQL itself only when it does not.
 *
 * KeAcquireSpinLockAtDpcLevel "acquires a spin lock when the caller is
 * already running at IRQL >= DISPATCH_LEVEL"; it does not raise, and
 * neither does KeReleaseSpinLockFromDpcLevel. MiniportInterruptDPC runs at
 * DISPATCH_LEVEL (shared/reference/ndis-callback-irql.txt), an
 * NdisQueueIoWorkItem routine at PASSIVE_LEVEL. MpDeferToWorkItem says
 * _IRQL_requires_(DISPATCH_LEVEL): its own contract, like a DDI's.
 *
 * The DPC passes TRUE, the work item FALSE. MpDrainTx raises with
 * KeRaiseIrql where AtDispatch is FALSE, so the AtDpcLevel routines always
 * run at DISPATCH_LEVEL, and calls MpDeferToWorkItem only where AtDispatch
 * is TRUE (right: each call is correlated with its caller's constant).
 * MpDrainRx has both tests the wrong way round (wrong: it raises where the
 * IRQL is already DISPATCH_LEVEL, so the work item takes the spin lock at
 * PASSIVE_LEVEL, and it calls MpDeferToWorkItem from the work item).
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_DPC_BUDGET 8

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE InterruptHandle;
  NDIS_HANDLE DrainWorkItem;
  BOOLEAN DrainQueued;
  KSPIN_LOCK TxLock;
  KSPIN_LOCK RxLock;
  LONG Budget;
  ULONG TxDrained;
  ULONG RxDrained;
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
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

/* The DPC's share of the work is limited; past it, the work item drains. */
_IRQL_requires_(DISPATCH_LEVEL)
static BOOLEAN MpDeferToWorkItem(PMP_ADAPTER Adapter) {
  if (--Adapter->Budget > 0)
    return FALSE;
  Adapter->Budget = MP_DPC_BUDGET;
  return TRUE;
}

/* Right: the raise and the DISPATCH_LEVEL-only helper are both chosen by
 * AtDispatch, which every caller sets to the IRQL it runs at. */
static VOID MpDrainTx(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  KIRQL OldIrql = PASSIVE_LEVEL;

  if (AtDispatch && MpDeferToWorkItem(Adapter))
    return;
  if (!AtDispatch)
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
  KeAcquireSpinLockAtDpcLevel(&Adapter->TxLock);
  Adapter->TxDrained++;
  KeReleaseSpinLockFromDpcLevel(&Adapter->TxLock);
  if (!AtDispatch)
    KeLowerIrql(OldIrql);
}

static VOID MpDrainRx(PMP_ADAPTER Adapter, BOOLEAN AtDispatch) {
  KIRQL OldIrql = PASSIVE_LEVEL;

  /* Wrong: the work item (AtDispatch FALSE, PASSIVE_LEVEL) calls the
   * DISPATCH_LEVEL-only helper. Right: test AtDispatch, as MpDrainTx does. */
  if (!AtDispatch && MpDeferToWorkItem(Adapter)) // expect: ndis-irql static-only: the runtime checks DDIs, not the driver's own SAL annotations
    return;
  /* Wrong: raises only where the IRQL is DISPATCH_LEVEL already, so from the
   * work item the AtDpcLevel routines run at PASSIVE_LEVEL. Right:
   * if (!AtDispatch), as in MpDrainTx. */
  if (AtDispatch)
    KeRaiseIrql(DISPATCH_LEVEL, &OldIrql);
  KeAcquireSpinLockAtDpcLevel(&Adapter->RxLock); // expect: ndis-irql
  Adapter->RxDrained++;
  KeReleaseSpinLockFromDpcLevel(&Adapter->RxLock); // expect: ndis-irql
  if (AtDispatch)
    KeLowerIrql(OldIrql);
}

/* Queued by MpDpc; runs at PASSIVE_LEVEL. */
VOID MpDrainWorkItem(_In_opt_ PVOID WorkItemContext,
                     _In_ NDIS_HANDLE NdisIoWorkItemHandle) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)WorkItemContext;

  UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
  Adapter->DrainQueued = FALSE;
  MpDrainTx(Adapter, FALSE);
  MpDrainRx(Adapter, FALSE);
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

  MpDrainTx(Adapter, TRUE);
  MpDrainRx(Adapter, TRUE);
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
  Adapter->Budget = MP_DPC_BUDGET;
  KeInitializeSpinLock(&Adapter->TxLock);
  KeInitializeSpinLock(&Adapter->RxLock);

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
