/*
 * mingw/ndis5-mingw-headers - an NDIS 5.1 miniport built against Debian's
 * mingw-w64 ddk/ndis.h instead of the project's own ndis.h (analysed only;
 * see analyse-only.txt). The same contracts, the same findings:
 *
 *  - NdisAllocateMemoryWithTag, Tag: "a string, delimited by single quote
 *    marks, with up to four characters";
 *  - NdisAllocateMemory, HighestAcceptableAddress: "Specifies -1.";
 *  - NdisAllocateMemory: "NIC drivers that allocate contiguous and/or
 *    noncached memory must be running at IRQL = PASSIVE_LEVEL during
 *    initialization."
 */
#include "mingw_ndis.h"

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_STATS_SIZE 256
#define MP_BOUNCE_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_SPIN_LOCK Lock;
  PVOID RxRing;
  PVOID TxRing;
  PVOID Stats;
  PVOID IsaWindow;
  PVOID TxBounce;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->TxBounce != NULL)
    NdisFreeMemory(Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->IsaWindow != NULL)
    NdisFreeMemory(Adapter->IsaWindow, MP_BOUNCE_SIZE, 0);
  if (Adapter->Stats != NULL)
    NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
  if (Adapter->TxRing != NULL)
    NdisFreeMemory(Adapter->TxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  NdisFreeSpinLock(&Adapter->Lock);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

NDIS_STATUS NTAPI MpInitialize(PNDIS_STATUS OpenErrorStatus,
                               PUINT SelectedMediumIndex,
                               PNDIS_MEDIUM MediumArray, UINT MediumArraySize,
                               NDIS_HANDLE MiniportAdapterHandle,
                               NDIS_HANDLE WrapperConfigurationContext) {
  NDIS_PHYSICAL_ADDRESS Below16M = NDIS_PHYSICAL_ADDRESS_CONST(0xFFFFFF, 0);
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

  /* Right: a four-character tag. */
  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;
  NdisAllocateSpinLock(&Adapter->Lock);

  /* Wrong: tag 0. */
  Status = NdisAllocateMemoryWithTag(&Adapter->Stats, MP_STATS_SIZE, 0); // expect: ndis-tag
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: HighestAcceptableAddress is not -1. */
  Status = NdisAllocateMemory(&Adapter->IsaWindow, MP_BOUNCE_SIZE, 0, Below16M); // expect: ndis-highest-address
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Right: contiguous at PASSIVE_LEVEL while initialising, with -1. */
  Status = NdisAllocateMemory(&Adapter->RxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: mingw's NdisAcquireSpinLock expands to KeAcquireSpinLock, then to
   * KfAcquireSpinLock; the IRQL is DISPATCH_LEVEL until the release. */
  NdisAcquireSpinLock(&Adapter->Lock);
  Status = NdisAllocateMemory(&Adapter->TxRing, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax); // expect: ndis-irql
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

NDIS_STATUS NTAPI MpSend(NDIS_HANDLE MiniportAdapterContext,
                         PNDIS_PACKET Packet, UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);

  /* Wrong: contiguous memory from MiniportSend (IRQL <= DISPATCH_LEVEL,
   * after initialisation). Right: allocate it in MpInitialize. */
  if (Adapter->TxBounce == NULL &&
      NdisAllocateMemory(&Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax) != NDIS_STATUS_SUCCESS) // expect: ndis-irql, ndis-contiguous-outside-init
    return NDIS_STATUS_RESOURCES;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NTAPI MpReset(PBOOLEAN AddressingReset,
                          NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

VOID NTAPI MpHalt(NDIS_HANDLE MiniportAdapterContext) {
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject,
                           PUNICODE_STRING RegistryPath) {
  NDIS_STATUS Status;
  NDIS_MINIPORT_CHARACTERISTICS Chars;

  NdisMInitializeWrapper(&MpWrapperHandle, DriverObject, RegistryPath, NULL);

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.InitializeHandler = MpInitialize;
  Chars.HaltHandler = MpHalt;
  Chars.ResetHandler = MpReset;
  Chars.SendHandler = MpSend;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
