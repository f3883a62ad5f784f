/*
 * double-free/reference-count - a request block shared by two owners and
 * released by a reference count, a ring of receive buffers freed element by
 * element, and a block freed by a helper and then again by its caller.
 *
 * NdisFreeMemory: "NdisFreeMemory releases a block of memory that was
 * previously allocated with NdisAllocateMemoryWithTag" - once: freeing it
 * twice corrupts the pool.
 *
 * MpRunRequest drops both references through MpDerefRequest, which frees
 * the block only when the count reaches zero (right: the caller cannot tell
 * which call freed it, and neither frees it twice). MpFreeRing frees every
 * element of the adapter's ring in a loop (right: each element once).
 * MpRunRequestWrong has MpReleaseRequest free the block and then frees it
 * itself (wrong).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING 4
#define MP_BUFFER_SIZE 256

typedef struct _MP_REQUEST {
  LONG RefCount;
  UCHAR Data[64];
} MP_REQUEST, *PMP_REQUEST;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PUCHAR Ring[MP_RING];
  ULONG Checksum;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

/* Frees the request when the last reference goes. */
static VOID MpDerefRequest(PMP_REQUEST Request) {
  Request->RefCount--;
  if (Request->RefCount == 0)
    NdisFreeMemory(Request, sizeof(MP_REQUEST), 0);
}

static VOID MpReleaseRequest(PMP_REQUEST Request) {
  NdisFreeMemory(Request, sizeof(MP_REQUEST), 0);
}

static VOID MpRunRequest(PMP_ADAPTER Adapter) {
  PMP_REQUEST Request;

  if (NdisAllocateMemoryWithTag((PVOID *)&Request, sizeof(MP_REQUEST), MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  NdisZeroMemory(Request, sizeof(MP_REQUEST));
  Request->RefCount = 2; /* the adapter's and the completion's */
  Adapter->Checksum = Request->Data[0];
  MpDerefRequest(Request); /* the completion's */
  MpDerefRequest(Request); /* the adapter's: this one frees it */
}

/* Wrong: MpReleaseRequest freed it already. Right: one of the two. */
static VOID MpRunRequestWrong(PMP_ADAPTER Adapter) {
  PMP_REQUEST Request;

  if (NdisAllocateMemoryWithTag((PVOID *)&Request, sizeof(MP_REQUEST), MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  NdisZeroMemory(Request, sizeof(MP_REQUEST));
  Adapter->Checksum = Request->Data[0];
  MpReleaseRequest(Request);
  NdisFreeMemory(Request, sizeof(MP_REQUEST), 0); // expect: ndis-double-free
}

static VOID MpFreeRing(PMP_ADAPTER Adapter) {
  UINT i;

  for (i = 0; i < MP_RING; i++) {
    if (Adapter->Ring[i] != NULL)
      NdisFreeMemory(Adapter->Ring[i], MP_BUFFER_SIZE, 0);
    Adapter->Ring[i] = NULL;
  }
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  MpFreeRing(Adapter);
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

  for (i = 0; i < MP_RING; i++)
    if (NdisAllocateMemoryWithTag((PVOID *)&Adapter->Ring[i], MP_BUFFER_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
      Adapter->Ring[i] = NULL;
  MpRunRequest(Adapter);
  MpRunRequestWrong(Adapter);

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
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
