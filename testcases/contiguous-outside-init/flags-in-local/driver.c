/*
 * contiguous-outside-init/flags-in-local - the MemoryFlags of the work
 * item's allocations are kept in locals first; what a local holds from its
 * constant initialiser is what the call asks for.
 *
 * NdisAllocateMemory: "Any NDIS driver might call NdisAllocateMemory with the
 * MemoryFlags set to zero." but "Attempts to allocate either of these types
 * of memory except during driver initialization are a programming error."
 *
 * MpSend (IRQL <= DISPATCH_LEVEL) defers the allocation of a statistics
 * block and a DMA bounce buffer to an NDIS 5 work item (NdisScheduleWorkItem),
 * whose routine runs at PASSIVE_LEVEL. The statistics block (StatsFlags, 0)
 * is right there; the bounce buffer (BounceFlags, NDIS_MEMORY_CONTIGUOUS) is
 * still wrong - only MiniportInitialize may ask for it.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_STATS_SIZE 256
#define MP_BOUNCE_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_WORK_ITEM DeferredAlloc;
  BOOLEAN DeferredAllocQueued;
  PVOID Stats;
  PVOID Bounce;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->Bounce != NULL)
    NdisFreeMemory(Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->Stats != NULL)
    NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

/* NDIS_PROC: runs at PASSIVE_LEVEL, in the runtime phase. */
static VOID MpDeferredAlloc(_In_ PNDIS_WORK_ITEM WorkItem, _In_opt_ PVOID Context) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)Context;
  NDIS_STATUS Status;
  UINT StatsFlags = 0;
  UINT BounceFlags = NDIS_MEMORY_CONTIGUOUS;

  UNREFERENCED_PARAMETER(WorkItem);

  /* Right: MemoryFlags 0 is fine at any time, at IRQL <= DISPATCH_LEVEL. */
  if (Adapter->Stats == NULL) {
    Status = NdisAllocateMemory(&Adapter->Stats, MP_STATS_SIZE, StatsFlags, MpHighestAcceptableMax);
    if (Status != NDIS_STATUS_SUCCESS)
      Adapter->Stats = NULL;
  }

  /* Wrong: contiguous outside initialisation (the IRQL is right, though).
   * Right: allocate the bounce buffer in MpInitialize. */
  if (Adapter->Bounce == NULL) {
    Status = NdisAllocateMemory(&Adapter->Bounce, MP_BOUNCE_SIZE, BounceFlags, MpHighestAcceptableMax); // expect: ndis-contiguous-outside-init
    if (Status != NDIS_STATUS_SUCCESS)
      Adapter->Bounce = NULL;
  }
}

NDIS_STATUS MpInitialize(_Out_ PNDIS_STATUS OpenErrorStatus,
                         _Out_ PUINT SelectedMediumIndex,
                         _In_ PNDIS_MEDIUM MediumArray,
                         _In_ UINT MediumArraySize,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE WrapperConfigurationContext) {
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

  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;
  NdisInitializeWorkItem(&Adapter->DeferredAlloc, MpDeferredAlloc, Adapter);

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);

  if (!Adapter->DeferredAllocQueued) {
    Adapter->DeferredAllocQueued = TRUE;
    NdisScheduleWorkItem(&Adapter->DeferredAlloc);
  }
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
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
