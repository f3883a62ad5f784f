/*
 * halt-leak/ndis5-map-registers - map registers are held against the
 * adapter handle (no handle of their own): MiniportHalt must release them
 * with NdisMFreeMapRegisters. (rules: "allocates": {"keyedBy":
 * "MiniportAdapterHandle"}.)
 *
 * NdisMFreeMapRegisters: "NdisMFreeMapRegisters releases a set of map
 * registers that were allocated during initialization with
 * NdisMAllocateMapRegisters by a bus-master DMA NIC driver." and
 * "NdisMFreeMapRegisters can be called only from a NIC driver's
 * MiniportInitialize and MiniportHalt functions."
 *
 * MpInitialize allocates map registers, then the receive ring. MpHalt frees
 * the ring (right) but never the map registers (wrong: call MpFreeAdapter,
 * as the failure path of MpInitialize does, or
 * NdisMFreeMapRegisters(Adapter->AdapterHandle) after the ring is freed).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_MAP_REGISTERS 16
#define MP_MAX_BUFFER 0x10000

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  BOOLEAN MapRegisters;
  PVOID RxRing;
  NDIS_PHYSICAL_ADDRESS RxRingPa;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

/* Right: what the failure path of MpInitialize calls releases both. */
static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->RxRing != NULL)
    NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_RING_SIZE, FALSE, Adapter->RxRing, Adapter->RxRingPa);
  if (Adapter->MapRegisters)
    NdisMFreeMapRegisters(Adapter->AdapterHandle);
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

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);

  /* Wrong: MpHalt never frees them. */
  Status = NdisMAllocateMapRegisters(MiniportAdapterHandle, 0, NDIS_DMA_32BITS, MP_MAP_REGISTERS, MP_MAX_BUFFER); // expect: ndis-halt-leak
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  Adapter->MapRegisters = TRUE;

  /* Right: MpHalt frees it. */
  NdisMAllocateSharedMemory(MiniportAdapterHandle, MP_RING_SIZE, FALSE, &Adapter->RxRing, &Adapter->RxRingPa);
  if (Adapter->RxRing == NULL) {
    Status = NDIS_STATUS_RESOURCES;
    goto Fail;
  }
  return NDIS_STATUS_SUCCESS;

Fail:
  MpFreeAdapter(Adapter);
  return Status;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  NdisMFreeSharedMemory(Adapter->AdapterHandle, MP_RING_SIZE, FALSE, Adapter->RxRing, Adapter->RxRingPa);
  /* Wrong: the map registers are never freed. */
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
