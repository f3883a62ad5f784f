/*
 * roles_ndis5.c - an NDIS 5.1 miniport whose every handler probes the IRQL
 * it is called at (see roles_ndis6.c for the probes). NDIS 5 declares no
 * role types: the harness knows the handlers only from the
 * NDIS_MINIPORT_CHARACTERISTICS fields. Everything else is right.
 */
#include <ndis.h>

#define TAG '5RdN'
#define RX_SIZE 1536

#define PROBE_DISPATCH_ONLY()                                                  \
  do {                                                                         \
    NdisDprAcquireSpinLock(&ProbeLock);                                        \
    NdisDprReleaseSpinLock(&ProbeLock);                                        \
  } while (0)

typedef struct _ADAPTER {
  NDIS_HANDLE Handle;
  PVOID Rx;
  NDIS_HANDLE BufferPool;
  PNDIS_BUFFER RxBuffer;
  NDIS_MINIPORT_TIMER Timer;
  NDIS_MINIPORT_INTERRUPT Interrupt;
  NDIS_WORK_ITEM Work;
} ADAPTER, *PADAPTER;

DRIVER_INITIALIZE DriverEntry;

static NDIS_HANDLE Wrapper;
static NDIS_SPIN_LOCK ProbeLock;
static NDIS_EVENT ProbeEvent;

static VOID MpFree(PADAPTER A) {
  if (A->RxBuffer)
    NdisFreeBuffer(A->RxBuffer);
  if (A->BufferPool)
    NdisFreeBufferPool(A->BufferPool);
  if (A->Rx)
    NdisFreeMemory(A->Rx, RX_SIZE, 0);
  NdisFreeMemory(A, sizeof(ADAPTER), 0);
}

static VOID MpTimer(PVOID SystemSpecific1, PVOID FunctionContext, PVOID SystemSpecific2, PVOID SystemSpecific3) {
  UNREFERENCED_PARAMETER(SystemSpecific1);
  UNREFERENCED_PARAMETER(FunctionContext);
  UNREFERENCED_PARAMETER(SystemSpecific2);
  UNREFERENCED_PARAMETER(SystemSpecific3);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

static VOID MpWork(PNDIS_WORK_ITEM WorkItem, PVOID Context) {
  UNREFERENCED_PARAMETER(WorkItem);
  UNREFERENCED_PARAMETER(Context);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
}

static NDIS_STATUS MpInitialize(PNDIS_STATUS OpenErrorStatus, PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray, UINT MediumArraySize, NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE WrapperConfigurationContext) {
  NDIS_STATUS Status;
  PADAPTER A;
  UNREFERENCED_PARAMETER(OpenErrorStatus);
  UNREFERENCED_PARAMETER(WrapperConfigurationContext);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  if (MediumArraySize < 1 || MediumArray[0] != NdisMedium802_3)
    return NDIS_STATUS_UNSUPPORTED_MEDIA;
  *SelectedMediumIndex = 0;
  Status = NdisAllocateMemoryWithTag((PVOID *)&A, sizeof(ADAPTER), TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(A, sizeof(ADAPTER));
  A->Handle = MiniportAdapterHandle;
  Status = NdisAllocateMemoryWithTag(&A->Rx, RX_SIZE, TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  NdisAllocateBufferPool(&Status, &A->BufferPool, 4);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  NdisAllocateBuffer(&Status, &A->RxBuffer, A->BufferPool, A->Rx, RX_SIZE);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  NdisMSetAttributesEx(MiniportAdapterHandle, A, 0, NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  Status = NdisMRegisterInterrupt(&A->Interrupt, MiniportAdapterHandle, 10, 10, TRUE, TRUE, NdisInterruptLevelSensitive);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  NdisMInitializeTimer(&A->Timer, MiniportAdapterHandle, MpTimer, A);
  NdisMSetTimer(&A->Timer, 100);
  NdisInitializeWorkItem(&A->Work, MpWork, A);
  NdisScheduleWorkItem(&A->Work);
  return NDIS_STATUS_SUCCESS;
Fail:
  MpFree(A);
  return Status;
}

static VOID MpHalt(NDIS_HANDLE MiniportAdapterContext) {
  PADAPTER A = (PADAPTER)MiniportAdapterContext;
  BOOLEAN Cancelled;
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
  NdisMCancelTimer(&A->Timer, &Cancelled);
  NdisMDeregisterInterrupt(&A->Interrupt);
  MpFree(A);
}

static NDIS_STATUS MpQuery(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid, PVOID InformationBuffer, ULONG InformationBufferLength, PULONG BytesWritten, PULONG BytesNeeded) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Oid);
  UNREFERENCED_PARAMETER(InformationBuffer);
  UNREFERENCED_PARAMETER(InformationBufferLength);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  *BytesWritten = 0;
  *BytesNeeded = 0;
  return NDIS_STATUS_NOT_SUPPORTED;
}

static NDIS_STATUS MpSet(NDIS_HANDLE MiniportAdapterContext, NDIS_OID Oid, PVOID InformationBuffer, ULONG InformationBufferLength, PULONG BytesRead, PULONG BytesNeeded) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Oid);
  UNREFERENCED_PARAMETER(InformationBuffer);
  UNREFERENCED_PARAMETER(InformationBufferLength);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  *BytesRead = 0;
  *BytesNeeded = 0;
  return NDIS_STATUS_NOT_SUPPORTED;
}

static NDIS_STATUS MpSend(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet, UINT Flags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  return NDIS_STATUS_SUCCESS;
}

static VOID MpReturnPacket(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Packet);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

static VOID MpIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt, NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisSetEvent(&ProbeEvent); // expect-rt: ndis-irql
  *InterruptRecognized = TRUE;
  *QueueMiniportHandleInterrupt = TRUE;
}

static VOID MpHandleInterrupt(NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
}

static VOID MpDisableInterrupt(NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisSetEvent(&ProbeEvent); // expect-rt: ndis-irql
}

static VOID MpEnableInterrupt(NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisSetEvent(&ProbeEvent); // expect-rt: ndis-irql
}

static BOOLEAN MpCheckForHang(NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  return FALSE;
}

static NDIS_STATUS MpReset(PBOOLEAN AddressingReset, NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  NdisMSleep(1); // expect-rt: ndis-irql
  PROBE_DISPATCH_ONLY();
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

static VOID MpUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisMSleep(1);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_CHARACTERISTICS Chars;
  NDIS_STATUS Status;
  PROBE_DISPATCH_ONLY(); // expect-rt: ndis-irql
  NdisAllocateSpinLock(&ProbeLock);
  NdisInitializeEvent(&ProbeEvent);
  NdisMInitializeWrapper(&Wrapper, DriverObject, RegistryPath, NULL);
  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.InitializeHandler = MpInitialize;
  Chars.HaltHandler = MpHalt;
  Chars.QueryInformationHandler = MpQuery;
  Chars.SetInformationHandler = MpSet;
  Chars.SendHandler = MpSend;
  Chars.ReturnPacketHandler = MpReturnPacket;
  Chars.ISRHandler = MpIsr;
  Chars.HandleInterruptHandler = MpHandleInterrupt;
  Chars.DisableInterruptHandler = MpDisableInterrupt;
  Chars.EnableInterruptHandler = MpEnableInterrupt;
  Chars.CheckForHangHandler = MpCheckForHang;
  Chars.ResetHandler = MpReset;
  Status = NdisMRegisterMiniport(Wrapper, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisTerminateWrapper(Wrapper, NULL);
    return Status;
  }
  NdisMRegisterUnloadHandler(Wrapper, MpUnload);
  return STATUS_SUCCESS;
}
