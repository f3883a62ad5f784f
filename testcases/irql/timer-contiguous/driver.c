/*
 * irql/timer-contiguous - contiguous memory requested in an NDIS 5 timer
 * function.
 *
 * NdisAllocateMemory: "NIC drivers that allocate contiguous and/or noncached
 * memory must be running at IRQL = PASSIVE_LEVEL during initialization."
 * A timer function registered with NdisMInitializeTimer (ndis_timer_function)
 * runs at DISPATCH_LEVEL, long after initialisation; a nonpaged,
 * noncontiguous allocation is fine there ("Callers of NdisAllocateMemory can
 * run at IRQL <= DISPATCH_LEVEL to allocate memory from nonpaged pool").
 *
 * The watchdog timer allocates a statistics snapshot with
 * NdisAllocateMemoryWithTag (right) and a contiguous DMA dump area (wrong).
 * The timer function has no role typedef: the checker knows it only from
 * the NdisMInitializeTimer call in MpInitialize.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_SNAPSHOT_SIZE 256
#define MP_DUMP_SIZE 4096

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_MINIPORT_TIMER Watchdog;
  PVOID Snapshot;
  PVOID DumpArea;
  ULONG Ticks;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->DumpArea != NULL)
    NdisFreeMemory(Adapter->DumpArea, MP_DUMP_SIZE, NDIS_MEMORY_CONTIGUOUS);
  if (Adapter->Snapshot != NULL)
    NdisFreeMemory(Adapter->Snapshot, MP_SNAPSHOT_SIZE, 0);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

static VOID MpWatchdog(_In_ PVOID SystemSpecific1, _In_ PVOID FunctionContext,
                       _In_ PVOID SystemSpecific2, _In_ PVOID SystemSpecific3) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)FunctionContext;

  UNREFERENCED_PARAMETER(SystemSpecific1);
  UNREFERENCED_PARAMETER(SystemSpecific2);
  UNREFERENCED_PARAMETER(SystemSpecific3);

  Adapter->Ticks++;
  /* Right: nonpaged pool at DISPATCH_LEVEL. */
  if (Adapter->Snapshot == NULL)
    (VOID)NdisAllocateMemoryWithTag(&Adapter->Snapshot, MP_SNAPSHOT_SIZE, MP_TAG);

  /* Wrong: contiguous memory from a timer. Right: allocate the dump area in
   * MpInitialize and only fill it here. */
  if (Adapter->DumpArea == NULL)
    (VOID)NdisAllocateMemory(&Adapter->DumpArea, MP_DUMP_SIZE, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax); // expect: ndis-irql, ndis-contiguous-outside-init
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

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_BUS_MASTER | NDIS_ATTRIBUTE_DESERIALIZE,
                       NdisInterfacePci);
  NdisMInitializeTimer(&Adapter->Watchdog, MiniportAdapterHandle, MpWatchdog, Adapter);
  NdisMSetTimer(&Adapter->Watchdog, 1000);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  BOOLEAN Cancelled;

  NdisMCancelTimer(&Adapter->Watchdog, &Cancelled);
  MpFreeAdapter(Adapter);
}

NDIS_STATUS MpReset(_Out_ PBOOLEAN AddressingReset,
                    _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *AddressingReset = FALSE;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_PACKET Packet, _In_ UINT Flags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(Packet);
  UNREFERENCED_PARAMETER(Flags);
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
