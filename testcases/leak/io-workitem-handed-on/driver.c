/*
 * leak/io-workitem-handed-on - a one-shot NDIS I/O work item per interrupt:
 * the routine it is queued to frees it, and a spare one nothing frees.
 *
 * NdisAllocateIoWorkItem: "When the work item is no longer needed, the
 * caller must call NdisFreeIoWorkItem to free it." NdisQueueIoWorkItem
 * hands the work item to NDIS, which passes it back to the queued routine
 * as its NdisIoWorkItemHandle (the database: role handed-on).
 *
 * MpDpc queues a one-shot work item whose routine, MpRunOnce, frees it
 * (right: the work item is handed on, not leaked). It also allocates a
 * spare work item that it neither queues nor frees (wrong).
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_BUFFER_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE InterruptHandle;
  NDIS_HANDLE DmaHandle;
  NDIS_HANDLE RefillWorkItem;
  BOOLEAN RefillQueued;
  PVOID DpcBuffer;
  NDIS_PHYSICAL_ADDRESS DpcBufferPa;
  PVOID WorkItemBuffer;
  NDIS_PHYSICAL_ADDRESS WorkItemBufferPa;
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
MINIPORT_PROCESS_SG_LIST MpProcessSgList;

NDIS_HANDLE MpDriverHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->WorkItemBuffer != NULL)
    NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_BUFFER_SIZE, TRUE, Adapter->WorkItemBuffer, Adapter->WorkItemBufferPa);
  if (Adapter->DpcBuffer != NULL)
    NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_BUFFER_SIZE, TRUE, Adapter->DpcBuffer, Adapter->DpcBufferPa);
  if (Adapter->RefillWorkItem != NULL)
    NdisFreeIoWorkItem(Adapter->RefillWorkItem);
  if (Adapter->DmaHandle != NULL)
    NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

VOID MpProcessSgList(_In_ PDEVICE_OBJECT pDO, _In_ PVOID Reserved,
                     _In_ PSCATTER_GATHER_LIST pSGL, _In_ PVOID Context) {
  UNREFERENCED_PARAMETER(pDO);
  UNREFERENCED_PARAMETER(Reserved);
  UNREFERENCED_PARAMETER(pSGL);
  UNREFERENCED_PARAMETER(Context);
}

/* Queued by MpDpc; runs at PASSIVE_LEVEL. */
static VOID MpRefillRing(_In_opt_ PVOID WorkItemContext,
                         _In_ NDIS_HANDLE NdisIoWorkItemHandle) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)WorkItemContext;

  UNREFERENCED_PARAMETER(NdisIoWorkItemHandle);
  /* Right: PASSIVE_LEVEL, and DMA is registered. */
  if (Adapter->WorkItemBuffer == NULL)
    NdisMAllocateSharedMemory(Adapter->AdapterHandle, MP_BUFFER_SIZE, TRUE, &Adapter->WorkItemBuffer, &Adapter->WorkItemBufferPa);
}

/* Queued once by MpDpc; the work item is its to free. */
static VOID MpRunOnce(_In_opt_ PVOID WorkItemContext,
                      _In_ NDIS_HANDLE NdisIoWorkItemHandle) {
  UNREFERENCED_PARAMETER(WorkItemContext);
  NdisFreeIoWorkItem(NdisIoWorkItemHandle);
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
  NDIS_HANDLE Once, Spare;

  UNREFERENCED_PARAMETER(MiniportDpcContext);
  UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
  UNREFERENCED_PARAMETER(NdisReserved2);

  Once = NdisAllocateIoWorkItem(Adapter->AdapterHandle);
  if (Once != NULL)
    NdisQueueIoWorkItem(Once, MpRunOnce, Adapter); /* MpRunOnce frees it */

  /* Wrong: nothing queues or frees the spare. */
  Spare = NdisAllocateIoWorkItem(Adapter->AdapterHandle); // expect: ndis-leak
  if (Spare == NULL)
    return;

  if (!Adapter->RefillQueued) {
    Adapter->RefillQueued = TRUE;
    NdisQueueIoWorkItem(Adapter->RefillWorkItem, MpRefillRing, Adapter);
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
  NDIS_SG_DMA_DESCRIPTION Dma;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(InitParameters);

  Adapter = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(MP_ADAPTER), MP_TAG, NormalPoolPriority);
  if (Adapter == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = NdisMiniportHandle;

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  Attributes.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
  Attributes.RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE | NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
  Attributes.RegistrationAttributes.InterfaceType = NdisInterfacePci;
  Status = NdisMSetMiniportAttributes(NdisMiniportHandle, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  NdisZeroMemory(&Dma, sizeof(Dma));
  Dma.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
  Dma.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
  Dma.Header.Size = sizeof(Dma);
  Dma.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
  Dma.MaximumPhysicalMapping = 0x10000;
  Dma.ProcessSGListHandler = MpProcessSgList;
  Status = NdisMRegisterScatterGatherDma(NdisMiniportHandle, &Dma, &Adapter->DmaHandle);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  Adapter->RefillWorkItem = NdisAllocateIoWorkItem(NdisMiniportHandle);
  if (Adapter->RefillWorkItem == NULL) {
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
  NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists,
                                  (SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL)
                                      ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL
                                      : 0);
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
