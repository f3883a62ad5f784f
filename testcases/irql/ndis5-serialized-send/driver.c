/*
 * irql/ndis5-serialized-send - a serialized NDIS 5 miniport's MiniportSend
 * runs at DISPATCH_LEVEL, so the Dpr spin lock calls are right there; its
 * MiniportReset may still run at PASSIVE_LEVEL.
 *
 * NdisMSendComplete (NDIS 5.1): "NDIS serializes the submission of incoming
 * packet arrays to each serialized miniport's MiniportSendPackets function,
 * and it serializes the submission of packets to each miniport's
 * MiniportSend function." NDIS 5.0 reference (every miniport serialized):
 * "For instance, the initialization function, halt function, reset
 * function, and sometimes the shutdown function run at PASSIVE_LEVEL.
 * Interrupt code runs at DIRQL. All other NDIS driver functions run at
 * DISPATCH_LEVEL." NdisDprAcquireSpinLock: IRQL "DISPATCH_LEVEL".
 * (rules: role irqlSerialized, top-level "deserialized".)
 *
 * The miniport does not pass NDIS_ATTRIBUTE_DESERIALIZE: it is serialized.
 * MpSend takes the adapter's lock with NdisDprAcquireSpinLock (right: NDIS
 * calls a serialized MiniportSend at DISPATCH_LEVEL); MpReset does the same
 * (wrong: MiniportReset is not one of the handlers NDIS serializes at
 * DISPATCH_LEVEL; use NdisAcquireSpinLock). The harness calls MiniportReset
 * at DISPATCH_LEVEL, the top of its range, so only the checker sees it.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_SPIN_LOCK Lock;
  ULONG PacketsSent;
  ULONG Resets;
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

  /* A serialized miniport: no NDIS_ATTRIBUTE_DESERIALIZE. */
  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
  /* Right: a serialized MiniportSend runs at DISPATCH_LEVEL. */
  NdisDprAcquireSpinLock(&Adapter->Lock);
  Adapter->PacketsSent++;
  NdisDprReleaseSpinLock(&Adapter->Lock);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  *AddressingReset = FALSE;
  /* Wrong (both calls): MiniportReset may run at PASSIVE_LEVEL. */
  NdisDprAcquireSpinLock(&Adapter->Lock); // expect: ndis-irql static-only: the harness calls MiniportReset at DISPATCH_LEVEL, the top of its range
  Adapter->Resets++;
  NdisDprReleaseSpinLock(&Adapter->Lock); // expect: ndis-irql static-only: the harness calls MiniportReset at DISPATCH_LEVEL, the top of its range
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  NdisFreeSpinLock(&Adapter->Lock);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
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
