/* The driver's own header, on the include path (-I) and included with
 * <...>, as drivers include their shared headers. */
#ifndef MPEVENTS_H
#define MPEVENTS_H

typedef struct _MP_EVENT {
  ULONG Code;
  PVOID Data;
} MP_EVENT, *PMP_EVENT;

NDIS_STATUS MpAllocEvent(ULONG Code, PMP_EVENT *Out);
VOID MpFreeEvent(PMP_EVENT Event);

#endif
