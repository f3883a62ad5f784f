/*
 * miniport.h - state shared by the files of the example NDIS 5.1 miniport.
 *
 * A bus-master Ethernet NIC with a receive ring and a transmit ring that the
 * device reaches by DMA, so both live in physically contiguous, noncached
 * memory that NdisAllocateMemory hands out during initialisation.
 */
#ifndef EXAMPLE_NDIS5_MINIPORT_H
#define EXAMPLE_NDIS5_MINIPORT_H

#include <ndis.h>

#define MP_TAG 'pMxE' /* shows as "ExMp" in a pool dump */

#define MP_RX_RING_SIZE (64 * 1536)
#define MP_TX_RING_SIZE (32 * 1536)
#define MP_BOUNCE_SIZE 1536
#define MP_STATS_SIZE 256
#define MP_RING_FLAGS (NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED)

typedef struct _MP_TX_DESC {
  PNDIS_PACKET Packet;
  ULONG Length;
} MP_TX_DESC, *PMP_TX_DESC;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_SPIN_LOCK Lock;
  PVOID RxRing;    /* MP_RX_RING_SIZE, MP_RING_FLAGS */
  PVOID TxRing;    /* MP_TX_RING_SIZE, NDIS_MEMORY_CONTIGUOUS */
  PVOID IsaWindow; /* MP_BOUNCE_SIZE, 0 */
  PVOID Stats;     /* MP_STATS_SIZE, tagged */
  PVOID TxBounce;  /* MP_BOUNCE_SIZE, contiguous, on the first send */
  ULONG InterruptsPending;
  ULONG PacketsSent;
  ULONG PacketsDropped;
} MP_ADAPTER, *PMP_ADAPTER;

/* Any physical address will do: HighestAcceptableAddress is always -1. */
extern NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax;

/* miniport.c */
NDIS_STATUS MPInitialize(PNDIS_STATUS OpenErrorStatus,
                         PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray,
                         UINT MediumArraySize,
                         NDIS_HANDLE MiniportAdapterHandle,
                         NDIS_HANDLE WrapperConfigurationContext);
VOID MPHalt(NDIS_HANDLE MiniportAdapterContext);
NDIS_STATUS MPReset(PBOOLEAN AddressingReset,
                    NDIS_HANDLE MiniportAdapterContext);

/* datapath.c */
VOID MPIsr(PBOOLEAN InterruptRecognized, PBOOLEAN QueueMiniportHandleInterrupt,
           NDIS_HANDLE MiniportAdapterContext);
VOID MPHandleInterrupt(NDIS_HANDLE MiniportAdapterContext);
NDIS_STATUS MPSend(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet,
                   UINT Flags);

#endif /* EXAMPLE_NDIS5_MINIPORT_H */
