/*
 * irql/mfreeshared-at-dispatch - NdisMFreeSharedMemory at DISPATCH_LEVEL
 * (right) next to NdisMAllocateSharedMemory at DISPATCH_LEVEL (wrong).
 *
 * NdisMFreeSharedMemory: IRQL "<= DISPATCH_LEVEL"; NdisMAllocateSharedMemory:
 * IRQL "PASSIVE_LEVEL"; MiniportSendNetBufferLists: IRQL "<= DISPATCH_LEVEL".
 *
 * MpHaltEx frees the receive ring while it holds the adapter's spin lock,
 * at DISPATCH_LEVEL (right: only the allocation needs PASSIVE_LEVEL).
 * MpSendNetBufferLists allocates a bounce buffer (wrong) and frees it
 * (right) at DISPATCH_LEVEL.
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_BOUNCE_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE DmaHandle;
  NDIS_SPIN_LOCK Lock;
  PVOID RxRing;
  NDIS_PHYSICAL_ADDRESS RxRingPa;
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
MINIPORT_PROCESS_SG_LIST MpProcessSgList;

NDIS_HANDLE MpDriverHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  NdisAcquireSpinLock(&Adapter->Lock);
  /* Right: at DISPATCH_LEVEL, under the lock. */
  if (Adapter->RxRing != NULL)
    NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_RING_SIZE, FALSE, Adapter->RxRing, Adapter->RxRingPa);
  Adapter->RxRing = NULL;
  NdisReleaseSpinLock(&Adapter->Lock);
  if (Adapter->DmaHandle != NULL)
    NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
  NdisFreeSpinLock(&Adapter->Lock);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

VOID MpProcessSgList(_In_ PDEVICE_OBJECT pDO, _In_ PVOID Reserved,
                     _In_ PSCATTER_GATHER_LIST pSGL, _In_ PVOID Context) {
  UNREFERENCED_PARAMETER(pDO);
  UNREFERENCED_PARAMETER(Reserved);
  UNREFERENCED_PARAMETER(pSGL);
  UNREFERENCED_PARAMETER(Context);
}

NDIS_STATUS MpInitializeEx(_In_ NDIS_HANDLE NdisMiniportHandle,
                           _In_ NDIS_HANDLE MiniportDriverContext,
                           _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters) {
  PMP_ADAPTER Adapter;
  NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attributes;
  NDIS_SG_DMA_DESCRIPTION Dma;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(InitParameters);

  Adapter = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(MP_ADAPTER), MP_TAG, NormalPoolPriority);
  if (Adapter == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = NdisMiniportHandle;
  NdisAllocateSpinLock(&Adapter->Lock);

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

  NdisMAllocateSharedMemory(NdisMiniportHandle, MP_RING_SIZE, FALSE, &Adapter->RxRing, &Adapter->RxRingPa);
  if (Adapter->RxRing == NULL) {
    Status = NDIS_STATUS_RESOURCES;
    goto Fail;
  }
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(Adapter);
  return Status;
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
  PVOID Bounce;
  NDIS_PHYSICAL_ADDRESS BouncePa;

  UNREFERENCED_PARAMETER(PortNumber);
  /* Wrong: MiniportSendNetBufferLists runs at IRQL <= DISPATCH_LEVEL and
   * NdisMAllocateSharedMemory needs PASSIVE_LEVEL; allocate the bounce
   * buffer in MpInitializeEx, as the ring is. */
  NdisMAllocateSharedMemory(Adapter->AdapterHandle, MP_BOUNCE_SIZE, FALSE, &Bounce, &BouncePa); // expect: ndis-irql
  /* Right: NdisMFreeSharedMemory may run at DISPATCH_LEVEL. */
  if (Bounce != NULL)
    NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_BOUNCE_SIZE, FALSE, Bounce, BouncePa);
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
