/*
 * leak/status-reused-by-later-call - one Status variable for two
 * allocations: when the second fails, the first one's buffer leaks.
 *
 * NdisAllocateBuffer: the buffer descriptor is released with NdisFreeBuffer
 * ("NdisFreeBuffer releases a buffer descriptor allocated by
 * NdisAllocateBuffer") - also when a later step fails.
 *
 * MpSendCoalesced allocates a buffer descriptor, tests Status, then
 * allocates a packet into the same Status. The second test is the packet's
 * check, not the buffer's: when the packet allocation fails it returns and
 * the buffer leaks (wrong). MpSendCoalescedRight frees the buffer on that
 * path (right). A status variable belongs to the call that last wrote it.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RX_SIZE 1536

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE BufferPool;
  NDIS_HANDLE PacketPool;
  PUCHAR RxArea;
  ULONG Checksum;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpKick(PMP_ADAPTER Adapter, PNDIS_PACKET Packet, PNDIS_BUFFER Buffer) {
  Adapter->Checksum += (ULONG)(ULONG_PTR)Packet ^ (ULONG)(ULONG_PTR)Buffer;
}

static NDIS_STATUS MpSendCoalesced(PMP_ADAPTER Adapter) {
  PNDIS_BUFFER Buffer;
  PNDIS_PACKET Packet;
  NDIS_STATUS Status;

  NdisAllocateBuffer(&Status, &Buffer, Adapter->BufferPool, Adapter->RxArea, MP_RX_SIZE); // expect: ndis-leak
  if (Status != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
  NdisAllocatePacket(&Status, &Packet, Adapter->PacketPool);
  if (Status != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES; /* wrong: Buffer is lost here */
  MpKick(Adapter, Packet, Buffer);
  NdisFreePacket(Packet);
  NdisFreeBuffer(Buffer);
  return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MpSendCoalescedRight(PMP_ADAPTER Adapter) {
  PNDIS_BUFFER Buffer;
  PNDIS_PACKET Packet;
  NDIS_STATUS Status;

  NdisAllocateBuffer(&Status, &Buffer, Adapter->BufferPool, Adapter->RxArea, MP_RX_SIZE);
  if (Status != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
  NdisAllocatePacket(&Status, &Packet, Adapter->PacketPool);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeBuffer(Buffer); /* right */
    return NDIS_STATUS_RESOURCES;
  }
  MpKick(Adapter, Packet, Buffer);
  NdisFreePacket(Packet);
  NdisFreeBuffer(Buffer);
  return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS MpBuildBuffers(PMP_ADAPTER Adapter) {
  NDIS_STATUS Status;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter->RxArea, MP_RX_SIZE, MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisAllocateBufferPool(&Status, &Adapter->BufferPool, 8);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisAllocatePacketPool(&Status, &Adapter->PacketPool, 8, 0);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  MpSendCoalescedRight(Adapter);
  MpSendCoalesced(Adapter);
  return NDIS_STATUS_SUCCESS;
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->PacketPool != NULL)
    NdisFreePacketPool(Adapter->PacketPool);
  if (Adapter->BufferPool != NULL)
    NdisFreeBufferPool(Adapter->BufferPool);
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
