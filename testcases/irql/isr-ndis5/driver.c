/*
 * irql/isr-ndis5 - memory allocated in an NDIS 5 MiniportISR.
 *
 * NdisAllocateMemoryWithTag is "equivalent to calling NdisAllocateMemory",
 * whose "Callers ... can run at IRQL <= DISPATCH_LEVEL to allocate memory
 * from nonpaged pool". MiniportISR (NDIS_MINIPORT_CHARACTERISTICS.ISRHandler)
 * runs at DIRQL; MiniportHandleInterrupt (HandleInterruptHandler), the NDIS 5
 * DPC, runs at DISPATCH_LEVEL.
 *
 * The ISR allocates a receive-event record (wrong); MiniportHandleInterrupt
 * allocates its own (right). NDIS 5 declares no role typedefs: the checker
 * knows both handlers only from the characteristics assignments in
 * DriverEntry.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_VECTOR 11

typedef struct _MP_EVENT {
  ULONG Cause;
  ULONG Sequence;
} MP_EVENT, *PMP_EVENT;

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_MINIPORT_INTERRUPT Interrupt;
  BOOLEAN InterruptRegistered;
  PMP_EVENT IsrEvent;
  ULONG Interrupts;
  ULONG DpcsRun;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->InterruptRegistered)
    NdisMDeregisterInterrupt(&Adapter->Interrupt);
  if (Adapter->IsrEvent != NULL)
    NdisFreeMemory(Adapter->IsrEvent, sizeof(MP_EVENT), 0);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

VOID MpIsr(_Out_ PBOOLEAN InterruptRecognized,
           _Out_ PBOOLEAN QueueMiniportHandleInterrupt,
           _In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  /* Wrong: an allocation at DIRQL. Right: only acknowledge the interrupt
   * here and allocate in MpHandleInterrupt. */
  if (Adapter->IsrEvent == NULL)
    (VOID)NdisAllocateMemoryWithTag((PVOID *)&Adapter->IsrEvent, sizeof(MP_EVENT), MP_TAG); // expect: ndis-irql
  Adapter->Interrupts++;
  *InterruptRecognized = TRUE;
  *QueueMiniportHandleInterrupt = TRUE;
}

VOID MpHandleInterrupt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  PMP_EVENT Event;

  /* Right: nonpaged memory at DISPATCH_LEVEL. */
  if (NdisAllocateMemoryWithTag((PVOID *)&Event, sizeof(MP_EVENT), MP_TAG) != NDIS_STATUS_SUCCESS)
    return;
  Event->Cause = 1;
  Event->Sequence = ++Adapter->DpcsRun;
  NdisFreeMemory(Event, sizeof(MP_EVENT), 0);
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
  Status = NdisMRegisterInterrupt(&Adapter->Interrupt, MiniportAdapterHandle, MP_VECTOR, MP_VECTOR, TRUE, TRUE, NdisInterruptLevelSensitive);
  if (Status != NDIS_STATUS_SUCCESS) {
    MpFreeAdapter(Adapter);
    return Status;
  }
  Adapter->InterruptRegistered = TRUE;
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
  Chars.ISRHandler = MpIsr;
  Chars.HandleInterruptHandler = MpHandleInterrupt;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
