/*
 * highest-address/local-set-by-parts - HighestAcceptableAddress of
 * NdisAllocateMemory, set after the local's declaration.
 *
 * NdisAllocateMemory, HighestAcceptableAddress [in]: "Specifies -1."
 *
 * The miniport fills its NDIS_PHYSICAL_ADDRESS locals by assignment: a 4 GB
 * limit through QuadPart and a 16 MB limit through
 * NdisSetPhysicalAddressLow/High (both wrong), and -1 through
 * NdisSetPhysicalAddressLow/High (right). A local set by constants that all
 * agree holds their value wherever the call is.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_BOUNCE_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID Bounce;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->Bounce != NULL)
    NdisFreeMemory(Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MpInitialize(_Out_ PNDIS_STATUS OpenErrorStatus,
                         _Out_ PUINT SelectedMediumIndex,
                         _In_ PNDIS_MEDIUM MediumArray,
                         _In_ UINT MediumArraySize,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE WrapperConfigurationContext) {
  NDIS_PHYSICAL_ADDRESS Below4G, Below16M, Anywhere;
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

  Below4G.QuadPart = 0xFFFFFFFF;
  NdisSetPhysicalAddressLow(Below16M, 0xFFFFFF);
  NdisSetPhysicalAddressHigh(Below16M, 0);
  NdisSetPhysicalAddressLow(Anywhere, -1);
  NdisSetPhysicalAddressHigh(Anywhere, -1);

  /* Wrong: a 16 MB limit; the only documented value is -1. */
  Status = NdisAllocateMemory(&Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS, Below16M); // expect: ndis-highest-address
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  NdisFreeMemory(Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  /* Wrong: a 4 GB limit. */
  Status = NdisAllocateMemory(&Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS, Below4G); // expect: ndis-highest-address
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Right: -1, set half by half. */
  Status = NdisAllocateMemory(&Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS, Anywhere);
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
