/*
 * buffer-pool/pool-field-never-set - NdisAllocateBuffer with a pool handle
 * kept in a field of the adapter that no code of the driver ever sets.
 *
 * NdisAllocateBuffer, PoolHandle: "Specifies the handle returned by a
 * preceding call to NdisAllocateBufferPool." and "A driver can call
 * NdisAllocateBuffer as many times as necessary to allocate the buffer
 * descriptors that it requires if it called NdisAllocateBufferPool during
 * initialization."
 *
 * The adapter has two pool fields. MpBuildBuffers() fills RxPool through
 * NdisAllocateBufferPool (right); nothing anywhere sets TxPool, so in the
 * zeroed adapter it is NULL, which only highest-level protocol drivers may
 * pass (wrong): the developer meant RxPool, or forgot a second
 * NdisAllocateBufferPool. The checker knows TxPool is never set because it
 * sees the whole driver: no assignment, no address taken, no copy of the
 * whole adapter.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RX_SIZE 1536

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE RxPool;
  NDIS_HANDLE TxPool; /* never set: the bug */
  PUCHAR RxArea;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static NDIS_STATUS MpBuildBuffers(PMP_ADAPTER Adapter) {
  NDIS_STATUS Status;
  PNDIS_BUFFER Buffer;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter->RxArea, MP_RX_SIZE, MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisAllocateBufferPool(&Status, &Adapter->RxPool, 8);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;

  /* Right: RxPool came from NdisAllocateBufferPool. */
  NdisAllocateBuffer(&Status, &Buffer, Adapter->RxPool, Adapter->RxArea, MP_RX_SIZE);
  if (Status == NDIS_STATUS_SUCCESS)
    NdisFreeBuffer(Buffer);

  /* Wrong: nothing sets TxPool; it is NULL in the zeroed adapter. */
  NdisAllocateBuffer(&Status, &Buffer, Adapter->TxPool, Adapter->RxArea, MP_RX_SIZE); // expect: ndis-buffer-pool
  if (Status == NDIS_STATUS_SUCCESS)
    NdisFreeBuffer(Buffer);
  return NDIS_STATUS_SUCCESS;
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->RxPool != NULL)
    NdisFreeBufferPool(Adapter->RxPool);
  if (Adapter->RxArea != NULL)
    NdisFreeMemory(Adapter->RxArea, MP_RX_SIZE, 0);
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

  Status = MpBuildBuffers(Adapter);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(Adapter);
  return Status;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
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
