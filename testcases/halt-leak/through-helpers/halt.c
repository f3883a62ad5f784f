/*
 * halt-leak/through-helpers, halt side: the helper MpHaltEx (and the
 * failure path of MpInitializeEx) uses to release the adapter. See init.c.
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#include "adapter.h"

/* Right for the MDL and the RX buffer; TxBuffer is missing (see init.c). */
VOID MpFreeResources(PMP_ADAPTER Adapter) {
  if (Adapter->RxMdl != NULL)
    NdisFreeMdl(Adapter->RxMdl);
  if (Adapter->RxBuffer != NULL)
    NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter->RxBuffer, MP_TAG);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}
