/*
 * memory-flags/through-helper-parameter - the MemoryFlags argument of
 * NdisAllocateMemory, passed down to a helper.
 *
 * NdisAllocateMemory, MemoryFlags [in]: "Specifies zero or a bitmask
 * designating the type(s) of memory to allocate": NDIS_MEMORY_CONTIGUOUS
 * and NDIS_MEMORY_NONCACHED. Any other bit means nothing to NDIS.
 *
 * An NDIS 5.1 miniport allocates its rings through helpers that take the
 * flags as a parameter. MpAllocDescRing is passed 0x4, a bit that is
 * neither flag (wrong: the author meant "noncached", which is 0x2); the
 * finding is at the helper's call of NdisAllocateMemory, and the trace
 * shows the caller that passes the constant. MpAllocRxRing is only ever
 * passed NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED (right). Both are
 * requested in MiniportInitialize at PASSIVE_LEVEL.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_RING_SIZE 4096
#define MP_DESC_SIZE 1024
#define MP_RING_FLAGS (NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED)
#define MP_BAD_FLAGS 0x4 /* not an NDIS_MEMORY_XXX value */

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID RxRing;
  PVOID DescRing;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  /* NdisFreeMemory takes the MemoryFlags of the allocation, so the bad bit
   * shows up here a second time. */
  if (Adapter->DescRing != NULL)
    NdisFreeMemory(Adapter->DescRing, MP_DESC_SIZE, MP_BAD_FLAGS); // expect: ndis-memory-flags
  if (Adapter->RxRing != NULL)
    NdisFreeMemory(Adapter->RxRing, MP_RING_SIZE, MP_RING_FLAGS);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
}

static NDIS_STATUS MpAllocRxRing(PMP_ADAPTER Adapter, UINT Flags) {
  return NdisAllocateMemory(&Adapter->RxRing, MP_RING_SIZE, Flags, MpHighestAcceptableMax);
}

static NDIS_STATUS MpAllocDescRing(PMP_ADAPTER Adapter, UINT Flags) {
  return NdisAllocateMemory(&Adapter->DescRing, MP_DESC_SIZE, Flags, MpHighestAcceptableMax); // expect: ndis-memory-flags
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

  /* Right: contiguous and noncached, the two documented bits. */
  Status = MpAllocRxRing(Adapter, MP_RING_FLAGS);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  /* Wrong: 0x4 is not a MemoryFlags bit. Right: NDIS_MEMORY_NONCACHED. */
  Status = MpAllocDescRing(Adapter, MP_BAD_FLAGS);
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

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
