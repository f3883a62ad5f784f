/*
 * contiguous-non-miniport/ndis5-protocol-unload - an NDIS 5 protocol driver
 * that registers a ProtocolUnload handler is still a protocol, not a
 * miniport: NDIS_PROTOCOL_CHARACTERISTICS.UnloadHandler is the protocol's
 * unload role, not the miniport's (NdisMRegisterUnloadHandler).
 *
 * NdisAllocateMemory: "Only miniport drivers can set the MemoryFlags with
 * either or both of the NDIS_MEMORY_XXX when they make initialization-time
 * calls to NdisAllocateMemory." ProtocolUnload (NDIS 5.1): "In response to
 * a user request to uninstall a protocol, NDIS calls a protocol's
 * ProtocolUnload function if the protocol has registered an entry point for
 * this function in the NDIS_PROTOCOL_CHARACTERISTICS structure that it
 * passed to NdisRegisterProtocol."
 *
 * DriverEntry allocates a header template with NDIS_MEMORY_NONCACHED
 * (wrong: a protocol has no NIC to share it with; allocate it with
 * NdisAllocateMemoryWithTag, as the name table is, which is right).
 * PtUnload frees both.
 */
#include "mingw_ndis.h"

#define PT_TAG 'tPdN'
#define PT_TEMPLATE_SIZE 256
#define PT_NAMES_SIZE 512

NDIS_HANDLE PtProtocolHandle;
PUCHAR PtTemplate;
PUCHAR PtNames;
NDIS_PHYSICAL_ADDRESS PtHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID NTAPI PtBindAdapter(PNDIS_STATUS Status, NDIS_HANDLE BindContext,
                                PNDIS_STRING DeviceName, PVOID SystemSpecific1,
                                PVOID SystemSpecific2) {
  UNREFERENCED_PARAMETER(BindContext);
  UNREFERENCED_PARAMETER(DeviceName);
  UNREFERENCED_PARAMETER(SystemSpecific1);
  UNREFERENCED_PARAMETER(SystemSpecific2);
  *Status = NDIS_STATUS_NOT_SUPPORTED;
}

static VOID NTAPI PtUnbindAdapter(PNDIS_STATUS Status,
                                  NDIS_HANDLE ProtocolBindingContext,
                                  NDIS_HANDLE UnbindContext) {
  UNREFERENCED_PARAMETER(ProtocolBindingContext);
  UNREFERENCED_PARAMETER(UnbindContext);
  *Status = NDIS_STATUS_SUCCESS;
}

static VOID NTAPI PtUnload(VOID) {
  if (PtTemplate != NULL)
    NdisFreeMemory(PtTemplate, PT_TEMPLATE_SIZE, NDIS_MEMORY_NONCACHED);
  if (PtNames != NULL)
    NdisFreeMemory(PtNames, PT_NAMES_SIZE, 0);
}

NTSTATUS NTAPI DriverEntry(PDRIVER_OBJECT DriverObject,
                           PUNICODE_STRING RegistryPath) {
  NDIS_PROTOCOL_CHARACTERISTICS Chars;
  NDIS_STATUS Status;
  NDIS_STRING Name;

  UNREFERENCED_PARAMETER(DriverObject);
  UNREFERENCED_PARAMETER(RegistryPath);

  /* Right: pool memory for a protocol. */
  Status = NdisAllocateMemoryWithTag((PVOID *)&PtNames, PT_NAMES_SIZE, PT_TAG);
  if (Status != NDIS_STATUS_SUCCESS)
    return STATUS_INSUFFICIENT_RESOURCES;

  /* Wrong: only a miniport may ask for noncached memory. */
  Status = NdisAllocateMemory((PVOID *)&PtTemplate, PT_TEMPLATE_SIZE, NDIS_MEMORY_NONCACHED, PtHighestAcceptableMax); // expect: ndis-contiguous-non-miniport
  if (Status != NDIS_STATUS_SUCCESS) {
    PtTemplate = NULL;
    PtUnload();
    return STATUS_INSUFFICIENT_RESOURCES;
  }

  NdisInitUnicodeString(&Name, L"NdisCheckProto");
  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.MajorNdisVersion = 5;
  Chars.MinorNdisVersion = 1;
  Chars.Name = Name;
  Chars.BindAdapterHandler = PtBindAdapter;
  Chars.UnbindAdapterHandler = PtUnbindAdapter;
  Chars.UnloadHandler = PtUnload;
  NdisRegisterProtocol(&Status, &PtProtocolHandle, &Chars, sizeof(Chars));
  if (Status != NDIS_STATUS_SUCCESS) {
    PtUnload();
    return STATUS_UNSUCCESSFUL;
  }
  return STATUS_SUCCESS;
}
