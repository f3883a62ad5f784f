/*
 * misc.c - DDIs the drivers call that have an IRQL contract but no state
 * worth simulating: configuration, I/O space, sleeping, events.
 */
#include "ndisrt_internal.h"

static char ConfigurationHandle;

static void passive(const char *Ddi, const char *File, int Line) {
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
}

NDIS_STATUS
NdisRt_NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject,
                               PNDIS_HANDLE ConfigurationHandle_,
                               const char *File, int Line) {
  (void)ConfigObject;
  passive("NdisOpenConfigurationEx", File, Line);
  *ConfigurationHandle_ = &ConfigurationHandle;
  return NDIS_STATUS_SUCCESS;
}

/* There is no registry: every keyword is absent, as for a fresh install. */
VOID NdisRt_NdisReadConfiguration(PNDIS_STATUS Status,
                                  PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
                                  NDIS_HANDLE ConfigurationHandle_,
                                  PNDIS_STRING Keyword,
                                  NDIS_PARAMETER_TYPE ParameterType,
                                  const char *File, int Line) {
  (void)ConfigurationHandle_;
  (void)Keyword;
  (void)ParameterType;
  passive("NdisReadConfiguration", File, Line);
  *ParameterValue = NULL;
  *Status = NDIS_STATUS_FAILURE;
}

VOID NdisRt_NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle_,
                                   const char *File, int Line) {
  (void)ConfigurationHandle_;
  passive("NdisCloseConfiguration", File, Line);
}

NDIS_STATUS NdisRt_NdisMMapIoSpace(PVOID *VirtualAddress,
                                   NDIS_HANDLE MiniportAdapterHandle,
                                   NDIS_PHYSICAL_ADDRESS PhysicalAddress,
                                   UINT Length, const char *File, int Line) {
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  (void)PhysicalAddress;
  passive("NdisMMapIoSpace", File, Line);
  /* "NdisMMapIoSpace sets the variable at VirtualAddress to NULL if it does
     not return NDIS_STATUS_SUCCESS." */
  *VirtualAddress = NULL;
  if (ndisrt_fault_should_fail("NdisMMapIoSpace", File, Line))
    return NDIS_STATUS_RESOURCES;
  /* Device registers stand in as ordinary zeroed memory. */
  A = ndisrt_pool_alloc(Length, NdisRtFamIoSpace, NdisRtKindObject,
                        "NdisMMapIoSpace", File, Line);
  *VirtualAddress = A ? A->Base : NULL;
  if (A)
    NdisRt_RtlZeroMemory(A->Base, Length, File, Line);
  return A ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

VOID NdisRt_NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle,
                              PVOID VirtualAddress, UINT Length,
                              const char *File, int Line) {
  static const char Ddi[] = "NdisMUnmapIoSpace";
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  passive(Ddi, File, Line);
  A = ndisrt_check_free(VirtualAddress, NdisRtFamIoSpace, Ddi, File, Line);
  if (!A)
    return;
  /* "The Length passed to NdisMUnmapIoSpace must match the Length originally
     passed to NdisMMapIoSpace." */
  if (Length != A->Size)
    ndisrt_violation("ndis-free-mismatch", File, Line,
                     "%s(Length %u) of I/O space mapped at %s:%d with Length "
                     "%zu",
                     Ddi, Length, A->File, A->Line, A->Size);
  ndisrt_pool_release(A, Ddi, File, Line);
}

/* "< DISPATCH_LEVEL": it waits. */
VOID NdisRt_NdisMSleep(ULONG MicrosecondsToSleep, const char *File, int Line) {
  (void)MicrosecondsToSleep;
  ndisrt_require_max(APC_LEVEL, "NdisMSleep", NULL, File, Line);
}

VOID NdisRt_NdisStallExecution(UINT MicrosecondsToStall, const char *File,
                               int Line) {
  (void)MicrosecondsToStall;
  (void)File;
  (void)Line;
}

VOID NdisRt_NdisInitializeEvent(PNDIS_EVENT Event, const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, "NdisInitializeEvent", NULL, File, Line);
  Event->Signaled = 0;
}

VOID NdisRt_NdisSetEvent(PNDIS_EVENT Event, const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, "NdisSetEvent", NULL, File, Line);
  Event->Signaled = 1;
}

VOID NdisRt_NdisResetEvent(PNDIS_EVENT Event, const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, "NdisResetEvent", NULL, File, Line);
  Event->Signaled = 0;
}

/* Single-threaded: an unsignalled event would never be set while waiting. */
BOOLEAN NdisRt_NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait, const char *File,
                             int Line) {
  (void)MsToWait;
  passive("NdisWaitEvent", File, Line);
  return Event->Signaled != 0;
}
