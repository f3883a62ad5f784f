/*
 * irql/ndis5-deserialized-send - a deserialized NDIS 5 miniport's
 * MiniportSend may run below DISPATCH_LEVEL, so it cannot use the Dpr spin
 * lock calls, which need DISPATCH_LEVEL.
 *
 * MiniportInitialize (NDIS 5.1): "A deserialized miniport driver must
 * identify itself as such to NDIS during initialization. Its
 * MiniportInitialize function must call NdisMSetAttributesEx with the
 * NDIS_ATTRIBUTE_DESERIALIZE flag set in the AttributeFlags." NDIS 5.1 IRQLs:
 * "All other NDIS driver functions run at IRQL <= DISPATCH_LEVEL."
 * NdisDprAcquireSpinLock and NdisDprReleaseSpinLock: IRQL "DISPATCH_LEVEL".
 *
 * MpSend counts packets under the adapter's lock with NdisDprAcquireSpinLock
 * (wrong: for a deserialized miniport NDIS does not raise to DISPATCH_LEVEL
 * before calling MiniportSend; use NdisAcquireSpinLock, as MpCheckForHang
 * does, which is right). The harness calls MiniportSend at
 * DISPATCH_LEVEL, the top of its range, so only the checker sees it.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_SPIN_LOCK Lock;
  ULONG PacketsSent;
  ULONG LastPacketsSent;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

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
  NdisAllocateSpinLock(&Adapter->Lock);

  /* A deserialized miniport. */
  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
  /* Wrong (both calls): MpSend may run below DISPATCH_LEVEL in a
   * deserialized miniport. */
  NdisDprAcquireSpinLock(&Adapter->Lock); // expect: ndis-irql static-only: the harness calls MiniportSend at DISPATCH_LEVEL, the top of its range
  Adapter->PacketsSent++;
  NdisDprReleaseSpinLock(&Adapter->Lock); // expect: ndis-irql static-only: the harness calls MiniportSend at DISPATCH_LEVEL, the top of its range
  return NDIS_STATUS_SUCCESS;
}

BOOLEAN MpCheckForHang(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  BOOLEAN Hung;

  /* Right: NdisAcquireSpinLock raises to DISPATCH_LEVEL itself. */
  NdisAcquireSpinLock(&Adapter->Lock);
  Hung = FALSE;
  Adapter->LastPacketsSent = Adapter->PacketsSent;
  NdisReleaseSpinLock(&Adapter->Lock);
  return Hung;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  NdisFreeSpinLock(&Adapter->Lock);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
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
  Chars.CheckForHangHandler = MpCheckForHang;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
