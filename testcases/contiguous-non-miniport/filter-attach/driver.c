/*
 * contiguous-non-miniport/filter-attach - a filter driver asks for noncached
 * memory.
 *
 * NdisAllocateMemory, MemoryFlags: "Only NIC drivers specify the allocation
 * of either contiguous or noncached memory during driver initialization."
 * and "Only miniport drivers can set the MemoryFlags with either or both of
 * the NDIS_MEMORY_XXX when they make initialization-time calls to
 * NdisAllocateMemory." A filter driver has no NIC to share the memory with.
 * (NdisAllocateMemory is also "Not supported for NDIS 6.0 drivers".)
 *
 * This NDIS 6 lightweight filter allocates its module context with
 * NdisAllocateMemoryWithTagPriority (right) and a noncached copy buffer with
 * NdisAllocateMemory(NDIS_MEMORY_NONCACHED) in FilterAttach (wrong: the
 * phase and the IRQL would do for a miniport, but a filter may not ask for
 * this kind of memory at all, and not with this DDI). Right: an ordinary
 * NdisAllocateMemoryWithTagPriority buffer.
 */
#define NDIS60 1
#include <ndis.h>

#define FLT_TAG 'tlFM'
#define FLT_COPY_SIZE 2048

typedef struct _FLT_MODULE {
  NDIS_HANDLE FilterHandle;
  PVOID CopyBuffer;
  PVOID Scratch;
} FLT_MODULE, *PFLT_MODULE;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FltUnload;
FILTER_ATTACH FltAttach;
FILTER_DETACH FltDetach;
FILTER_RESTART FltRestart;
FILTER_PAUSE FltPause;

NDIS_HANDLE FltDriverHandle;
NDIS_PHYSICAL_ADDRESS FltHighestAcceptableMax = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);

static VOID FltFreeModule(PFLT_MODULE Module) {
  if (Module->Scratch != NULL)
    NdisFreeMemoryWithTagPriority(FltDriverHandle, Module->Scratch, FLT_TAG);
  if (Module->CopyBuffer != NULL)
    NdisFreeMemory(Module->CopyBuffer, FLT_COPY_SIZE, NDIS_MEMORY_NONCACHED);
  NdisFreeMemoryWithTagPriority(FltDriverHandle, Module, FLT_TAG);
}

NDIS_STATUS FltAttach(_In_ NDIS_HANDLE NdisFilterHandle,
                      _In_ NDIS_HANDLE FilterDriverContext,
                      _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters) {
  PFLT_MODULE Module;
  NDIS_FILTER_ATTRIBUTES Attributes;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(FilterDriverContext);
  UNREFERENCED_PARAMETER(AttachParameters);

  /* Right: the module context from nonpaged pool. */
  Module = NdisAllocateMemoryWithTagPriority(FltDriverHandle, sizeof(FLT_MODULE), FLT_TAG, NormalPoolPriority);
  if (Module == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Module, sizeof(FLT_MODULE));
  Module->FilterHandle = NdisFilterHandle;

  /* Right: a buffer a filter may have. */
  Module->Scratch = NdisAllocateMemoryWithTagPriority(FltDriverHandle, FLT_COPY_SIZE, FLT_TAG, NormalPoolPriority);
  if (Module->Scratch == NULL) {
    Status = NDIS_STATUS_RESOURCES;
    goto Fail;
  }

  /* Wrong: noncached memory is for miniports (and NdisAllocateMemory for
   * NDIS 5). Right: the Scratch allocation above. */
  Status = NdisAllocateMemory(&Module->CopyBuffer, FLT_COPY_SIZE, NDIS_MEMORY_NONCACHED, FltHighestAcceptableMax); // expect: ndis-contiguous-non-miniport, ndis-ndis5-only
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
  Attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
  Attributes.Header.Size = sizeof(Attributes);
  Status = NdisFSetAttributes(NdisFilterHandle, Module, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS)
    goto Fail;
  return NDIS_STATUS_SUCCESS;

Fail:
  FltFreeModule(Module);
  return Status;
}

VOID FltDetach(_In_ NDIS_HANDLE FilterModuleContext) {
  FltFreeModule((PFLT_MODULE)FilterModuleContext);
}

NDIS_STATUS FltRestart(_In_ NDIS_HANDLE FilterModuleContext,
                       _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters) {
  UNREFERENCED_PARAMETER(FilterModuleContext);
  UNREFERENCED_PARAMETER(RestartParameters);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS FltPause(_In_ NDIS_HANDLE FilterModuleContext,
                     _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters) {
  UNREFERENCED_PARAMETER(FilterModuleContext);
  UNREFERENCED_PARAMETER(PauseParameters);
  return NDIS_STATUS_SUCCESS;
}

VOID FltUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisFDeregisterFilterDriver(FltDriverHandle);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_FILTER_DRIVER_CHARACTERISTICS Chars;
  NDIS_STRING FriendlyName = NDIS_STRING_CONST("NdisCheck corpus filter");
  NDIS_STRING UniqueName = NDIS_STRING_CONST("{5cbf81bd-5055-47cd-9055-a76b2b4e3697}");
  NDIS_STRING ServiceName = NDIS_STRING_CONST("NdisCheckFlt");

  UNREFERENCED_PARAMETER(RegistryPath);

  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
  Chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_1;
  Chars.Header.Size = sizeof(Chars);
  Chars.MajorNdisVersion = NDIS_FILTER_MAJOR_VERSION;
  Chars.MinorNdisVersion = NDIS_FILTER_MINOR_VERSION;
  Chars.FriendlyName = FriendlyName;
  Chars.UniqueName = UniqueName;
  Chars.ServiceName = ServiceName;
  Chars.AttachHandler = FltAttach;
  Chars.DetachHandler = FltDetach;
  Chars.RestartHandler = FltRestart;
  Chars.PauseHandler = FltPause;

  DriverObject->DriverUnload = FltUnload;
  return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &Chars, &FltDriverHandle);
}
