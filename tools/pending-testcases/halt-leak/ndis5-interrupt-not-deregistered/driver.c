/*
 * halt-leak/ndis5-interrupt-not-deregistered - an NDIS 5 interrupt
 * registration is the NDIS_MINIPORT_INTERRUPT the driver passes (no handle
 * of its own); MiniportHalt must deregister it. (rules:
 * NdisMRegisterInterrupt "allocates": {"keyedBy": "Interrupt"},
 * NdisMDeregisterInterrupt "frees" it.)
 *
 * MiniportHalt (NDIS 5.1): "If the miniport NIC driver registered an
 * interrupt, it should call NdisMDeregisterInterrupt."
 *
 * MpInitialize registers the interrupt and allocates a statistics block.
 * MpHalt frees the block (right) but never deregisters the interrupt
 * (wrong: NdisMDeregisterInterrupt(&Adapter->Interrupt) first).
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_STATS_SIZE 256
#define MP_VECTOR 11

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  NDIS_MINIPORT_INTERRUPT Interrupt;
  PVOID Stats;
  ULONG Interrupts;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

static VOID MpIsr(_Out_ PBOOLEAN InterruptRecognized,
                  _Out_ PBOOLEAN QueueMiniportHandleInterrupt,
                  _In_ NDIS_HANDLE MiniportAdapterContext) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  *InterruptRecognized = TRUE;
  *QueueMiniportHandleInterrupt = TRUE;
}

static VOID MpHandleInterrupt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  Adapter->Interrupts++;
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

  /* Right: MpHalt frees it. */
  Status = NdisAllocateMemoryWithTag(&Adapter->Stats, MP_STATS_SIZE, MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
    return Status;
  }

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);

  /* Wrong: MpHalt never deregisters it. */
  Status = NdisMRegisterInterrupt(&Adapter->Interrupt, MiniportAdapterHandle, MP_VECTOR, MP_VECTOR, TRUE, TRUE, NdisInterruptLevelSensitive); // expect: ndis-halt-leak
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
    NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
    return Status;
  }
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  /* Wrong: Adapter->Interrupt is still registered. */
  NdisFreeMemory(Adapter->Stats, MP_STATS_SIZE, 0);
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
  Chars.ISRHandler = MpIsr;
  Chars.HandleInterruptHandler = MpHandleInterrupt;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
