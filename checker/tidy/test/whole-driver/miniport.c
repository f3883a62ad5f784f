// Whole-driver input of the tidy plugin's cache test (whole_driver_test.sh):
// the send handler registered here calls a helper in ring.c, which
// allocates contiguous memory. ring.c alone shows nothing; with the
// summaries of an earlier `ndis-check -p` run, clang-tidy on ring.c reports
// the finding with the registration and the call as notes.
#include <ndis.h>

NDIS_HANDLE MpWrapperHandle;
NDIS_STATUS MpGrowRing(void);

NDIS_STATUS MpInitialize(PNDIS_STATUS OpenErrorStatus,
                         PUINT SelectedMediumIndex, PNDIS_MEDIUM MediumArray,
                         UINT MediumArraySize, NDIS_HANDLE AdapterHandle,
                         NDIS_HANDLE WrapperConfigurationContext) {
  *SelectedMediumIndex = 0;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpSend(NDIS_HANDLE MiniportAdapterContext, PNDIS_PACKET Packet,
                   UINT Flags) {
  return MpGrowRing();
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
