// The ndis-* clang-tidy checks on a small NDIS 5.1 miniport: one finding of
// a one-call rule (ndis-tag), one of a whole-driver rule whose trace becomes
// a note (ndis-contiguous-outside-init), NOLINT comments, and right code
// that must stay silent. Run by run_tidy_test.sh (see CMakeLists.txt here).
#include <ndis.h>

#define MP_TAG 'gaTM'

typedef struct _MP_ADAPTER {
  PVOID Stats;
  PVOID Scratch;
  PVOID Quiet;
  PVOID Quieter;
  PVOID Extra;
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
  // ALL: basic.c:[[@LINE-1]]:{{[0-9]+}}: warning: {{.+}} [ndis-tag]
  // TAG: basic.c:[[@LINE-2]]:{{[0-9]+}}: warning: {{.+}} [ndis-tag]
  /* Wrong, but suppressed for this rule only. */
  Status = NdisAllocateMemoryWithTag(&MpAdapter.Quiet, 64, 0); // NOLINT(ndis-tag)
  // NOLINTNEXTLINE(ndis-tag)
  Status = NdisAllocateMemoryWithTag(&MpAdapter.Quieter, 64, 0);
  return Status;
}

NDIS_STATUS MpSend(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet,
                   UINT Flags) {
  /* Wrong: contiguous memory on the data path, outside initialisation. */
  return NdisAllocateMemory(&MpAdapter.TxBounce, 2048, NDIS_MEMORY_CONTIGUOUS, MpHighest);
  // Two rules on one call; clang-tidy orders them by check name, each
  // followed by its trace (the registration in DriverEntry, below).
  // ALL: basic.c:[[@LINE-3]]:{{[0-9]+}}: warning: NdisAllocateMemory with NDIS_MEMORY_CONTIGUOUS outside initialisation{{.*}} [ndis-contiguous-outside-init]
  // ALL: basic.c:[[#@LINE+13]]:{{[0-9]+}}: note: 'MpSend' is entered as MiniportSend {{.+}}
  // ALL: basic.c:[[@LINE-5]]:{{[0-9]+}}: warning: {{.+}} [ndis-irql]
  // ALL: basic.c:[[#@LINE+11]]:{{[0-9]+}}: note: 'MpSend' is entered as MiniportSend {{.+}}
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
