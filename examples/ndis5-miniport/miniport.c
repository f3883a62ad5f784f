/*
 * miniport.c - registration, initialisation, reset and halt of the example
 * NDIS 5.1 miniport.
 *
 * The lines ending in "expect: RULE-ID" break a documented contract of
 * NdisAllocateMemory / NdisAllocateMemoryWithTag; ndis-check reports each of
 * them and nothing else. The right way to do the same thing sits next to each.
 */
#include "miniport.h"

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax =
    NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

/* Frees whatever MPInitialize got; runs at PASSIVE_LEVEL (init or halt). */
static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->TxBounce != NULL)
    NdisFreeMemory(Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->TxRing != NULL)
    NdisFreeMemory(Adapter->TxRing, MP_TX_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RX_RING_SIZE, MP_RING_FLAGS);
  if (Adapter->IsaWindow != NULL)
    NdisFreeMemory(Adapter->IsaWindow, MP_BOUNCE_SIZE, 0);
  if (Adapter->Stats != NULL)
    NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
  NdisFreeSpinLock(&Adapter->Lock);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS MPInitialize(PNDIS_STATUS OpenErrorStatus,
                         PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray,
                         UINT MediumArraySize,
                         NDIS_HANDLE MiniportAdapterHandle,
                         NDIS_HANDLE WrapperConfigurationContext) {
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

  /* Right: the adapter context is plain nonpaged memory with a real tag. */
  Status =
      NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;
  NdisAllocateSpinLock(&Adapter->Lock);

  /* Right: the receive ring is contiguous and noncached, requested while
   * initialising at PASSIVE_LEVEL, with HighestAcceptableAddress -1. */
  Status = NdisAllocateMemory(&Adapter->RxRing, MP_RX_RING_SIZE, MP_RING_FLAGS,
                              MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: tag 0, so a pool dump cannot say whose memory this is. */
  Status = NdisAllocateMemoryWithTag(&Adapter->Stats, MP_STATS_SIZE,
                                     0); // expect: ndis-tag
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: an ISA-era 16 MB limit; HighestAcceptableAddress must be -1. */
  {
    NDIS_PHYSICAL_ADDRESS Below16M = NDIS_PHYSICAL_ADDRESS_CONST(0xFFFFFF, 0);
    Status = NdisAllocateMemory(&Adapter->IsaWindow, MP_BOUNCE_SIZE, 0,
                                Below16M); // expect: ndis-highest-address
  }
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: the transmit ring is requested under the adapter lock, that is at
   * DISPATCH_LEVEL; contiguous memory needs PASSIVE_LEVEL. */
  NdisAcquireSpinLock(&Adapter->Lock);
  Status = NdisAllocateMemory(&Adapter->TxRing, MP_TX_RING_SIZE,
                              NDIS_MEMORY_CONTIGUOUS,
                              MpHighestAcceptableMax); // expect: ndis-irql
  NdisReleaseSpinLock(&Adapter->Lock);
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

NDIS_STATUS MPReset(PBOOLEAN AddressingReset,
                    NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  NdisAcquireSpinLock(&Adapter->Lock);
  Adapter->InterruptsPending = 0;
  Adapter->PacketsDropped = 0;
  NdisReleaseSpinLock(&Adapter->Lock);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

VOID MPHalt(NDIS_HANDLE MiniportAdapterContext) {
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject,
                     PUNICODE_STRING RegistryPath) {
  NDIS_STATUS Status;
  NDIS_MINIPORT_CHARACTERISTICS Chars;

  NdisMInitializeWrapper(&MpWrapperHandle, DriverObject, RegistryPath, NULL);

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.InitializeHandler = MPInitialize;
  Chars.HaltHandler = MPHalt;
  Chars.ResetHandler = MPReset;
  Chars.ISRHandler = MPIsr;
  Chars.HandleInterruptHandler = MPHandleInterrupt;
  Chars.SendHandler = MPSend;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
