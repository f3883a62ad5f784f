/*
 * highest-address/through-helper-parameter - the HighestAcceptableAddress
 * argument of NdisAllocateMemory, passed down to a helper.
 *
 * NdisAllocateMemory, HighestAcceptableAddress [in]: "Specifies -1."
 *
 * An NDIS 5.1 miniport allocates its rings through helpers that take the
 * limit as a parameter. MpAllocDescRing is passed a 4 GB limit set through
 * QuadPart (wrong); the finding is at the helper's call of
 * NdisAllocateMemory, and the trace shows the caller that passes it.
 * MpAllocRxRing is only ever passed -1 (right).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_DESC_SIZE 1024

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID DescRing;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->DescRing != NULL)
    NdisFreeMemory(Adapter->DescRing, MP_DESC_SIZE, 0);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, 0);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

static NDIS_STATUS MpAllocRxRing(PMP_ADAPTER Adapter,
                                 NDIS_PHYSICAL_ADDRESS Ceiling) {
  return NdisAllocateMemory(&Adapter->RxRing, MP_RING_SIZE, 0, Ceiling);
}

static NDIS_STATUS MpAllocDescRing(PMP_ADAPTER Adapter,
                                   NDIS_PHYSICAL_ADDRESS Ceiling) {
  return NdisAllocateMemory(&Adapter->DescRing, MP_DESC_SIZE, 0, Ceiling); // expect: ndis-highest-address
}

NDIS_STATUS MpInitialize(_Out_ PNDIS_STATUS OpenErrorStatus,
                         _Out_ PUINT SelectedMediumIndex,
                         _In_ PNDIS_MEDIUM MediumArray,
                         _In_ UINT MediumArraySize,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE WrapperConfigurationContext) {
  PMP_ADAPTER Adapter;
  NDIS_STATUS Status;
  NDIS_PHYSICAL_ADDRESS Any = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);
  NDIS_PHYSICAL_ADDRESS Below4G;
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

  /* Right: -1. */
  Status = MpAllocRxRing(Adapter, Any);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: a 4 GB limit. Right: Any. */
  Below4G.QuadPart = 0xFFFFFFFF;
  Status = MpAllocDescRing(Adapter, Below4G);
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
