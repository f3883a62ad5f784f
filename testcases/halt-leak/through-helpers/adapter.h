/* halt-leak/through-helpers: the adapter context shared by init.c and halt.c. */
#ifndef MP_ADAPTER_H
#define MP_ADAPTER_H

#define MP_TAG 'gaTM'
#define MP_RX_SIZE 2048
#define MP_TX_SIZE 1024

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PUCHAR RxBuffer;
  PMDL RxMdl;
  PUCHAR TxBuffer;
} MP_ADAPTER, *PMP_ADAPTER;

VOID MpFreeResources(PMP_ADAPTER Adapter);

#endif
