/*
 * unchecked-failure/status-through-helper-pointer - an allocation made by a
 * helper that reports its status through the PNDIS_STATUS it was given.
 *
 * NdisAllocateBuffer, Status: "Pointer to a caller-supplied variable in
 * which this function returns the status of the buffer descriptor
 * allocation" - NDIS_STATUS_FAILURE when it could not allocate one, and
 * then *Buffer is NULL.
 *
 * MpGetBuffer passes its Status parameter straight to NdisAllocateBuffer:
 * the caller's Status is the buffer's. MpTouchBuffers tests it before it
 * uses the buffer (right), then uses a second buffer before testing
 * (wrong: the runtime catches the NULL dereference when it fails the
 * allocation).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RX_SIZE 1536

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE BufferPool;
  PUCHAR RxArea;
  ULONG Checksum;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpGetBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, PMP_ADAPTER Adapter) {
  NdisAllocateBuffer(Status, Buffer, Adapter->BufferPool, Adapter->RxArea, MP_RX_SIZE);
}

static NDIS_STATUS MpTouchBuffers(PMP_ADAPTER Adapter) {
  NDIS_STATUS Status;
  PNDIS_BUFFER Buffer;

  /* Right: the status MpGetBuffer wrote is tested first. */
  MpGetBuffer(&Status, &Buffer, Adapter);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  Buffer->Next = NULL;
  NdisFreeBuffer(Buffer);

  /* Wrong: the buffer is used before the status is tested. */
  MpGetBuffer(&Status, &Buffer, Adapter);
  Buffer->Next = NULL; // expect: ndis-unchecked-failure
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
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
  MpTouchBuffers(Adapter);
  return NDIS_STATUS_SUCCESS;
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
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
