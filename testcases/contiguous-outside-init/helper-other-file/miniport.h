/*
 * miniport.h - shared by miniport.c (registration, initialise, send, reset,
 * halt) and ring.c (descriptor ring helpers) of the
 * contiguous-outside-init/helper-other-file testcase.
 */
#ifndef MINIPORT_H
#define MINIPORT_H

#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_RING_FLAGS (NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED)

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID TxRing;
  PVOID TxOverflowRing;
  ULONG TxPending;
} MP_ADAPTER, *PMP_ADAPTER;

extern NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax;

/* ring.c */
NDIS_STATUS MpAllocateRings(_In_ PMP_ADAPTER Adapter);
NDIS_STATUS MpGrowTxRing(_In_ PMP_ADAPTER Adapter);
VOID MpFreeRings(_In_ PMP_ADAPTER Adapter);

#endif /* MINIPORT_H */
