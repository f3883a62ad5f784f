/*
 * queues.c - DPCs and work items.
 *
 * KeInsertQueueDpc and the work item DDIs only queue; the harness drains the
 * queues, running DPCs at DISPATCH_LEVEL and work items at PASSIVE_LEVEL, as
 * the system would later on another stack.
 */
#include "ndisrt_internal.h"

#include <stdlib.h>

typedef enum _ENTRY_KIND {
  EntryDpc,
  EntryNdisIo,
  EntryIo,
  EntryNdis5
} ENTRY_KIND;

typedef struct _ENTRY {
  ENTRY_KIND Kind;
  void
      *Object; /* PKDPC, NDIS work item handle, PIO_WORKITEM, PNDIS_WORK_ITEM */
  void *Routine;
  void *Context;
  void *Arg1, *Arg2;
} ENTRY;

static ENTRY *Queue;
static size_t QueueCount, QueueCap;

static BOOLEAN queued(void *Object) {
  for (size_t I = 0; I < QueueCount; ++I)
    if (Queue[I].Object == Object)
      return TRUE;
  return FALSE;
}

static BOOLEAN enqueue(ENTRY E) {
  if (QueueCount == QueueCap) {
    size_t Cap = QueueCap ? QueueCap * 2 : 16;
    ENTRY *N = realloc(Queue, Cap * sizeof *N);
    if (!N)
      return FALSE;
    Queue = N;
    QueueCap = Cap;
  }
  Queue[QueueCount++] = E;
  return TRUE;
}

static void remove_object(void *Object) {
  size_t J = 0;
  for (size_t I = 0; I < QueueCount; ++I)
    if (Queue[I].Object != Object)
      Queue[J++] = Queue[I];
  QueueCount = J;
}

/* ---- DPCs ---------------------------------------------------------------- */

VOID NdisRt_KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine,
                            PVOID DeferredContext, const char *File, int Line) {
  (void)File;
  (void)Line;
  Dpc->Type = 0x13;
  Dpc->Importance = 1;
  Dpc->Number = 0;
  Dpc->DpcListEntry.Flink = Dpc->DpcListEntry.Blink = NULL;
  Dpc->DeferredRoutine = DeferredRoutine;
  Dpc->DeferredContext = DeferredContext;
  Dpc->SystemArgument1 = Dpc->SystemArgument2 = NULL;
  Dpc->DpcData = NULL;
}

BOOLEAN NdisRt_KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1,
                                PVOID SystemArgument2, const char *File,
                                int Line) {
  ENTRY E = {EntryDpc, Dpc, NULL, NULL, SystemArgument1, SystemArgument2};
  (void)File;
  (void)Line;
  if (queued(Dpc))
    return FALSE;
  Dpc->SystemArgument1 = SystemArgument1;
  Dpc->SystemArgument2 = SystemArgument2;
  return enqueue(E);
}

BOOLEAN NdisRt_KeRemoveQueueDpc(PRKDPC Dpc, const char *File, int Line) {
  BOOLEAN Was = queued(Dpc);
  (void)File;
  (void)Line;
  remove_object(Dpc);
  return Was;
}

/* ---- NDIS I/O work items ------------------------------------------------- */

NDIS_HANDLE NdisRt_NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle,
                                          const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateIoWorkItem";
  NDISRT_ALLOC *A;
  (void)NdisObjectHandle;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(ULONG_PTR) * 4, NdisRtFamIoWorkItem,
                        NdisRtKindObject, Ddi, File, Line);
  return A ? A->Base : NULL;
}

VOID NdisRt_NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle,
                                NDIS_IO_WORKITEM_ROUTINE Routine,
                                PVOID WorkItemContext, const char *File,
                                int Line) {
  static const char Ddi[] = "NdisQueueIoWorkItem";
  NDISRT_ALLOC *A =
      NdisIoWorkItemHandle ? ndisrt_pool_find_base(NdisIoWorkItemHandle) : NULL;
  ENTRY E = {
      EntryNdisIo, NdisIoWorkItemHandle, (void *)Routine, WorkItemContext, NULL,
      NULL};
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (!A || !A->Live || A->Family != NdisRtFamIoWorkItem) {
    ndisrt_note("%s at %s:%d with %p, which is not a live work item", Ddi,
                File ? File : NDISRT_UNKNOWN_FILE, Line, NdisIoWorkItemHandle);
    return;
  }
  if (!queued(NdisIoWorkItemHandle))
    enqueue(E);
}

VOID NdisRt_NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle,
                               const char *File, int Line) {
  static const char Ddi[] = "NdisFreeIoWorkItem";
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(NdisIoWorkItemHandle, NdisRtFamIoWorkItem, Ddi, File,
                        Line);
  if (!A)
    return;
  if (queued(NdisIoWorkItemHandle)) {
    ndisrt_note("%s at %s:%d frees a work item that is still queued", Ddi,
                File ? File : NDISRT_UNKNOWN_FILE, Line);
    remove_object(NdisIoWorkItemHandle);
  }
  ndisrt_pool_release(A, Ddi, File, Line);
}

/* ---- Kernel I/O work items ------------------------------------------------
 */

PIO_WORKITEM NdisRt_IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject,
                                       const char *File, int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "IoAllocateWorkItem", NULL, File, Line);
  if (ndisrt_fault_should_fail("IoAllocateWorkItem", File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(PVOID) * 4, NdisRtFamIoWorkItemKrnl,
                        NdisRtKindObject, "IoAllocateWorkItem", File, Line);
  if (!A)
    return NULL;
  *(PDEVICE_OBJECT *)A->Base = DeviceObject;
  return (PIO_WORKITEM)A->Base;
}

VOID NdisRt_IoFreeWorkItem(PIO_WORKITEM IoWorkItem, const char *File,
                           int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "IoFreeWorkItem", NULL, File, Line);
  A = ndisrt_check_free(IoWorkItem, NdisRtFamIoWorkItemKrnl, "IoFreeWorkItem",
                        File, Line);
  if (!A)
    return;
  remove_object(IoWorkItem);
  ndisrt_pool_release(A, "IoFreeWorkItem", File, Line);
}

VOID NdisRt_IoQueueWorkItem(PIO_WORKITEM IoWorkItem,
                            PIO_WORKITEM_ROUTINE WorkerRoutine,
                            WORK_QUEUE_TYPE QueueType, PVOID Context,
                            const char *File, int Line) {
  ENTRY E = {EntryIo, IoWorkItem, (void *)WorkerRoutine, Context, NULL, NULL};
  (void)QueueType;
  ndisrt_require_max(DISPATCH_LEVEL, "IoQueueWorkItem", NULL, File, Line);
  E.Arg1 = IoWorkItem ? *(PDEVICE_OBJECT *)IoWorkItem : NULL;
  if (!queued(IoWorkItem))
    enqueue(E);
}

/* ---- NDIS 5 work items --------------------------------------------------- */

VOID NdisRt_NdisInitializeWorkItem(PNDIS_WORK_ITEM WorkItem, NDIS_PROC Routine,
                                   PVOID Context, const char *File, int Line) {
  (void)File;
  (void)Line;
  WorkItem->Routine = Routine;
  WorkItem->Context = Context;
}

NDIS_STATUS NdisRt_NdisScheduleWorkItem(PNDIS_WORK_ITEM WorkItem,
                                        const char *File, int Line) {
  ENTRY E = {EntryNdis5,        WorkItem, (void *)WorkItem->Routine,
             WorkItem->Context, NULL,     NULL};
  ndisrt_require_max(DISPATCH_LEVEL, "NdisScheduleWorkItem", NULL, File, Line);
  if (!queued(WorkItem))
    enqueue(E);
  return NDIS_STATUS_SUCCESS;
}

/* ---- Draining ------------------------------------------------------------ */

static void run_thunk(void *P) {
  ENTRY *E = P;
  switch (E->Kind) {
  case EntryDpc: {
    PKDPC Dpc = E->Object;
    Dpc->DeferredRoutine(Dpc, Dpc->DeferredContext, E->Arg1, E->Arg2);
    break;
  }
  case EntryNdisIo:
    ((NDIS_IO_WORKITEM_ROUTINE)E->Routine)(E->Context, E->Object);
    break;
  case EntryIo:
    ((PIO_WORKITEM_ROUTINE)E->Routine)(E->Arg1, E->Context);
    break;
  case EntryNdis5:
    ((NDIS_PROC)E->Routine)(E->Object, E->Context);
    break;
  }
}

unsigned NdisRt_DrainQueues(void) {
  unsigned Ran = 0;
  /* Bounded: a callback that requeues itself must not loop forever. */
  while (QueueCount > 0 && Ran < 10000) {
    size_t Pick = 0;
    ENTRY E;
    /* DPCs first: they preempt anything at PASSIVE_LEVEL. */
    for (size_t I = 0; I < QueueCount; ++I)
      if (Queue[I].Kind == EntryDpc) {
        Pick = I;
        break;
      }
    E = Queue[Pick];
    for (size_t I = Pick + 1; I < QueueCount; ++I)
      Queue[I - 1] = Queue[I];
    --QueueCount;
    ndisrt_call_at(E.Kind == EntryDpc ? DISPATCH_LEVEL : PASSIVE_LEVEL,
                   E.Kind == EntryDpc ? "DPC" : "work item", run_thunk, &E);
    ++Ran;
  }
  return Ran;
}

void ndisrt_queues_reset(void) { QueueCount = 0; }
