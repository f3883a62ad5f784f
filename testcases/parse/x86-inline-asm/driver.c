/*
 * parse/x86-inline-asm - a 32-bit NDIS 5.1 miniport whose header holds an
 * MS-style __asm block, parsed with --target=i686-pc-windows-msvc.
 *
 * Clang parses MS-style inline assembly with the target's asm parser, which
 * exists only once LLVM's targets are registered; without them every such
 * translation unit fails to parse and every finding in it is lost. The
 * analysis then runs as on x64: the tag 0 below is reported.
 *
 * NdisAllocateMemoryWithTag, Tag [in]: "Is a string, delimited by single
 * quote marks, with up to four characters, usually specified in reversed
 * order."
 */
#include <ndis.h>

#include "hwio.h"

#define MP_TAG 'gaTM' /* right: four characters */

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PVOID Stats;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;

NDIS_HANDLE MpWrapperHandle;

NDIS_STATUS MpInitialize(_Out_ PNDIS_STATUS OpenErrorStatus,
                         _Out_ PUINT SelectedMediumIndex,
                         _In_ PNDIS_MEDIUM MediumArray,
                         _In_ UINT MediumArraySize,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE WrapperConfigurationContext) {
  PMP_ADAPTER Adapter;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(OpenErrorStatus);
  UNREFERENCED_PARAMETER(MediumArray);
  UNREFERENCED_PARAMETER(MediumArraySize);
  UNREFERENCED_PARAMETER(WrapperConfigurationContext);
  *SelectedMediumIndex = 0;

  /* Right: the adapter context with the driver's tag. */
  Status = NdisAllocateMemoryWithTag((PVOID *)&Adapter, sizeof(MP_ADAPTER), MP_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = MiniportAdapterHandle;
  HwStall();

  /* Wrong: tag 0. Right: MP_TAG, as above. */
  Status = NdisAllocateMemoryWithTag(&Adapter->Stats, 64, 0); // expect: ndis-tag
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
    return Status;
  }

  NdisMSetAttributesEx(MiniportAdapterHandle, (NDIS_HANDLE)Adapter, 0,
                       NDIS_ATTRIBUTE_DESERIALIZE, NdisInterfacePci);
  return NDIS_STATUS_SUCCESS;
}

VOID MpHalt(_In_ NDIS_HANDLE MiniportAdapterContext) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  NdisFreeMemory(Adapter->Stats, 64, 0);
  NdisFreeMemory(Adapter, sizeof(MP_ADAPTER), 0);
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
  Chars.SendHandler = MpSend;

  Status = NdisMRegisterMiniport(MpWrapperHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS)
    NdisTerminateWrapper(MpWrapperHandle, NULL);
  return Status;
}
