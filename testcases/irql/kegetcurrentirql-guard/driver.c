/*
 * irql/kegetcurrentirql-guard - a KeGetCurrentIrql() test guards a call that
 * may only be made at PASSIVE_LEVEL.
 *
 * KeGetCurrentIrql "returns the current IRQL". NdisMSleep needs
 * IRQL < DISPATCH_LEVEL; NdisStallExecution busy-waits at any IRQL.
 * MiniportInitializeEx runs at PASSIVE_LEVEL, MiniportResetEx at
 * IRQL <= DISPATCH_LEVEL (shared/reference/ndis-callback-irql.txt).
 *
 * MpWaitEeprom, called from both, sleeps only where
 * KeGetCurrentIrql() == PASSIVE_LEVEL and stalls otherwise; MpLogTryLock
 * sleeps in its retry loop only under the same test, and MpWaitLink returns
 * early unless NDIS_CURRENT_IRQL() is PASSIVE_LEVEL (right: the test is the
 * IRQL the call runs at). MpWaitPhy has the branches swapped (wrong:
 * NdisMSleep where the IRQL is above PASSIVE_LEVEL, as in the reset
 * handler).
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#define MP_TAG 'gaTM'
#define MP_EEPROM_SLEEP_US 100
#define MP_EEPROM_STALL_US 5
#define MP_LOG_TRIES 10

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  BOOLEAN LogBusy;
  ULONG EepromWaits;
  ULONG LinkWaits;
  ULONG PhyWaits;
  ULONG Resets;
  NDIS_EVENT Quiet;
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
MINIPORT_RESET MpResetEx;

NDIS_HANDLE MpDriverHandle;

static VOID MpFreeAdapter(PMP_ADAPTER Adapter) {
  NdisFreeMemoryWithTagPriority(Adapter->AdapterHandle, Adapter, MP_TAG);
}

/* Right: sleeps only where the IRQL test says PASSIVE_LEVEL. */
static VOID MpWaitEeprom(PMP_ADAPTER Adapter) {
  Adapter->EepromWaits++;
  if (KeGetCurrentIrql() == PASSIVE_LEVEL)
    NdisMSleep(MP_EEPROM_SLEEP_US);
  else
    NdisStallExecution(MP_EEPROM_STALL_US);
}

/* Right: a try-lock that retries with a sleep only where it may sleep, and
 * gives up at a raised IRQL. */
static VOID MpLogTryLock(PMP_ADAPTER Adapter, BOOLEAN *Owned) {
  ULONG Tries = 0;

  *Owned = TRUE;
  while (Adapter->LogBusy) {
    if (KeGetCurrentIrql() == PASSIVE_LEVEL && ++Tries < MP_LOG_TRIES) {
      NdisMSleep(MP_EEPROM_SLEEP_US);
    } else {
      *Owned = FALSE;
      break;
    }
  }
  if (*Owned)
    Adapter->LogBusy = TRUE;
}

/* Right: nothing below the early return runs above PASSIVE_LEVEL. */
static VOID MpWaitLink(PMP_ADAPTER Adapter) {
  if (NDIS_CURRENT_IRQL() != PASSIVE_LEVEL)
    return;
  Adapter->LinkWaits++;
  NdisMSleep(MP_EEPROM_SLEEP_US);
}

static VOID MpWaitPhy(PMP_ADAPTER Adapter) {
  Adapter->PhyWaits++;
  /* Wrong: the branches are swapped, so the reset handler sleeps at
   * DISPATCH_LEVEL. Right: sleep where KeGetCurrentIrql() == PASSIVE_LEVEL,
   * stall otherwise, as MpWaitEeprom does. */
  if (KeGetCurrentIrql() == PASSIVE_LEVEL)
    NdisStallExecution(MP_EEPROM_STALL_US);
  else
    NdisMSleep(MP_EEPROM_SLEEP_US); // expect: ndis-irql
}

/* No documented entry point reaches it (a table outside the driver
 * could): a KeGetCurrentIrql() test bounds the IRQL where it holds, but an
 * upper limit alone is no sign that the IRQL is that high. PAGED_CODE's
 * guard leaves NdisWaitEvent alone (right). */
VOID MpWaitQuietPaged(PMP_ADAPTER Adapter) {
  if (KeGetCurrentIrql() > APC_LEVEL)
    return;
  NdisWaitEvent(&Adapter->Quiet, 10);
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
  MpWaitEeprom(Adapter);
  MpWaitLink(Adapter);

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
  UNREFERENCED_PARAMETER(HaltAction);
  MpFreeAdapter((PMP_ADAPTER)MiniportAdapterContext);
}

VOID MpUnload(_In_ PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  NdisMDeregisterMiniportDriver(MpDriverHandle);
}

NDIS_STATUS MpPause(_In_ NDIS_HANDLE MiniportAdapterContext,
                    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(PauseParameters);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpRestart(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(RestartParameters);
  return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS MpOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext,
                         _In_ PNDIS_OID_REQUEST OidRequest) {
  UNREFERENCED_PARAMETER(MiniportAdapterContext);
  UNREFERENCED_PARAMETER(OidRequest);
  return NDIS_STATUS_NOT_SUPPORTED;
}

VOID MpSendNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterContext,
                          _In_ PNET_BUFFER_LIST NetBufferLists,
                          _In_ NDIS_PORT_NUMBER PortNumber,
                          _In_ ULONG SendFlags) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  PNET_BUFFER_LIST Nbl;

  UNREFERENCED_PARAMETER(PortNumber);
  for (Nbl = NetBufferLists; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
    NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_SUCCESS;
  NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, NetBufferLists, NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

NDIS_STATUS MpResetEx(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _Out_ PBOOLEAN AddressingReset) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  BOOLEAN Owned;

  *AddressingReset = FALSE;
  Adapter->Resets++;
  MpLogTryLock(Adapter, &Owned);
  MpWaitEeprom(Adapter);
  MpWaitLink(Adapter);
  MpWaitPhy(Adapter);
  if (Owned)
    Adapter->LogBusy = FALSE;
  return NDIS_STATUS_SUCCESS;
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
  Chars.ResetHandlerEx = MpResetEx;

  return NdisMRegisterMiniportDriver(DriverObject, RegistryPath, NULL, &Chars, &MpDriverHandle);
}
