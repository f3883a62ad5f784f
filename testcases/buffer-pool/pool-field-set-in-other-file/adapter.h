/*
 * adapter.h - the adapter of buffer-pool/pool-field-set-in-other-file,
 * shared by driver.c and pools.c.
 */
#ifndef ADAPTER_H
#define ADAPTER_H
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RX_SIZE 1536

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_HANDLE RxPool;
  NDIS_HANDLE TxPool; /* set in pools.c */
  PUCHAR RxArea;
} MP_ADAPTER, *PMP_ADAPTER;

NDIS_STATUS MpAllocatePools(PMP_ADAPTER Adapter);

#endif
