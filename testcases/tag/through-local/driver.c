/*
 * tag/through-local - the Tag argument of NdisAllocateMemoryWithTag, kept in
 * a local first.
 *
 * NdisAllocateMemoryWithTag, Tag [in]: "Is a string, delimited by single
 * quote marks, with up to four characters, usually specified in reversed
 * order."
 *
 * An NDIS 5.1 miniport whose MiniportInitialize picks each block's tag into
 * a local before the call: 0 for its statistics block (wrong: a pool dump
 * cannot say whose memory it is) and 'gaTM' for its scratch block (right).
 * A local written only by its constant initialiser is that constant.
 */
#include <ndis.h>

#define MP_TAG 'gaTM' /* right: shows as "MTag" in a pool dump */
#define MP_STATS_SIZE 256
#define MP_SCRATCH_SIZE 128

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID Stats;
  PVOID Scratch;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->Scratch != NULL)
    NdisFreeMemory(Adapter->Scratch, MP_SCRATCH_SIZE, 0);
  if (Adapter->Stats != NULL)
    NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
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
  ULONG StatsTag = 0;
  ULONG ScratchTag = MP_TAG;
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

  /* Right: the adapter context, nonpaged, with a four-character tag. */
  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;

  /* Wrong: tag 0. Right is the driver's own tag, as for the adapter above. */
  Status = NdisAllocateMemoryWithTag(&Adapter->Stats, MP_STATS_SIZE, StatsTag); // expect: ndis-tag
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Right: the driver's own tag, through a local. */
  Status = NdisAllocateMemoryWithTag(&Adapter->Scratch, MP_SCRATCH_SIZE, ScratchTag);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
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
