/*
 * registration.c - what the driver registers with NDIS: characteristics,
 * adapter attributes, interrupts. The harness reads it back to call the
 * driver's entry points.
 */
#include "ndisrt_internal.h"

#include <string.h>

static NDISRT_REGISTRATION Registration;
/* Stand-in handles: their addresses identify them. */
static char MiniportDriverHandle, WrapperHandle, FilterDriverHandle,
    ProtocolHandle;

NDISRT_REGISTRATION *NdisRt_Registration(void) { return &Registration; }

void ndisrt_registration_reset(void) {
  memset(&Registration, 0, sizeof Registration);
}

/* Copies a characteristics structure as far as its Header.Size reaches, so
   a revision 1 structure does not bring garbage into revision 2 fields. */
static void copy_chars(void *Dst, size_t DstSize, const void *Src,
                       size_t SrcSize) {
  memset(Dst, 0, DstSize);
  memcpy(Dst, Src, SrcSize && SrcSize < DstSize ? SrcSize : DstSize);
}

static void passive(const char *Ddi, const char *File, int Line) {
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
}

/* ---- NDIS 6 miniports ------------------------------------------------------
 */

NDIS_STATUS NdisRt_NdisMRegisterMiniportDriver(
    PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars,
    PNDIS_HANDLE NdisMiniportDriverHandle, const char *File, int Line) {
  (void)DriverObject;
  (void)RegistryPath;
  passive("NdisMRegisterMiniportDriver", File, Line);
  *NdisMiniportDriverHandle = NULL;
  if (!Chars)
    return NDIS_STATUS_INVALID_PARAMETER;
  copy_chars(&Registration.Miniport, sizeof Registration.Miniport, Chars,
             Chars->Header.Size);
  Registration.MiniportDriverContext = MiniportDriverContext;
  Registration.MiniportRegistered = TRUE;
  Registration.Kind = NdisRtDriverMiniport6;
  *NdisMiniportDriverHandle = &MiniportDriverHandle;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisMDeregisterMiniportDriver(NDIS_HANDLE Handle, const char *File,
                                          int Line) {
  (void)Handle;
  passive("NdisMDeregisterMiniportDriver", File, Line);
}

NDIS_STATUS
NdisRt_NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportHandle,
                                  PNDIS_MINIPORT_ADAPTER_ATTRIBUTES Attributes,
                                  const char *File, int Line) {
  (void)NdisMiniportHandle;
  passive("NdisMSetMiniportAttributes", File, Line);
  if (!Attributes)
    return NDIS_STATUS_INVALID_PARAMETER;
  if (Attributes->Header.Type ==
      NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES)
    Registration.MiniportAdapterContext =
        Attributes->RegistrationAttributes.MiniportAdapterContext;
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisRt_NdisMRegisterInterruptEx(
    NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportInterruptContext,
    PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Chars,
    PNDIS_HANDLE NdisInterruptHandle, const char *File, int Line) {
  static const char Ddi[] = "NdisMRegisterInterruptEx";
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  passive(Ddi, File, Line);
  *NdisInterruptHandle = NULL;
  if (!Chars)
    return NDIS_STATUS_INVALID_PARAMETER;
  /* A registration until NdisMDeregisterInterruptEx releases it. */
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_RESOURCES;
  A = ndisrt_pool_alloc(sizeof(PVOID), NdisRtFamInterrupt, NdisRtKindObject,
                        Ddi, File, Line);
  if (!A)
    return NDIS_STATUS_RESOURCES;
  copy_chars(&Registration.Interrupt, sizeof Registration.Interrupt, Chars,
             Chars->Header.Size);
  Registration.MiniportInterruptContext = MiniportInterruptContext;
  Registration.InterruptRegistered = TRUE;
  *NdisInterruptHandle = A->Base;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle,
                                       const char *File, int Line) {
  static const char Ddi[] = "NdisMDeregisterInterruptEx";
  NDISRT_ALLOC *A;
  passive(Ddi, File, Line);
  A = ndisrt_check_free(NdisInterruptHandle, NdisRtFamInterrupt, Ddi, File,
                        Line);
  if (!A)
    return;
  ndisrt_pool_release(A, Ddi, File, Line);
  Registration.InterruptRegistered = FALSE;
}

typedef struct _SYNC {
  MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER Function;
  PVOID Context;
  BOOLEAN Result;
} SYNC;

static void sync_thunk(void *P) {
  SYNC *S = P;
  S->Result = S->Function(S->Context);
}

BOOLEAN NdisRt_NdisMSynchronizeWithInterruptEx(
    NDIS_HANDLE NdisInterruptHandle, ULONG MessageId,
    MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction,
    PVOID SynchronizeContext, const char *File, int Line) {
  SYNC S = {SynchronizeFunction, SynchronizeContext, FALSE};
  (void)NdisInterruptHandle;
  (void)MessageId;
  (void)File;
  (void)Line;
  /* The function runs at DIRQL, synchronised with the ISR. */
  ndisrt_call_at(NDISRT_DIRQL, "synchronize function", sync_thunk, &S);
  return S.Result;
}

VOID NdisRt_NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle,
                                            PNET_BUFFER_LIST NetBufferLists,
                                            ULONG SendCompleteFlags,
                                            const char *File, int Line) {
  (void)MiniportAdapterHandle;
  (void)NetBufferLists;
  (void)SendCompleteFlags;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisMSendNetBufferListsComplete", NULL,
                     File, Line);
}

VOID NdisRt_NdisMIndicateReceiveNetBufferLists(
    NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferList,
    NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags, const char *File, int Line) {
  (void)MiniportAdapterHandle;
  (void)NetBufferList;
  (void)PortNumber;
  (void)NumberOfNetBufferLists;
  (void)ReceiveFlags;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisMIndicateReceiveNetBufferLists", NULL,
                     File, Line);
}

VOID NdisRt_NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle,
                                    PNDIS_OID_REQUEST OidRequest,
                                    NDIS_STATUS Status, const char *File,
                                    int Line) {
  (void)MiniportAdapterHandle;
  (void)OidRequest;
  (void)Status;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisMOidRequestComplete", NULL, File,
                     Line);
}

/* ---- NDIS 5 miniports ------------------------------------------------------
 */

VOID NdisRt_NdisMInitializeWrapper(PNDIS_HANDLE NdisWrapperHandle,
                                   PVOID SystemSpecific1, PVOID SystemSpecific2,
                                   PVOID SystemSpecific3, const char *File,
                                   int Line) {
  (void)SystemSpecific1;
  (void)SystemSpecific2;
  (void)SystemSpecific3;
  passive("NdisMInitializeWrapper", File, Line);
  *NdisWrapperHandle = &WrapperHandle;
}

VOID NdisRt_NdisTerminateWrapper(NDIS_HANDLE NdisWrapperHandle,
                                 PVOID SystemSpecific, const char *File,
                                 int Line) {
  (void)NdisWrapperHandle;
  (void)SystemSpecific;
  passive("NdisTerminateWrapper", File, Line);
}

NDIS_STATUS NdisRt_NdisMRegisterMiniport(NDIS_HANDLE NdisWrapperHandle,
                                         PNDIS_MINIPORT_CHARACTERISTICS Chars,
                                         UINT CharacteristicsLength,
                                         const char *File, int Line) {
  (void)NdisWrapperHandle;
  passive("NdisMRegisterMiniport", File, Line);
  if (!Chars)
    return NDIS_STATUS_INVALID_PARAMETER;
  copy_chars(&Registration.Miniport5, sizeof Registration.Miniport5, Chars,
             CharacteristicsLength);
  Registration.Miniport5Registered = TRUE;
  Registration.Kind = NdisRtDriverMiniport5;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisMRegisterUnloadHandler(NDIS_HANDLE NdisWrapperHandle,
                                       PDRIVER_UNLOAD UnloadHandler,
                                       const char *File, int Line) {
  (void)NdisWrapperHandle;
  passive("NdisMRegisterUnloadHandler", File, Line);
  Registration.Ndis5UnloadHandler = UnloadHandler;
}

VOID NdisRt_NdisMSetAttributesEx(NDIS_HANDLE MiniportAdapterHandle,
                                 NDIS_HANDLE MiniportAdapterContext,
                                 UINT CheckForHangTimeInSeconds,
                                 ULONG AttributeFlags,
                                 NDIS_INTERFACE_TYPE AdapterType,
                                 const char *File, int Line) {
  (void)MiniportAdapterHandle;
  (void)CheckForHangTimeInSeconds;
  (void)AttributeFlags;
  (void)AdapterType;
  passive("NdisMSetAttributesEx", File, Line);
  Registration.MiniportAdapterContext = MiniportAdapterContext;
}

VOID NdisRt_NdisMSetAttributes(NDIS_HANDLE MiniportAdapterHandle,
                               NDIS_HANDLE MiniportAdapterContext,
                               BOOLEAN BusMaster,
                               NDIS_INTERFACE_TYPE AdapterType,
                               const char *File, int Line) {
  (void)MiniportAdapterHandle;
  (void)BusMaster;
  (void)AdapterType;
  passive("NdisMSetAttributes", File, Line);
  Registration.MiniportAdapterContext = MiniportAdapterContext;
}

NDIS_STATUS NdisRt_NdisMRegisterInterrupt(
    PNDIS_MINIPORT_INTERRUPT Interrupt, NDIS_HANDLE MiniportAdapterHandle,
    UINT InterruptVector, UINT InterruptLevel, BOOLEAN RequestIsr,
    BOOLEAN SharedInterrupt, NDIS_INTERRUPT_MODE InterruptMode,
    const char *File, int Line) {
  (void)MiniportAdapterHandle;
  (void)InterruptVector;
  (void)InterruptLevel;
  (void)RequestIsr;
  (void)SharedInterrupt;
  (void)InterruptMode;
  passive("NdisMRegisterInterrupt", File, Line);
  memset(Interrupt, 0, sizeof *Interrupt);
  if (ndisrt_fault_should_fail("NdisMRegisterInterrupt", File, Line))
    return NDIS_STATUS_RESOURCES;
  /* The interrupt object is driver storage (the database's keyedBy). */
  if (!ndisrt_keyed_acquire(NdisRtFamInterrupt5, Interrupt,
                            "NdisMRegisterInterrupt", File, Line))
    return NDIS_STATUS_RESOURCES;
  Registration.Interrupt5Registered = TRUE;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisMDeregisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt,
                                     const char *File, int Line) {
  passive("NdisMDeregisterInterrupt", File, Line);
  if (ndisrt_keyed_release(NdisRtFamInterrupt5, Interrupt, TRUE,
                           "NdisMDeregisterInterrupt", File, Line))
    Registration.Interrupt5Registered = FALSE;
}

/* ---- Filters and protocols
 * --------------------------------------------------- */

NDIS_STATUS NdisRt_NdisFRegisterFilterDriver(
    PDRIVER_OBJECT DriverObject, NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_DRIVER_CHARACTERISTICS Chars,
    PNDIS_HANDLE NdisFilterDriverHandle, const char *File, int Line) {
  (void)DriverObject;
  passive("NdisFRegisterFilterDriver", File, Line);
  *NdisFilterDriverHandle = NULL;
  if (!Chars)
    return NDIS_STATUS_INVALID_PARAMETER;
  copy_chars(&Registration.Filter, sizeof Registration.Filter, Chars,
             Chars->Header.Size);
  Registration.FilterDriverContext = FilterDriverContext;
  Registration.FilterRegistered = TRUE;
  if (Registration.Kind == NdisRtDriverUnknown)
    Registration.Kind = NdisRtDriverFilter;
  *NdisFilterDriverHandle = &FilterDriverHandle;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisFDeregisterFilterDriver(NDIS_HANDLE NdisFilterDriverHandle,
                                        const char *File, int Line) {
  (void)NdisFilterDriverHandle;
  passive("NdisFDeregisterFilterDriver", File, Line);
}

NDIS_STATUS
NdisRt_NdisRegisterProtocolDriver(NDIS_HANDLE ProtocolDriverContext,
                                  PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars,
                                  PNDIS_HANDLE NdisProtocolHandle,
                                  const char *File, int Line) {
  passive("NdisRegisterProtocolDriver", File, Line);
  *NdisProtocolHandle = NULL;
  if (!Chars)
    return NDIS_STATUS_INVALID_PARAMETER;
  copy_chars(&Registration.Protocol, sizeof Registration.Protocol, Chars,
             Chars->Header.Size);
  Registration.ProtocolDriverContext = ProtocolDriverContext;
  Registration.ProtocolRegistered = TRUE;
  if (Registration.Kind == NdisRtDriverUnknown)
    Registration.Kind = NdisRtDriverProtocol;
  *NdisProtocolHandle = &ProtocolHandle;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisDeregisterProtocolDriver(NDIS_HANDLE NdisProtocolHandle,
                                         const char *File, int Line) {
  (void)NdisProtocolHandle;
  passive("NdisDeregisterProtocolDriver", File, Line);
}

/* ---- Filter data path ---------------------------------------------------- */

NDIS_STATUS NdisRt_NdisFSetAttributes(NDIS_HANDLE NdisFilterHandle,
                                      NDIS_HANDLE FilterModuleContext,
                                      PNDIS_FILTER_ATTRIBUTES FilterAttributes,
                                      const char *File, int Line) {
  (void)NdisFilterHandle;
  (void)FilterAttributes;
  passive("NdisFSetAttributes", File, Line);
  Registration.FilterModuleContext = FilterModuleContext;
  return NDIS_STATUS_SUCCESS;
}

static void dispatch_max(const char *Ddi, const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
}

VOID NdisRt_NdisFSendNetBufferLists(NDIS_HANDLE NdisFilterHandle,
                                    PNET_BUFFER_LIST NetBufferList,
                                    NDIS_PORT_NUMBER PortNumber,
                                    ULONG SendFlags, const char *File,
                                    int Line) {
  (void)NdisFilterHandle;
  (void)NetBufferList;
  (void)PortNumber;
  (void)SendFlags;
  dispatch_max("NdisFSendNetBufferLists", File, Line);
}

VOID NdisRt_NdisFSendNetBufferListsComplete(NDIS_HANDLE NdisFilterHandle,
                                            PNET_BUFFER_LIST NetBufferList,
                                            ULONG SendCompleteFlags,
                                            const char *File, int Line) {
  (void)NdisFilterHandle;
  (void)NetBufferList;
  (void)SendCompleteFlags;
  dispatch_max("NdisFSendNetBufferListsComplete", File, Line);
}

VOID NdisRt_NdisFIndicateReceiveNetBufferLists(NDIS_HANDLE NdisFilterHandle,
                                               PNET_BUFFER_LIST NetBufferLists,
                                               NDIS_PORT_NUMBER PortNumber,
                                               ULONG NumberOfNetBufferLists,
                                               ULONG ReceiveFlags,
                                               const char *File, int Line) {
  (void)NdisFilterHandle;
  (void)NetBufferLists;
  (void)PortNumber;
  (void)NumberOfNetBufferLists;
  (void)ReceiveFlags;
  dispatch_max("NdisFIndicateReceiveNetBufferLists", File, Line);
}

VOID NdisRt_NdisFReturnNetBufferLists(NDIS_HANDLE NdisFilterHandle,
                                      PNET_BUFFER_LIST NetBufferLists,
                                      ULONG ReturnFlags, const char *File,
                                      int Line) {
  (void)NdisFilterHandle;
  (void)NetBufferLists;
  (void)ReturnFlags;
  dispatch_max("NdisFReturnNetBufferLists", File, Line);
}

NDIS_STATUS NdisRt_NdisFOidRequest(NDIS_HANDLE NdisFilterHandle,
                                   PNDIS_OID_REQUEST OidRequest,
                                   const char *File, int Line) {
  (void)NdisFilterHandle;
  (void)OidRequest;
  dispatch_max("NdisFOidRequest", File, Line);
  return NDIS_STATUS_NOT_SUPPORTED;
}

VOID NdisRt_NdisFOidRequestComplete(NDIS_HANDLE NdisFilterHandle,
                                    PNDIS_OID_REQUEST OidRequest,
                                    NDIS_STATUS Status, const char *File,
                                    int Line) {
  (void)NdisFilterHandle;
  (void)OidRequest;
  (void)Status;
  dispatch_max("NdisFOidRequestComplete", File, Line);
}

VOID NdisRt_NdisFPauseComplete(NDIS_HANDLE NdisFilterHandle, const char *File,
                               int Line) {
  (void)NdisFilterHandle;
  passive("NdisFPauseComplete", File, Line);
}

VOID NdisRt_NdisFRestartComplete(NDIS_HANDLE NdisFilterHandle,
                                 NDIS_STATUS Status, const char *File,
                                 int Line) {
  (void)NdisFilterHandle;
  (void)Status;
  passive("NdisFRestartComplete", File, Line);
}
