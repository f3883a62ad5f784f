/*
 * pools.c - buffer-pool/pool-field-set-in-other-file: the pools the adapter
 * keeps, both allocated here, away from the file that uses them.
 */
#include "adapter.h"

NDIS_STATUS MpAllocatePools(PMP_ADAPTER Adapter) {
  NDIS_STATUS Status;

  NdisAllocateBufferPool(&Status, &Adapter->RxPool, 8);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisAllocateBufferPool(&Status, &Adapter->TxPool, 8);
  return Status;
}
