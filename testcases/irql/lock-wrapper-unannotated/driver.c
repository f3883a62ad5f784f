/*
 * irql/lock-wrapper-unannotated - the driver takes its spin locks through
 * its own wrapper functions, with no SAL annotations on them.
 *
 * KeAcquireSpinLock raises to DISPATCH_LEVEL and saves the old IRQL in
 * *OldIrql; KeReleaseSpinLock "releases a spin lock and restores the
 * original IRQL at which the caller was running". NdisAcquireSpinLock /
 * NdisReleaseSpinLock do the same with the IRQL kept in the NDIS_SPIN_LOCK.
 * A wrapper has the net effect of what it calls. NdisWaitEvent and
 * NdisMSleep run at PASSIVE_LEVEL only. MiniportPause, MiniportRestart,
 * MiniportOidRequest, MiniportHaltEx and the unload handler run at
 * PASSIVE_LEVEL (shared/reference/ndis-callback-irql.txt).
 *
 * MpAcquire(Lock, &OldIrql) / MpRelease(Lock, OldIrql) wrap the kernel
 * routines, MpLockStats / MpUnlockStats the NDIS ones. Right: waiting or
 * sleeping after the release wrapper (MpHaltEx, MpRestart), and a global
 * list lock taken and released in the unload handler. Wrong: NdisWaitEvent
 * (MpPause) and NdisMSleep (MpOidRequest) between a wrapper's acquire and
 * its release, at DISPATCH_LEVEL.
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_WAIT_MS 100
#define MP_SETTLE_US 50

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  KSPIN_LOCK SendLock;
  NDIS_SPIN_LOCK StatsLock;
  NDIS_EVENT SendsDone;
  BOOLEAN Paused;
  ULONG SendsPending;
  ULONG Queries;
  ULONG Restarts;
} MP_ADAPTER, *PMP_ADAPTER;

DRIVER_INITIALIZE DriverEntry;
MINIPORT_INITIALIZE MpInitializeEx;
MINIPORT_HALT MpHaltEx;
MINIPORT_UNLOAD MpUnload;
MINIPORT_PAUSE MpPause;
MINIPORT_RESTART MpRestart;
MINIPORT_OID_REQUEST MpOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS MpSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS MpReturnNetBufferLists;
MINIPORT_CANCEL_SEND MpCancelSend;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY MpDevicePnPEventNotify;
MINIPORT_SHUTDOWN MpShutdownEx;
MINIPORT_CANCEL_OID_REQUEST MpCancelOidRequest;

NDIS_HANDLE MpDriverHandle;
KSPIN_LOCK MpAdapterListLock;
ULONG MpAdapterCount;

/* The wrappers: no annotations, the net effect of what they call. */
VOID MpAcquire(PKSPIN_LOCK Lock, PKIRQL OldIrql) { KeAcquireSpinLock(Lock, OldIrql); }
VOID MpRelease(PKSPIN_LOCK Lock, KIRQL OldIrql) { KeReleaseSpinLock(Lock, OldIrql); }
VOID MpLockStats(PMP_ADAPTER Adapter) { NdisAcquireSpinLock(&Adapter->StatsLock); }
VOID MpUnlockStats(PMP_ADAPTER Adapter) { NdisReleaseSpinLock(&Adapter->StatsLock); }

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  NdisFreeSpinLock(&Adapter->StatsLock);
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

NDIS_STATUS MpInitializeEx(_In_ NDIS_HANDLE NdisMiniportHandle,
                           _In_ NDIS_HANDLE MiniportDriverContext,
                           _In_ PNDIS_MINIPORT_INIT_PARAMETERS InitParameters) {
  PMP_ADAPTER Adapter;
  NDIS_MINIPORT_ADAPTER_ATTRIBUTES Attributes;
  NDIS_STATUS Status;

  UNREFERENCED_PARAMETER(MiniportDriverContext);
  UNREFERENCED_PARAMETER(InitParameters);

  Adapter = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(MP_ADAPTER), MP_TAG, NormalPoolPriority);
  if (Adapter == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(Adapter, sizeof(MP_ADAPTER));
  Adapter->AdapterHandle = NdisMiniportHandle;
  KeInitializeSpinLock(&Adapter->SendLock);
  NdisAllocateSpinLock(&Adapter->StatsLock);
  NdisInitializeEvent(&Adapter->SendsDone);
  NdisSetEvent(&Adapter->SendsDone);

  NdisZeroMemory(&Attributes, sizeof(Attributes));
  Attributes.RegistrationAttributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
  Attributes.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
  Attributes.RegistrationAttributes.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
  Attributes.RegistrationAttributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE;
  Attributes.RegistrationAttributes.InterfaceType = NdisInterfacePci;
  Status = NdisMSetMiniportAttributes(NdisMiniportHandle, &Attributes);
  if (Status != NDIS_STATUS_SUCCESS) {
    MpFreeAdapter(Adapter);
    return Status;
  }
  return NDIS_STATUS_SUCCESS;
}

VOID MpHaltEx(_In_ NDIS_HANDLE MiniportAdapterContext,
              _In_ NDIS_HALT_ACTION HaltAction) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  KIRQL OldIrql;

  UNREFERENCED_PARAMETER(HaltAction);
  MpAcquire(&Adapter->SendLock, &OldIrql);
  Adapter->Paused = TRUE;
  MpRelease(&Adapter->SendLock, OldIrql);
  /* Right: MpRelease restored PASSIVE_LEVEL. */
  (VOID)NdisWaitEvent(&Adapter->SendsDone, MP_WAIT_MS);
  MpFreeAdapter(Adapter);
}

VOID MpUnload(_In_ PDRIVER_OBJECT DriverObject) {
  KIRQL OldIrql;

  UNREFERENCED_PARAMETER(DriverObject);
  /* Right: the list lock is released before the PASSIVE_LEVEL call. */
  MpAcquire(&MpAdapterListLock, &OldIrql);
  MpAdapterCount = 0;
  MpRelease(&MpAdapterListLock, OldIrql);
  NdisMDeregisterMiniportDriver(MpDriverHandle);
}

NDIS_STATUS MpPause(_In_ NDIS_HANDLE MiniportAdapterContext,
                    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  KIRQL OldIrql;

  UNREFERENCED_PARAMETER(PauseParameters);
  MpAcquire(&Adapter->SendLock, &OldIrql);
  Adapter->Paused = TRUE;
  /* Wrong: MpAcquire raised to DISPATCH_LEVEL and the lock is still held;
   * NdisWaitEvent waits at PASSIVE_LEVEL only. Right: wait after MpRelease,
   * as MpHaltEx does. */
  (VOID)NdisWaitEvent(&Adapter->SendsDone, MP_WAIT_MS); // expect: ndis-irql
  MpRelease(&Adapter->SendLock, OldIrql);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpRestart(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(RestartParameters);
  MpLockStats(Adapter);
  Adapter->Restarts++;
  MpUnlockStats(Adapter);
  /* Right: MpUnlockStats restored PASSIVE_LEVEL. */
  NdisMSleep(MP_SETTLE_US);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext,
                         _In_ PNDIS_OID_REQUEST OidRequest) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;

  UNREFERENCED_PARAMETER(OidRequest);
  MpLockStats(Adapter);
  Adapter->Queries++;
  /* Wrong: between MpLockStats and MpUnlockStats the IRQL is
   * DISPATCH_LEVEL. Right: sleep after MpUnlockStats, as MpRestart does. */
  NdisMSleep(MP_SETTLE_US); // expect: ndis-irql
  MpUnlockStats(Adapter);
  return NDIS_STATUS_NOT_SUPPORTED;
}

VOID MpSendNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterContext,
                          _In_ PNET_BUFFER_LIST NetBufferLists,
                          _In_ NDIS_PORT_NUMBER PortNumber,
                          _In_ ULONG SendFlags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  PNET_BUFFER_LIST Nbl;
  KIRQL OldIrql;

  UNREFERENCED_PARAMETER(PortNumber);
  /* Right: the wrappers at DISPATCH_LEVEL too. */
  MpAcquire(&Adapter->SendLock, &OldIrql);
  Adapter->SendsPending++;
  NdisResetEvent(&Adapter->SendsDone);
  MpRelease(&Adapter->SendLock, OldIrql);

  for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
  NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);

  MpAcquire(&Adapter->SendLock, &OldIrql);
  if (--Adapter->SendsPending == 0)
    NdisSetEvent(&Adapter->SendsDone);
  MpRelease(&Adapter->SendLock, OldIrql);
}

VOID MpReturnNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterContext,
                            _In_ PNET_BUFFER_LIST NetBufferLists,
                            _In_ ULONG ReturnFlags) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(NetBufferLists);
  UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID MpCancelSend(_In_ NDIS_HANDLE MiniportAdapterContext,
                  _In_ PVOID CancelId) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(CancelId);
}

VOID MpDevicePnPEventNotify(_In_ NDIS_HANDLE MiniportAdapterContext,
                            _In_ PNET_DEVICE_PNP_EVENT NetDevicePnPEvent) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID MpShutdownEx(_In_ NDIS_HANDLE MiniportAdapterContext,
                  _In_ NDIS_SHUTDOWN_ACTION ShutdownAction) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(ShutdownAction);
}

VOID MpCancelOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext,
                        _In_ PVOID RequestId) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(RequestId);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject,
                     _In_ PUNICODE_STRING RegistryPath) {
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS Chars;

  KeInitializeSpinLock(&MpAdapterListLock);
  NdisZeroMemory(&Chars, sizeof(Chars));
  Chars.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS;
  Chars.Header.Revision = NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  Chars.Header.Size = NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1;
  Chars.MajorNdisVersion = NDIS_MINIPORT_MAJOR_VERSION;
  Chars.MinorNdisVersion = NDIS_MINIPORT_MINOR_VERSION;
  Chars.InitializeHandlerEx = MpInitializeEx;
  Chars.HaltHandlerEx = MpHaltEx;
  Chars.UnloadHandler = MpUnload;
  Chars.PauseHandler = MpPause;
  Chars.RestartHandler = MpRestart;
  Chars.OidRequestHandler = MpOidRequest;
  Chars.SendNetBufferListsHandler = MpSendNetBufferLists;
  Chars.ReturnNetBufferListsHandler = MpReturnNetBufferLists;
  Chars.CancelSendHandler = MpCancelSend;
  Chars.DevicePnPEventNotifyHandler = MpDevicePnPEventNotify;
  Chars.ShutdownHandlerEx = MpShutdownEx;
  Chars.CancelOidRequestHandler = MpCancelOidRequest;

  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &MpDriverHandle);
}
