/*
 * timers.c - NDIS 6 timer objects and NDIS 5 timers.
 *
 * The runtime has no clock: the harness fires every live timer once, at
 * DISPATCH_LEVEL as NDIS does, after the driver initialised.
 */
#include "ndisrt_internal.h"

#include <stdlib.h>

typedef struct _TIMER_OBJECT {
  PNDIS_TIMER_FUNCTION Function;
  PVOID Context;
  BOOLEAN Set;
} TIMER_OBJECT;

/* NDIS 5 timers live in driver storage; the runtime keeps their callbacks. */
typedef struct _TIMER5 {
  PVOID Timer; /* PNDIS_MINIPORT_TIMER or PNDIS_TIMER */
  PNDIS_TIMER_FUNCTION Function;
  PVOID Context;
  BOOLEAN Set;
} TIMER5;

static TIMER5 *Timers5;
static size_t Timer5Count, Timer5Cap;

/* The timer objects are found through the pool records. */
static NDISRT_ALLOC **TimerObjects;
static size_t TimerObjectCount, TimerObjectCap;

static TIMER_OBJECT *timer_object(NDIS_HANDLE Handle, const char *Ddi,
                                  const char *File, int Line) {
  NDISRT_ALLOC *A = Handle ? ndisrt_pool_find_base(Handle) : NULL;
  if (!A || A->Family != NdisRtFamTimer) {
    ndisrt_note("%s at %s:%d with %p, which is not a timer object", Ddi,
                File ? File : NDISRT_UNKNOWN_FILE, Line, Handle);
    return NULL;
  }
  if (!A->Live) {
    ndisrt_note("%s at %s:%d with a timer object freed at %s:%d", Ddi,
                File ? File : NDISRT_UNKNOWN_FILE, Line, A->FreeFile,
                A->FreeLine);
    return NULL;
  }
  return (TIMER_OBJECT *)A->Base;
}

NDIS_STATUS NdisRt_NdisAllocateTimerObject(
    NDIS_HANDLE NdisHandle, PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
    PNDIS_HANDLE pTimerObject, const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateTimerObject";
  NDISRT_ALLOC *A;
  TIMER_OBJECT *T;
  (void)NdisHandle;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  *pTimerObject = NULL;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_RESOURCES;
  A = ndisrt_pool_alloc(sizeof(TIMER_OBJECT), NdisRtFamTimer, NdisRtKindObject,
                        Ddi, File, Line);
  if (!A)
    return NDIS_STATUS_RESOURCES;
  if (TimerObjectCount == TimerObjectCap) {
    size_t Cap = TimerObjectCap ? TimerObjectCap * 2 : 8;
    NDISRT_ALLOC **N = realloc(TimerObjects, Cap * sizeof *N);
    if (!N)
      return NDIS_STATUS_RESOURCES;
    TimerObjects = N;
    TimerObjectCap = Cap;
  }
  TimerObjects[TimerObjectCount++] = A;
  A->Tag = TimerCharacteristics->AllocationTag;
  T = (TIMER_OBJECT *)A->Base;
  T->Function = TimerCharacteristics->TimerFunction;
  T->Context = TimerCharacteristics->FunctionContext;
  T->Set = FALSE;
  *pTimerObject = A->Base;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisFreeTimerObject(NDIS_HANDLE TimerObject, const char *File,
                                int Line) {
  static const char Ddi[] = "NdisFreeTimerObject";
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(TimerObject, NdisRtFamTimer, Ddi, File, Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

BOOLEAN NdisRt_NdisSetTimerObject(NDIS_HANDLE TimerObject,
                                  LARGE_INTEGER DueTime,
                                  LONG MillisecondsPeriod,
                                  PVOID FunctionContext, const char *File,
                                  int Line) {
  static const char Ddi[] = "NdisSetTimerObject";
  TIMER_OBJECT *T;
  BOOLEAN WasSet;
  (void)DueTime;
  (void)MillisecondsPeriod;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  T = timer_object(TimerObject, Ddi, File, Line);
  if (!T)
    return FALSE;
  WasSet = T->Set;
  T->Set = TRUE;
  if (FunctionContext)
    T->Context = FunctionContext;
  return WasSet;
}

BOOLEAN NdisRt_NdisCancelTimerObject(NDIS_HANDLE TimerObject, const char *File,
                                     int Line) {
  static const char Ddi[] = "NdisCancelTimerObject";
  TIMER_OBJECT *T;
  BOOLEAN WasSet;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  T = timer_object(TimerObject, Ddi, File, Line);
  if (!T)
    return FALSE;
  WasSet = T->Set;
  T->Set = FALSE;
  return WasSet;
}

/* ---- NDIS 5 -------------------------------------------------------------- */

static TIMER5 *timer5(PVOID Timer, BOOLEAN Create) {
  for (size_t I = 0; I < Timer5Count; ++I)
    if (Timers5[I].Timer == Timer)
      return &Timers5[I];
  if (!Create)
    return NULL;
  if (Timer5Count == Timer5Cap) {
    size_t Cap = Timer5Cap ? Timer5Cap * 2 : 8;
    TIMER5 *N = realloc(Timers5, Cap * sizeof *N);
    if (!N)
      return NULL;
    Timers5 = N;
    Timer5Cap = Cap;
  }
  Timers5[Timer5Count].Timer = Timer;
  Timers5[Timer5Count].Set = FALSE;
  return &Timers5[Timer5Count++];
}

static void init5(PVOID Timer, PNDIS_TIMER_FUNCTION Function, PVOID Context) {
  TIMER5 *T = timer5(Timer, TRUE);
  if (!T)
    return;
  T->Function = Function;
  T->Context = Context;
  T->Set = FALSE;
}

static BOOLEAN set5(PVOID Timer, BOOLEAN Set, const char *Ddi, const char *File,
                    int Line) {
  TIMER5 *T = timer5(Timer, FALSE);
  BOOLEAN WasSet;
  if (!T) {
    ndisrt_note("%s at %s:%d on a timer that was never initialized", Ddi,
                File ? File : NDISRT_UNKNOWN_FILE, Line);
    return FALSE;
  }
  WasSet = T->Set;
  T->Set = Set;
  return WasSet;
}

/* A miniport timer that was set "might be in the system timer queue" until
   NdisMCancelTimer: MiniportHalt must cancel it. The runtime keeps one
   resource per set timer (setting again keeps it), whether or not it has
   fired since - on a real machine halt can come first. */
static void arm5(PNDIS_MINIPORT_TIMER Timer, const char *Ddi, const char *File,
                 int Line) {
  if (set5(Timer, TRUE, Ddi, File, Line))
    return;
  ndisrt_keyed_acquire(NdisRtFamTimer5, Timer, Ddi, File, Line);
}

VOID NdisRt_NdisMInitializeTimer(PNDIS_MINIPORT_TIMER Timer,
                                 NDIS_HANDLE MiniportAdapterHandle,
                                 PNDIS_TIMER_FUNCTION TimerFunction,
                                 PVOID FunctionContext, const char *File,
                                 int Line) {
  ndisrt_require_exact(PASSIVE_LEVEL, "NdisMInitializeTimer", NULL, File, Line);
  Timer->MiniportTimerFunction = TimerFunction;
  Timer->MiniportTimerContext = FunctionContext;
  Timer->Miniport = MiniportAdapterHandle;
  init5(Timer, TimerFunction, FunctionContext);
}

VOID NdisRt_NdisMSetTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondsToDelay,
                          const char *File, int Line) {
  (void)MillisecondsToDelay;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisMSetTimer", NULL, File, Line);
  arm5(Timer, "NdisMSetTimer", File, Line);
}

VOID NdisRt_NdisMSetPeriodicTimer(PNDIS_MINIPORT_TIMER Timer,
                                  UINT MillisecondPeriod, const char *File,
                                  int Line) {
  (void)MillisecondPeriod;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisMSetPeriodicTimer", NULL, File, Line);
  arm5(Timer, "NdisMSetPeriodicTimer", File, Line);
}

VOID NdisRt_NdisMCancelTimer(PNDIS_MINIPORT_TIMER Timer,
                             PBOOLEAN TimerCancelled, const char *File,
                             int Line) {
  BOOLEAN WasSet;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisMCancelTimer", NULL, File, Line);
  WasSet = set5(Timer, FALSE, "NdisMCancelTimer", File, Line);
  /* Cancelling a timer that was never set is allowed (TimerCancelled is then
     FALSE). */
  ndisrt_keyed_release(NdisRtFamTimer5, Timer, FALSE, "NdisMCancelTimer", File,
                       Line);
  if (TimerCancelled)
    *TimerCancelled = WasSet;
}

VOID NdisRt_NdisInitializeTimer(PNDIS_TIMER Timer,
                                PNDIS_TIMER_FUNCTION TimerFunction,
                                PVOID FunctionContext, const char *File,
                                int Line) {
  ndisrt_require_exact(PASSIVE_LEVEL, "NdisInitializeTimer", NULL, File, Line);
  init5(Timer, TimerFunction, FunctionContext);
}

VOID NdisRt_NdisSetTimer(PNDIS_TIMER Timer, UINT MillisecondsToDelay,
                         const char *File, int Line) {
  (void)MillisecondsToDelay;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisSetTimer", NULL, File, Line);
  set5(Timer, TRUE, "NdisSetTimer", File, Line);
}

VOID NdisRt_NdisCancelTimer(PNDIS_TIMER Timer, PBOOLEAN TimerCancelled,
                            const char *File, int Line) {
  BOOLEAN WasSet;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisCancelTimer", NULL, File, Line);
  WasSet = set5(Timer, FALSE, "NdisCancelTimer", File, Line);
  if (TimerCancelled)
    *TimerCancelled = WasSet;
}

/* ---- Firing -------------------------------------------------------------- */

typedef struct _FIRE {
  PNDIS_TIMER_FUNCTION Function;
  PVOID Timer;
  PVOID Context;
} FIRE;

static void fire_thunk(void *P) {
  FIRE *F = P;
  F->Function(F->Timer, F->Context, NULL, NULL);
}

unsigned NdisRt_FireTimers(void) {
  unsigned Fired = 0;
  /* Snapshot the counts: a timer function may create more timers. */
  size_t Objects = TimerObjectCount, Old = Timer5Count;
  for (size_t I = 0; I < Objects; ++I) {
    NDISRT_ALLOC *A = TimerObjects[I];
    TIMER_OBJECT *T = (TIMER_OBJECT *)A->Base;
    FIRE F;
    if (!A->Live || !T->Function)
      continue;
    F.Function = T->Function;
    F.Timer = A->Base;
    F.Context = T->Context;
    T->Set = FALSE;
    ndisrt_call_at(DISPATCH_LEVEL, "timer function", fire_thunk, &F);
    ++Fired;
  }
  for (size_t I = 0; I < Old && I < Timer5Count; ++I) {
    FIRE F;
    if (!Timers5[I].Function)
      continue;
    F.Function = Timers5[I].Function;
    F.Timer = Timers5[I].Timer;
    F.Context = Timers5[I].Context;
    Timers5[I].Set = FALSE;
    ndisrt_call_at(DISPATCH_LEVEL, "timer function", fire_thunk, &F);
    ++Fired;
  }
  return Fired;
}

void ndisrt_timers_reset(void) {
  Timer5Count = 0;
  TimerObjectCount = 0;
}
