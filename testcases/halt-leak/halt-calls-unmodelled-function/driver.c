/*
 * halt-leak/halt-calls-unmodelled-function - a halt handler that calls a
 * platform function the contract database does not model
 * (NdisStallExecution, to let the chip go idle) before it frees the
 * adapter's pools.
 *
 * NdisAllocatePacketPool: "When the driver no longer needs the packet pool,
 * it calls NdisFreePacketPool to release the packet pool storage." A
 * platform function that is not the driver's frees nothing of the driver's:
 * halt's pairing is still known. (The checker once took a call to any
 * function declared in a header included with <...> for a call to the
 * driver's own code it could not see, and gave the pairing up.)
 *
 * MpHalt frees the buffer pool (right) but not the packet pool (wrong).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_PACKETS 32
#define MP_BUFFERS 64

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE PacketPool;
  NDIS_HANDLE BufferPool;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

/* Right: what the failure path of MpInitialize calls frees both pools. */
static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->BufferPool != NULL)
    NdisFreeBufferPool(Adapter->BufferPool);
  if (Adapter->PacketPool != NULL)
    NdisFreePacketPool(Adapter->PacketPool);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MpInitialize(_Out_ PNDIS_STATUS OpenErrorStatus,
                         _Out_ PUINT SelectedMediumIndex,
                         _In_ PNDIS_MEDIUM MediumArray,
                         _In_ UINT MediumArraySize,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE WrapperConfigurationContext) {
  PMP_ADAPTER Adapter;
  NDIS_STATUS Status;
  UINT i;

  UNREFERENCED_PARAMETER(OpenErrorStatus);
  UNREFERENCED_PARAMETER(WrapperConfigurationContext);

  for (i = 0; i < MediumArraySize; i++) {
    if (MediumArray[i] == NdisMedium802_3)
      break;
  }
  if (i == MediumArraySize)
    return NDIS_STATUS_UNSUPPORTED_MEDIA;
  *SelectedMediumIndex = i;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;

  /* Wrong: MpHalt never frees it. */
  NdisAllocatePacketPool(&Status, &Adapter->PacketPool, MP_PACKETS, 0); // expect: ndis-halt-leak
  if (Status != NDIS_STATUS_SUCCESS) {
    Adapter->PacketPool = NULL;
    goto Fail;
  }

  /* Right: MpHalt frees it. */
  NdisAllocateBufferPool(&Status, &Adapter->BufferPool, MP_BUFFERS);
  if (Status != NDIS_STATUS_SUCCESS) {
    Adapter->BufferPool = NULL;
    goto Fail;
  }

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(Adapter);
  return Status;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  NdisStallExecution(10); /* let the chip go idle */
  /* Wrong: Adapter->PacketPool is not freed. */
  NdisFreeBufferPool(Adapter->BufferPool);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
  return NDIS_STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_STATUS Status;
  NDIS_MINIPORT_CHARACTERISTICS Chars;

  NdisMInitializeWrapper(&MpWrapperHandle, DriverObject, RegistryPath, NULL);

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.InitializeHandler = MpInitialize;
  Chars.HaltHandler = MpHalt;
  Chars.ResetHandler = MpReset;
  Chars.SendHandler = MpSend;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
