/*
 * double-free/one-branch - a snapshot buffer freed on one branch and then
 * again after it, next to the version that clears the pointer.
 *
 * NdisAllocateMdl: "All MDLs that are allocated by calling NdisAllocateMdl
 * must be freed by calling the NdisFreeMdl function." - once: the pages say
 * nothing more about freeing twice, which corrupts the pool for every
 * kernel allocator.
 *
 * MpSnapshotStats() frees the snapshot when asked to discard it and then
 * frees it again unconditionally (wrong). MpSnapshotStatsRight() sets the
 * pointer to NULL after the first free and frees only a non-NULL pointer
 * (right).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_STATS_SIZE 128

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  UCHAR Stats[MP_STATS_SIZE];
  ULONG Checksum;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

/* Wrong: with Discard set the snapshot is freed twice. Right: free it in
 * one place only, or clear the pointer (MpSnapshotStatsRight). */
static VOID MpSnapshotStats(PMP_ADAPTER Adapter, BOOLEAN Discard) {
  PUCHAR Snapshot;

  if (NdisAllocateMemoryWithTag((PVOID *)&Snapshot, MP_STATS_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  NdisMoveMemory(Snapshot, Adapter->Stats, MP_STATS_SIZE);
  Adapter->Checksum = Snapshot[0];
  if (Discard)
    NdisFreeMemory(Snapshot, MP_STATS_SIZE, 0);
  NdisFreeMemory(Snapshot, MP_STATS_SIZE, 0); // expect: ndis-double-free
}

static VOID MpSnapshotStatsRight(PMP_ADAPTER Adapter, BOOLEAN Discard) {
  PUCHAR Snapshot;

  if (NdisAllocateMemoryWithTag((PVOID *)&Snapshot, MP_STATS_SIZE, MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  NdisMoveMemory(Snapshot, Adapter->Stats, MP_STATS_SIZE);
  Adapter->Checksum = Snapshot[0];
  if (Discard) {
    NdisFreeMemory(Snapshot, MP_STATS_SIZE, 0);
    Snapshot = NULL;
  }
  if (Snapshot != NULL)
    NdisFreeMemory(Snapshot, MP_STATS_SIZE, 0);
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
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

  MpSnapshotStats(Adapter, TRUE);
  MpSnapshotStatsRight(Adapter, TRUE);
  MpSnapshotStatsRight(Adapter, FALSE);

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
