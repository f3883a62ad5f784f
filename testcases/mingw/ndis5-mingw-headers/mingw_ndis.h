/*
 * mingw_ndis.h - includes Debian's mingw-w64 ddk/ndis.h (NDIS 5 only) the
 * way it can be included, working around two bugs of that header set:
 *
 *  - ntddndis.h and ddk/ndis.h both define enum _NDIS_REQUEST_TYPE, so
 *    ntddndis.h is included first with its copy renamed;
 *  - ddk/ndis.h declares NdisMWanIndicateReceiveComplete with a missing
 *    comma between its parameters, so that one name is mapped to a valid
 *    declaration while the header is read.
 *
 * Nothing here changes a DDI the testcase uses.
 */
#ifndef MINGW_NDIS_H
#define MINGW_NDIS_H

#define _NDIS_REQUEST_TYPE _NDIS_REQUEST_TYPE_NTDDNDIS
#define NDIS_REQUEST_TYPE NDIS_REQUEST_TYPE_NTDDNDIS
#define PNDIS_REQUEST_TYPE PNDIS_REQUEST_TYPE_NTDDNDIS
#define NdisRequestQueryInformation NdisRequestQueryInformation_NTDDNDIS
#define NdisRequestSetInformation NdisRequestSetInformation_NTDDNDIS
#define NdisRequestQueryStatistics NdisRequestQueryStatistics_NTDDNDIS
#define NdisRequestOpen NdisRequestOpen_NTDDNDIS
#define NdisRequestClose NdisRequestClose_NTDDNDIS
#define NdisRequestSend NdisRequestSend_NTDDNDIS
#define NdisRequestTransferData NdisRequestTransferData_NTDDNDIS
#define NdisRequestReset NdisRequestReset_NTDDNDIS
#define NdisRequestGeneric1 NdisRequestGeneric1_NTDDNDIS
#define NdisRequestGeneric2 NdisRequestGeneric2_NTDDNDIS
#define NdisRequestGeneric3 NdisRequestGeneric3_NTDDNDIS
#define NdisRequestGeneric4 NdisRequestGeneric4_NTDDNDIS
#include <ddk/ntddk.h>
#include <ntddndis.h>
#undef _NDIS_REQUEST_TYPE
#undef NDIS_REQUEST_TYPE
#undef PNDIS_REQUEST_TYPE
#undef NdisRequestQueryInformation
#undef NdisRequestSetInformation
#undef NdisRequestQueryStatistics
#undef NdisRequestOpen
#undef NdisRequestClose
#undef NdisRequestSend
#undef NdisRequestTransferData
#undef NdisRequestReset
#undef NdisRequestGeneric1
#undef NdisRequestGeneric2
#undef NdisRequestGeneric3
#undef NdisRequestGeneric4

#define NdisMWanIndicateReceiveComplete(...)                                   \
  NdisMWanIndicateReceiveComplete_mingw_header_typo(void)
#include <ddk/ndis.h>
#undef NdisMWanIndicateReceiveComplete

#endif /* MINGW_NDIS_H */
