/*
 * datapath.c - interrupt and send path of the example NDIS 5.1 miniport.
 *
 * MPIsr runs at DIRQL, MPHandleInterrupt at DISPATCH_LEVEL and MPSend at
 * IRQL <= DISPATCH_LEVEL, all after initialisation: plain nonpaged memory may
 * be allocated here, contiguous or noncached memory may not.
 */
#include "miniport.h"

VOID MPIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
           NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  /* At DIRQL: touch the device and defer everything else. */
  Adapter->InterruptsPending++;
  *InterruptRecognized = TRUE;
  *QueueMiniportHandleInterrupt = TRUE;
}

VOID MPHandleInterrupt(NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  PMP_TX_DESC Done;

  /* Right: nonpaged memory with a tag is fine at DISPATCH_LEVEL. */
  if (NdisAllocateMemoryWithTag((PVOID *)&Done, sizeof(MP_TX_DESC), MP_TAG) !=
      NDIS_STATUS_SUCCESS)
    return;
  NdisZeroMemory(Done, sizeof(MP_TX_DESC));

  NdisDprAcquireSpinLock(&Adapter->Lock);
  Adapter->InterruptsPending = 0;
  NdisDprReleaseSpinLock(&Adapter->Lock);

  NdisFreeMemory(Done, sizeof(MP_TX_DESC), 0);
}

NDIS_STATUS MPSend(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet,
                   UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  PMP_TX_DESC Desc;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(Flags);

  /* Wrong: the bounce buffer is made on the first send, long after
   * initialisation; contiguous memory must be requested while initialising. */
  if (Adapter->TxBounce == NULL) {
    Status = NdisAllocateMemory(
        &Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS,
        MpHighestAcceptableMax); // expect: ndis-contiguous-outside-init
    if (Status != NDIS_STATUS_SUCCESS)
      return NDIS_STATUS_RESOURCES;
  }

  /* Right: a per-send descriptor from nonpaged pool, tagged. */
  Status =
      NdisAllocateMemoryWithTag((PVOID *)&Desc, sizeof(MP_TX_DESC), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS) {
    Adapter->PacketsDropped++;
    return NDIS_STATUS_RESOURCES;
  }
  Desc->Packet = Packet;
  Desc->Length = MP_BOUNCE_SIZE;

  NdisAcquireSpinLock(&Adapter->Lock);
  Adapter->PacketsSent++;
  NdisReleaseSpinLock(&Adapter->Lock);

  NdisFreeMemory(Desc, sizeof(MP_TX_DESC), 0);
  return NDIS_STATUS_SUCCESS;
}
