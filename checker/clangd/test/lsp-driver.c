// Input of the ndis-clangd LSP test (tools/lsp_test.py): a small NDIS 5.1
// miniport with a one-call finding (ndis-tag) and a whole-driver finding
// whose trace must arrive as relatedInformation (ndis-contiguous-outside-init).
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  PVOID Stats;
  PVOID Scratch;
  PVOID TxBounce;
} MP_ADAPTER, *PMP_ADAPTER;

NDIS_HANDLE MpWrapperHandle;
NDIS_PHYSICAL_ADDRESS MpHighest = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);
MP_ADAPTER MpAdapter;

NDIS_STATUS MpInitialize(PNDIS_STATUS OpenErrorStatus,
                         PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray,
                         UINT MediumArraySize, NDIS_HANDLE AdapterHandle,
                         NDIS_HANDLE WrapperConfigurationContext) {
  NDIS_STATUS Status;
  *SelectedMediumIndex = 0;
  /* Right: a four-character tag. */
  Status = NdisAllocateMemoryWithTag(&MpAdapter.Scratch, 64, MP_TAG);
  /* Wrong: tag 0. */
  Status = NdisAllocateMemoryWithTag(&MpAdapter.Stats, 64, 0);
  return Status;
}

NDIS_STATUS MpSend(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet,
                   UINT Flags) {
  /* Wrong: contiguous memory on the data path, outside initialisation. */
  return NdisAllocateMemory(&MpAdapter.TxBounce, 2048, NDIS_MEMORY_CONTIGUOUS, MpHighest);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject,
                     PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_CHARACTERISTICS Chars;
  NdisMInitializeWrapper(&MpWrapperHandle, DriverObject, RegistryPath, NULL);
  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.InitializeHandler = MpInitialize;
  Chars.SendHandler = MpSend;
  return NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
}
