/*
 * ring.c - descriptor rings of the contiguous-outside-init/helper-other-file
 * testcase. Which entry point reaches each helper is only visible in
 * miniport.c: the checker has to link the two files.
 *
 * NdisAllocateMemory: "Attempts to allocate either of these types of memory
 * except during driver initialization are a programming error." and "NIC
 * drivers that allocate contiguous and/or noncached memory must be running
 * at IRQL = PASSIVE_LEVEL during initialization."
 */
#include "miniport.h"

/* Called from MpInitialize only: right. */
NDIS_STATUS MpAllocateRings(_In_ PMP_ADAPTER Adapter) {
  NDIS_STATUS Status;

  Status = NdisAllocateMemory(&Adapter->RxRing, MP_RING_SIZE, MP_RING_FLAGS, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  return NdisAllocateMemory(&Adapter->TxRing, MP_RING_SIZE, MP_RING_FLAGS, MpHighestAcceptableMax);
}

/* Called from MpSend (miniport.c) when the transmit ring is full: wrong,
 * MiniportSend is not initialisation and runs at IRQL <= DISPATCH_LEVEL.
 * Right: size the ring for the worst case in MpAllocateRings, or allocate
 * the overflow ring there too. */
NDIS_STATUS MpGrowTxRing(_In_ PMP_ADAPTER Adapter) {
  if (Adapter->TxOverflowRing != NULL)
    return NDIS_STATUS_SUCCESS;
  return NdisAllocateMemory(&Adapter->TxOverflowRing, MP_RING_SIZE, MP_RING_FLAGS, MpHighestAcceptableMax); // expect: ndis-irql, ndis-contiguous-outside-init
}

/* Called from MpInitialize's failure path and MpHalt, both at PASSIVE_LEVEL. */
VOID MpFreeRings(_In_ PMP_ADAPTER Adapter) {
  if (Adapter->TxOverflowRing != NULL)
    NdisFreeMemory(Adapter->TxOverflowRing, MP_RING_SIZE, MP_RING_FLAGS);
  if (Adapter->TxRing != NULL)
    NdisFreeMemory(Adapter->TxRing, MP_RING_SIZE, MP_RING_FLAGS);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, MP_RING_FLAGS);
  Adapter->TxOverflowRing = Adapter->TxRing = Adapter->RxRing = NULL;
}
