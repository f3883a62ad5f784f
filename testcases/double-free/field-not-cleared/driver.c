/*
 * double-free/field-not-cleared - blocks kept in fields of the adapter
 * context, freed twice because the field still holds the freed address:
 * once by a helper and again by its caller, and twice in one function.
 *
 * NdisFreeMemory: "NdisFreeMemory releases a block of memory that was
 * previously allocated with NdisAllocateMemoryWithTag" - once: freeing it
 * twice corrupts the pool.
 *
 * MpDropRx has MpFreeRx free Adapter->RxArea and then frees it itself
 * (wrong); MpDropStats frees Adapter->Stats and, the field unchanged,
 * frees it again under a NULL test that still passes (wrong). MpDropInfo
 * frees Adapter->Info through MpFreeInfo, which clears the field, so its
 * own NULL test fails and nothing is freed twice (right); MpFreeAdapter
 * frees each field that is still set (right).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_SIZE 256

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PUCHAR RxArea;
  PUCHAR Stats;
  PUCHAR Info;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpFreeRx(PMP_ADAPTER Adapter) {
  NdisFreeMemory(Adapter->RxArea, MP_SIZE, 0);
}

static VOID MpFreeInfo(PMP_ADAPTER Adapter) {
  NdisFreeMemory(Adapter->Info, MP_SIZE, 0);
  Adapter->Info = NULL;
}

/* Wrong: MpFreeRx freed it already. */
static VOID MpDropRx(PMP_ADAPTER Adapter) {
  MpFreeRx(Adapter);
  NdisFreeMemory(Adapter->RxArea, MP_SIZE, 0); // expect: ndis-double-free
  Adapter->RxArea = NULL;
}

/* Wrong: the field was not cleared, so the test passes. */
static VOID MpDropStats(PMP_ADAPTER Adapter) {
  NdisFreeMemory(Adapter->Stats, MP_SIZE, 0);
  if (Adapter->Stats != NULL)
    NdisFreeMemory(Adapter->Stats, MP_SIZE, 0); // expect: ndis-double-free
  Adapter->Stats = NULL;
}

/* Right: MpFreeInfo cleared the field. */
static VOID MpDropInfo(PMP_ADAPTER Adapter) {
  MpFreeInfo(Adapter);
  if (Adapter->Info != NULL)
    NdisFreeMemory(Adapter->Info, MP_SIZE, 0);
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->RxArea != NULL)
    NdisFreeMemory(Adapter->RxArea, MP_SIZE, 0);
  if (Adapter->Stats != NULL)
    NdisFreeMemory(Adapter->Stats, MP_SIZE, 0);
  if (Adapter->Info != NULL)
    NdisFreeMemory(Adapter->Info, MP_SIZE, 0);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

static NDIS_STATUS MpAllocateBlocks(PMP_ADAPTER Adapter) {
  if (NdisAllocateMemoryWithTag((PVOID *)&Adapter->RxArea, MP_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
  if (NdisAllocateMemoryWithTag((PVOID *)&Adapter->Stats, MP_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
  if (NdisAllocateMemoryWithTag((PVOID *)&Adapter->Info, MP_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
  MpDropRx(Adapter);
  MpDropStats(Adapter);
  MpDropInfo(Adapter);
  return NDIS_STATUS_SUCCESS;
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

  Status = MpAllocateBlocks(Adapter);
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
