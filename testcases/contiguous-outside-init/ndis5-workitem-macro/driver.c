/*
 * contiguous-outside-init/ndis5-workitem-macro - an NDIS 5 work item set up
 * with the WDK's NdisInitializeWorkItem, a macro that only assigns the
 * NDIS_WORK_ITEM's Context and Routine fields: the routine is registered by
 * the field assignment, not by a call.
 *
 * NdisAllocateMemory: "Attempts to allocate either of these types of memory
 * except during driver initialization are a programming error." and
 * NdisScheduleWorkItem: "NdisScheduleWorkItem inserts a given work item into
 * a queue from which a system worker thread removes the item and gives
 * control to the callback function that the driver previously supplied to
 * NdisInitializeWorkItem)."
 *
 * MpInitialize allocates the receive ring contiguous (right: during
 * initialisation). MpRefill, the work item's routine, allocates a contiguous
 * bounce buffer after initialisation (wrong: allocate it in MpInitialize
 * next to the ring).
 */
#include <ndis.h>

/* The WDK's ndis.h spells NdisInitializeWorkItem this way. */
#undef NdisInitializeWorkItem
#define NdisInitializeWorkItem(_WI_, _R_, _C_)                                 \
  {                                                                            \
    (_WI_)->Context = _C_;                                                     \
    (_WI_)->Routine = _R_;                                                     \
  }

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_BOUNCE_SIZE 2048

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_WORK_ITEM Refill;
  BOOLEAN RefillQueued;
  PVOID Ring;
  PVOID Bounce;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->Bounce != NULL)
    NdisFreeMemory(Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->Ring != NULL)
    NdisFreeMemory(Adapter->Ring, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

/* NDIS_PROC: a system worker thread runs it at PASSIVE_LEVEL, after
 * initialisation. */
static VOID MpRefill(_In_ PNDIS_WORK_ITEM WorkItem, _In_opt_ PVOID Context) {
  PMP_ADAPTER Adapter = CONTAINING_RECORD(WorkItem, MP_ADAPTER, Refill);
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(Context);
  if (Adapter->Bounce != NULL)
    return;
  /* Wrong: contiguous memory after initialisation. */
  Status = NdisAllocateMemory(&Adapter->Bounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax); // expect: ndis-contiguous-outside-init
  if (Status != NDIS_STATUS_SUCCESS)
    Adapter->Bounce = NULL;
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

  /* Right: contiguous memory during initialisation. */
  Status = NdisAllocateMemory(&Adapter->Ring, MP_RING_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax);
  if (Status != NDIS_STATUS_SUCCESS) {
    Adapter->Ring = NULL;
    MpFreeAdapter(Adapter);
    return Status;
  }
  NdisInitializeWorkItem(&Adapter->Refill, MpRefill, NULL);

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

  if (!Adapter->RefillQueued) {
    Adapter->RefillQueued = TRUE;
    NdisScheduleWorkItem(&Adapter->Refill);
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
