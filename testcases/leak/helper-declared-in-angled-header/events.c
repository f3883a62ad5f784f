/* The event helpers: allocate and free an event (see driver.c). */
#include <ndis.h>
#include <mpevents.h>

#define MP_TAG 'gaTM'

NDIS_STATUS MpAllocEvent(ULONG Code, PMP_EVENT *Out) {
  PMP_EVENT Event;
  NDIS_STATUS Status;

  Status = NdisAllocateMemoryWithTag((PVOID *)&Event, sizeof(MP_EVENT), MP_TAG); // expect: ndis-leak
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  Event->Code = Code;
  Event->Data = NULL;
  *Out = Event;
  return NDIS_STATUS_SUCCESS;
}

VOID MpFreeEvent(PMP_EVENT Event) {
  NdisFreeMemory(Event, sizeof(MP_EVENT), 0);
}
