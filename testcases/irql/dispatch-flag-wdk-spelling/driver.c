/*
 * irql/dispatch-flag-wdk-spelling - the dispatch-level flags tested the way
 * the WDK's ndis.h spells its NDIS_TEST_*_FLAG macros:
 * ((Flags & FLAG) == FLAG).
 *
 * MiniportReturnNetBufferLists, ReturnFlags: NDIS_RETURN_FLAGS_DISPATCH_LEVEL
 * "Specifies that the current IRQL is DISPATCH_LEVEL."; the handler runs at
 * IRQL <= DISPATCH_LEVEL (shared/reference/ndis-callback-irql.txt), so a
 * clear flag means below DISPATCH_LEVEL. NdisDprAcquireSpinLock /
 * NdisDprReleaseSpinLock need IRQL = DISPATCH_LEVEL.
 * NdisMAllocateSharedMemory is PASSIVE_LEVEL only.
 *
 * MpReturnNetBufferLists tests the flag with the comparison written out, and
 * MpSendNetBufferLists through a macro that expands to it (right: Dpr where
 * the flag is set, the raising routines where it is clear). Wrong: the
 * return handler refills its spare receive buffer from shared memory where
 * the comparison says DISPATCH_LEVEL, and takes the Dpr routines where
 * ((Flags & FLAG) != FLAG).
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RX_BUFFER_SIZE 2048

/* As the WDK's NDIS_TEST_SEND_FLAG / NDIS_TEST_RETURN_FLAG expand. */
#define MP_TEST_FLAG(_Flags, _Fl) (((_Flags) & (_Fl)) == (_Fl))

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE DmaHandle;
  NDIS_SPIN_LOCK RxLock;
  NDIS_SPIN_LOCK TxLock;
  ULONG RxOutstanding;
  ULONG RxReturnedLow;
  ULONG TxCount;
  PVOID RxSpare;
  NDIS_PHYSICAL_ADDRESS RxSparePa;
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
  if (Adapter->RxSpare != NULL)
    NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_RX_BUFFER_SIZE, TRUE, Adapter->RxSpare, Adapter->RxSparePa);
  if (Adapter->DmaHandle != NULL)
    NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
  NdisFreeSpinLock(&Adapter->TxLock);
  NdisFreeSpinLock(&Adapter->RxLock);
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
  NdisAllocateSpinLock(&Adapter->RxLock);
  NdisAllocateSpinLock(&Adapter->TxLock);

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

  UNREFERENCED_PARAMETER(PortNumber);

  /* Right: the macro expands to ((SendFlags & FLAG) == FLAG). */
  if (MP_TEST_FLAG(SendFlags, NDIS_SEND_FLAGS_DISPATCH_LEVEL))
    NdisDprAcquireSpinLock(&Adapter->TxLock);
  else
    NdisAcquireSpinLock(&Adapter->TxLock);
  Adapter->TxCount++;
  if (MP_TEST_FLAG(SendFlags, NDIS_SEND_FLAGS_DISPATCH_LEVEL))
    NdisDprReleaseSpinLock(&Adapter->TxLock);
  else
    NdisReleaseSpinLock(&Adapter->TxLock);

  for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
  NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists, MP_TEST_FLAG(SendFlags, NDIS_SEND_FLAGS_DISPATCH_LEVEL) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID MpReturnNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterContext,
                            _In_ PNET_BUFFER_LIST NetBufferLists,
                            _In_ ULONG ReturnFlags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(NetBufferLists);

  /* Right: the Dpr routines where the comparison says DISPATCH_LEVEL, the
   * raising ones where it does not. */
  if ((ReturnFlags & NDIS_RETURN_FLAGS_DISPATCH_LEVEL) == NDIS_RETURN_FLAGS_DISPATCH_LEVEL) {
    NdisDprAcquireSpinLock(&Adapter->RxLock);
    Adapter->RxOutstanding--;
    NdisDprReleaseSpinLock(&Adapter->RxLock);

    /* Wrong: the comparison says DISPATCH_LEVEL, and shared memory is
     * allocated at PASSIVE_LEVEL only. Right: allocate the spare buffer in
     * MiniportInitializeEx, or defer to a work item. */
    if (Adapter->RxSpare == NULL)
      NdisMAllocateSharedMemory(Adapter->AdapterHandle, MP_RX_BUFFER_SIZE, TRUE, &Adapter->RxSpare, &Adapter->RxSparePa); // expect: ndis-irql
  } else {
    NdisAcquireSpinLock(&Adapter->RxLock);
    Adapter->RxOutstanding--;
    NdisReleaseSpinLock(&Adapter->RxLock);
  }

  if ((ReturnFlags & NDIS_RETURN_FLAGS_DISPATCH_LEVEL) != NDIS_RETURN_FLAGS_DISPATCH_LEVEL) {
    /* Wrong: the comparison says the caller is below DISPATCH_LEVEL, and the
     * Dpr routines do not raise. Right: NdisAcquireSpinLock /
     * NdisReleaseSpinLock, as above. */
    NdisDprAcquireSpinLock(&Adapter->RxLock); // expect: ndis-irql static-only: the harness always returns at DISPATCH_LEVEL with the flag set
    Adapter->RxReturnedLow++;
    NdisDprReleaseSpinLock(&Adapter->RxLock); // expect: ndis-irql static-only: the harness always returns at DISPATCH_LEVEL with the flag set
  }
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
