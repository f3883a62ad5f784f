/*
 * halt-leak/ndis5-timer-not-cancelled - an NDIS 5 miniport timer that is
 * set must be cancelled before MiniportHalt returns. The timer has no handle
 * of its own: it is the NDIS_MINIPORT_TIMER the driver passes. (rules:
 * NdisMSetTimer / NdisMSetPeriodicTimer "allocates": {"keyedBy": "Timer"},
 * NdisMCancelTimer "frees" it.)
 *
 * MiniportHalt (NDIS 5.1): "If the driver has a MiniportTimer function
 * associated with any timer object that might be in the system timer
 * queue, MiniportHalt should call NdisMCancelTimer."
 *
 * MpInitialize sets a periodic watchdog timer and a periodic statistics
 * timer. MpHalt cancels the watchdog (right) but not the statistics timer
 * (wrong: NdisMCancelTimer(&Adapter->StatsTimer, &Cancelled)).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_MINIPORT_TIMER Watchdog;
  NDIS_MINIPORT_TIMER StatsTimer;
  ULONG Ticks;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpTick(_In_ PVOID SystemSpecific1, _In_ PVOID FunctionContext,
                   _In_ PVOID SystemSpecific2, _In_ PVOID SystemSpecific3) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)FunctionContext;

  UNREFERENCED_PARAMETER(SystemSpecific1);
  UNREFERENCED_PARAMETER(SystemSpecific2);
  UNREFERENCED_PARAMETER(SystemSpecific3);
  Adapter->Ticks++;
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
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);

  NdisMInitializeTimer(&Adapter->Watchdog, MiniportAdapterHandle, MpTick, Adapter);
  NdisMInitializeTimer(&Adapter->StatsTimer, MiniportAdapterHandle, MpTick, Adapter);
  /* Right: MpHalt cancels it. */
  NdisMSetPeriodicTimer(&Adapter->Watchdog, 2000);
  /* Wrong: MpHalt never cancels it. */
  NdisMSetPeriodicTimer(&Adapter->StatsTimer, 1000); // expect: ndis-halt-leak
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  BOOLEAN Cancelled;

  NdisMCancelTimer(&Adapter->Watchdog, &Cancelled);
  /* Wrong: Adapter->StatsTimer may still be in the timer queue. */
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
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
