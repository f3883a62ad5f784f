/*
 * roles_ndis6.c - an NDIS 6 miniport whose every entry point probes the
 * IRQL it is called at, so the markers prove that the harness calls each
 * registered callback, at the IRQL of its role:
 *
 *   PROBE_DISPATCH_ONLY  NdisDpr(Acquire|Release)SpinLock: ndis-irql unless
 *                        at DISPATCH_LEVEL;
 *   NdisMSleep           ndis-irql unless at PASSIVE_LEVEL;
 *   NdisSetEvent         ndis-irql only above DISPATCH_LEVEL (DIRQL).
 *
 * Everything else is right: every allocation is checked and freed, so
 * --walk-failures finds nothing more.
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define TAG 'tRdN'
#define SHARED_SIZE 2048

#define PROBE_DISPATCH_ONLY()                                                  \
  do {                                                                         \
    NdisDprAcquireSpinLock(&ProbeLock);                                        \
    NdisDprReleaseSpinLock(&ProbeLock);                                        \
  } while (0)

typedef struct _ADAPTER {
  NDIS_HANDLE Handle;
  NDIS_HANDLE Dma;
  NDIS_HANDLE Interrupt;
  NDIS_HANDLE Timer;
  NDIS_HANDLE Work;
  KDPC Dpc;
  PVOID Shared;
  NDIS_PHYSICAL_ADDRESS SharedPa;
  PMDL Mdl;
} ADAPTER, *PADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE MpInitializeEx;
MINIPORT_HALT MpHaltEx;
MINIPORT_UNLOAD MpUnload;
MINIPORT_PAUSE MpPause;
MINIPORT_RESTART MpRestart;
MINIPORT_OID_REQUEST MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MpSend;
MINIPORT_RETURN_NET_BUFFER_LISTS MpReturn;
MINIPORT_CANCEL_SEND MpCancelSend;
MINIPORT_CHECK_FOR_HANG MpCheckForHang;
MINIPORT_RESET MpReset;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MpPnp;
MINIPORT_SHUTDOWN MpShutdown;
MINIPORT_CANCEL_OID_REQUEST MpCancelOid;
MINIPORT_ISR MpIsr;
MINIPORT_INTERRUPT_DPC MpInterruptDpc;
MINIPORT_DISABLE_INTERRUPT MpDisableInterrupt;
MINIPORT_ENABLE_INTERRUPT MpEnableInterrupt;
NDIS_TIMER_FUNCTION MpTimer;
NDIS_IO_WORKITEM_FUNCTION MpWork;
KDEFERRED_ROUTINE MpDpc;

static NDIS_HANDLE DriverHandle;
static NDIS_SPIN_LOCK ProbeLock;
static NDIS_EVENT ProbeEvent;

static VOID MpFreeAdapter(PADAPTER A) {
  if (A->Interrupt)
    NdisMDeregisterInterruptEx(A->Interrupt);
  if (A->Work)
    NdisFreeIoWorkItem(A->Work);
  if (A->Timer)
    NdisFreeTimerObject(A->Timer);
  if (A->Mdl)
    NdisFreeMdl(A->Mdl);
  if (A->Shared)
    NdisMFreeSharedMemory(A->Handle, SHARED_SIZE, FALSE, A->Shared, A->SharedPa);
  if (A->Dma)
    NdisMDeregisterScatterGatherDma(A->Dma);
  NdisFreeMemoryWithTagPriority(A->Handle, A, TAG);
}

NDIS_STATUS MpInitializeEx(NDIS_HANDLE NdisMiniportHandle,
                           NDIS_HANDLE MiniportDriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters) {
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Reg;
  NDIS_SG_DMA_DESCRIPTION DmaDesc;
  NDIS_TIMER_CHARACTERISTICS Tc;
  NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Ic;
  NDIS_STATUS Status;
  PADAPTER A;
  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(MiniportInitParameters);

  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  A = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(ADAPTER), TAG, NormalPoolPriority);
  if (A == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(A, sizeof(ADAPTER));
  A->Handle = NdisMiniportHandle;

  NdisZeroMemory(&Reg, sizeof(Reg));
  Reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  Reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Reg.MiniportAdapterContext = A;
  Reg.CheckForHangTimeInSeconds = 2;
  Reg.InterfaceType = NdisInterfacePci;
  Status = NdisMSetMiniportAttributes(NdisMiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Reg);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  NdisZeroMemory(&DmaDesc, sizeof(DmaDesc));
  DmaDesc.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
  DmaDesc.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
  DmaDesc.Header.Size = sizeof(DmaDesc);
  DmaDesc.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
  DmaDesc.MaximumPhysicalMapping = 0x10000;
  Status = NdisMRegisterScatterGatherDma(NdisMiniportHandle, &DmaDesc, &A->Dma);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  NdisMAllocateSharedMemory(NdisMiniportHandle, SHARED_SIZE, FALSE, &A->Shared, &A->SharedPa);
  Status = NDIS_STATUS_RESOURCES;
  if (A->Shared == NULL)
    goto Fail;
  A->Mdl = NdisAllocateMdl(NdisMiniportHandle, A->Shared, SHARED_SIZE);
  if (A->Mdl == NULL)
    goto Fail;

  NdisZeroMemory(&Tc, sizeof(Tc));
  Tc.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
  Tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
  Tc.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
  Tc.AllocationTag = TAG;
  Tc.TimerFunction = MpTimer;
  Tc.FunctionContext = A;
  Status = NdisAllocateTimerObject(NdisMiniportHandle, &Tc, &A->Timer);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  A->Work = NdisAllocateIoWorkItem(NdisMiniportHandle);
  Status = NDIS_STATUS_RESOURCES;
  if (A->Work == NULL)
    goto Fail;
  NdisQueueIoWorkItem(A->Work, MpWork, A);
  KeInitializeDpc(&A->Dpc, MpDpc, A);
  KeInsertQueueDpc(&A->Dpc, NULL, NULL);

  NdisZeroMemory(&Ic, sizeof(Ic));
  Ic.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
  Ic.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
  Ic.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
  Ic.InterruptHandler = MpIsr;
  Ic.InterruptDpcHandler = MpInterruptDpc;
  Ic.DisableInterruptHandler = MpDisableInterrupt;
  Ic.EnableInterruptHandler = MpEnableInterrupt;
  Status = NdisMRegisterInterruptEx(NdisMiniportHandle, A, &Ic, &A->Interrupt);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(A);
  return Status;
}

VOID MpHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction) {
  UNREFERENCED_PARAMETER(HaltAction);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  MpFreeAdapter((PADAPTER)MiniportAdapterContext);
}

VOID MpUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  NdisFreeSpinLock(&ProbeLock);
  NdisMDeregisterMiniportDriver(DriverHandle);
}

NDIS_STATUS MpPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(PauseParameters);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(RestartParameters);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  if (OidRequest->RequestType == NdisRequestQueryInformation &&
      OidRequest->DATA.QUERY_INFORMATION.Oid == OID_GEN_MAXIMUM_FRAME_SIZE &&
      OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
    *(PULONG)OidRequest->DATA.QUERY_INFORMATION.InformationBuffer = 1500;
    OidRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(ULONG);
    return NDIS_STATUS_SUCCESS;
  }
  return NDIS_STATUS_NOT_SUPPORTED;
}

VOID MpSend(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferList, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags) {
  PADAPTER A = (PADAPTER)MiniportAdapterContext;
  PNET_BUFFER_LIST Nbl;
  UNREFERENCED_PARAMETER(PortNumber);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  for (Nbl = NetBufferList; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
  NdisMSendNetBufferListsComplete(A->Handle, NetBufferList,
                                  (SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID MpReturn(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(NetBufferLists);
  UNREFERENCED_PARAMETER(ReturnFlags);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

VOID MpCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(CancelId);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

VOID MpCancelOid(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(RequestId);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

BOOLEAN MpCheckForHang(NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  return FALSE;
}

NDIS_STATUS MpReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

VOID MpPnp(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(NetDevicePnPEvent);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
}

/* Not called by the harness: the IRQL of a shutdown is not known. */
VOID MpShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(ShutdownAction);
  PROBE_DISPATCH_ONLY();
}

BOOLEAN MpIsr(NDIS_HANDLE MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc, PULONG TargetProcessors) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
  NdisSetEvent(&ProbeEvent); // expect-rt: ndis-irql
  *QueueDefaultInterruptDpc = TRUE;
  *TargetProcessors = 0;
  return TRUE;
}

VOID MpInterruptDpc(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext, PVOID ReceiveThrottleParameters, PVOID NdisReserved2) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
  UNREFERENCED_PARAMETER(MiniportDpcContext);
  UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
  UNREFERENCED_PARAMETER(NdisReserved2);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

VOID MpDisableInterrupt(NDIS_HANDLE MiniportInterruptContext) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
  NdisSetEvent(&ProbeEvent); // expect-rt: ndis-irql
}

VOID MpEnableInterrupt(NDIS_HANDLE MiniportInterruptContext) {
  UNREFERENCED_PARAMETER(MiniportInterruptContext);
  NdisSetEvent(&ProbeEvent); // expect-rt: ndis-irql
}

VOID MpTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3) {
  UNREFERENCED_PARAMETER(SystemSpecific1);
  UNREFERENCED_PARAMETER(FunctionContext);
  UNREFERENCED_PARAMETER(SystemSpecific2);
  UNREFERENCED_PARAMETER(SystemSpecific3);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

VOID MpWork(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle) {
  UNREFERENCED_PARAMETER(WorkItemContext);
  UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
}

VOID MpDpc(struct _KDPC *Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2) {
  UNREFERENCED_PARAMETER(Dpc);
  UNREFERENCED_PARAMETER(DeferredContext);
  UNREFERENCED_PARAMETER(SystemArgument1);
  UNREFERENCED_PARAMETER(SystemArgument2);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  NdisAllocateSpinLock(&ProbeLock);
  NdisInitializeEvent(&ProbeEvent);
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
  Chars.SendNetBufferListsHandler = MpSend;
  Chars.ReturnNetBufferListsHandler = MpReturn;
  Chars.CancelSendHandler = MpCancelSend;
  Chars.CheckForHangHandlerEx = MpCheckForHang;
  Chars.ResetHandlerEx = MpReset;
  Chars.DevicePnPEventNotifyHandler = MpPnp;
  Chars.ShutdownHandlerEx = MpShutdown;
  Chars.CancelOidRequestHandler = MpCancelOid;
  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &DriverHandle);
}
