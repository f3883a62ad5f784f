/*
 * free-mismatch/length-ignored - NdisFreeMemory's Length only has to match
 * when the allocation's MemoryFlags is not 0.
 *
 * NdisFreeMemory, Length: "The size, in bytes, of the memory block to be
 * released. If the memory was allocated with
 * NdisAllocateMemoryWithTagPriority or the MemoryFlags parameter is zero,
 * this parameter is ignored." (rules: NdisFreeMemory mustMatch
 * {"param": "Length", "unlessZero": "MemoryFlags"}; NdisAllocateMemoryWithTag
 * has no MemoryFlags, which counts as 0.)
 *
 * MpHalt frees the adapter (NdisAllocateMemoryWithTag) and the statistics
 * block (NdisAllocateMemory, MemoryFlags 0) with Length 0 (right: ignored),
 * and the noncached ring with half its length (wrong: with
 * NDIS_MEMORY_NONCACHED, Length must be MP_RING_SIZE).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_STATS_SIZE 256

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID Stats;
  PVOID Ring;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

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

  Status = NdisAllocateMemory(&Adapter->Stats, MP_STATS_SIZE, 0, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS)
    goto FailAdapter;
  Status = NdisAllocateMemory(&Adapter->Ring, MP_RING_SIZE, NDIS_MEMORY_NONCACHED, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS)
    goto FailStats;

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;

FailStats:
  NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
FailAdapter:
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
  return Status;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  /* Wrong: NDIS_MEMORY_NONCACHED memory needs its Length, MP_RING_SIZE. */
  NdisFreeMemory(Adapter->Ring, MP_RING_SIZE / 2, NDIS_MEMORY_NONCACHED); // expect: ndis-free-mismatch
  /* Right: MemoryFlags 0, so Length is ignored. */
  NdisFreeMemory(Adapter->Stats, 0, 0);
  /* Right: NdisAllocateMemoryWithTag takes no MemoryFlags (0). */
  NdisFreeMemory(Adapter, 0, 0);
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
