/*
 * _broken/fnptr-and-dead-branch - a DELIBERATELY BROKEN testcase: the
 * negative test of tools/run_corpus.py (ctest corpus-negative.broken.*).
 * It is not part of the corpus; the runner must FAIL on it, naming both
 * sides of the disagreement:
 *
 *  1. runtime only: MpSend reaches a contiguous allocation through a function
 *     pointer that MpInitialize stores in the adapter. The checker cannot
 *     resolve the call ("unknown is silent"), so it reports nothing; the
 *     runtime sees ndis-irql and ndis-contiguous-outside-init at the
 *     allocation. There is no marker on that line - a marker would make the
 *     static comparison fail instead.
 *  2. checker only: MpInitialize allocates with tag 0 on a branch the
 *     harness never takes (it offers one medium, the branch wants more than
 *     eight). The checker reports ndis-tag; the runtime never sees it, and
 *     the marker does not say static-only.
 *
 * The static comparison itself passes: every marker is reported, nothing
 * else is.
 */
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_BOUNCE_SIZE 2048
#define MP_TABLE_SIZE 512

typedef NDIS_STATUS MP_ALLOCATE_ROUTINE(_Out_ PVOID *Block, _In_ UINT Length);

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  MP_ALLOCATE_ROUTINE *Allocate;
  PVOID TxBounce;
  PVOID MediumTable;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

/* Only ever called through Adapter->Allocate. */
static NDIS_STATUS MpAllocateContiguous(_Out_ PVOID *Block, _In_ UINT Length) {
  return NdisAllocateMemory(Block, Length, NDIS_MEMORY_CONTIGUOUS, MpHighestAcceptableMax);
}

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  if (Adapter->MediumTable != NULL)
    NdisFreeMemory(Adapter->MediumTable, MP_TABLE_SIZE, 0);
  if (Adapter->TxBounce != NULL)
    NdisFreeMemory(Adapter->TxBounce, MP_BOUNCE_SIZE, NDIS_MEMORY_CONTIGUOUS);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
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
  Adapter->Allocate = MpAllocateContiguous;

  /* Never taken under the harness. */
  if (MediumArraySize > 8) {
    Status = NdisAllocateMemoryWithTag(&Adapter->MediumTable, MP_TABLE_SIZE, 0); // expect: ndis-tag
    if (Status != NDIS_STATUS_SUCCESS) {
      MpFreeAdapter(Adapter);
      return Status;
    }
  }

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

  if (Adapter->TxBounce == NULL &&
      Adapter->Allocate(&Adapter->TxBounce, MP_BOUNCE_SIZE) != NDIS_STATUS_SUCCESS)
    return NDIS_STATUS_RESOURCES;
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
