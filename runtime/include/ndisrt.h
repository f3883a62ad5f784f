/*
 * ndisrt.h - control API of the NdisCheck reference runtime.
 *
 * The DDIs themselves are declared by ndis.h. This header is for the harness
 * and for tests: it drives the simulated IRQL and driver phase, fault
 * injection, leak reporting, and exposes what the driver registered.
 */
#ifndef NDISRT_H
#define NDISRT_H

#include "ndis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* IRQL the harness uses for DIRQL callbacks (ISR, interrupt enable/disable,
   synchronize). Any value above DISPATCH_LEVEL would do. */
#define NDISRT_DIRQL 5

/* ---- Phase --------------------------------------------------------------- */

typedef enum _NDISRT_PHASE {
  NdisRtPhaseNone,
  NdisRtPhaseDriverEntry,
  NdisRtPhaseInitialize,
  NdisRtPhaseRunning,
  NdisRtPhaseHalt,
  NdisRtPhaseUnload
} NDISRT_PHASE;

void NdisRt_SetPhase(NDISRT_PHASE Phase);
NDISRT_PHASE NdisRt_GetPhase(void);
const char *NdisRt_PhaseName(NDISRT_PHASE Phase);

/* ---- IRQL (per thread) ----------------------------------------------------
 */

void NdisRt_SetIrql(KIRQL Irql);
KIRQL NdisRt_GetIrql(void);

/* Around a call into the driver: enter sets Irql and returns the IRQL to
   restore; leave notes a callback that returns at another IRQL than it was
   entered at, then restores Saved. */
KIRQL NdisRt_EnterCallback(KIRQL Irql);
void NdisRt_LeaveCallback(KIRQL Saved, KIRQL Irql, const char *What);

/* ---- Violations ------------------------------------------------------------
 */

/* Reported on stderr, one per line, deduplicated by rule + file + line:
     ndisrt: violation: RULE-ID at FILE:LINE: MESSAGE */
typedef void (*NDISRT_VIOLATION_HOOK)(const char *Rule, const char *File,
                                      int Line, const char *Message,
                                      void *Context);

void NdisRt_SetViolationHook(NDISRT_VIOLATION_HOOK Hook, void *Context);
unsigned NdisRt_ViolationCount(void);
unsigned NdisRt_RuleCount(const char *Rule);
/* Write violations and notes to Fd as tab-separated records
   "RULE\tFILE\tLINE\tMESSAGE\n" (rule "note" for notes) instead of stderr;
   -1 restores stderr. The failure walk's children use it with a pipe. */
void NdisRt_SetRecordFd(int Fd);
/* Report one such record here (deduplicated like any violation). */
void NdisRt_ReportRecord(const char *Record);
void NdisRt_PrintSummary(void);
/* "ndisrt: note: ..." - not a violation (e.g. a crash in a failure run). */
void NdisRt_Note(const char *Format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Don't print the summary at exit (child processes of the failure walk). */
void NdisRt_DisableExitSummary(void);

/* ---- Leaks -----------------------------------------------------------------
 */

/* Reports every live resource of a family the contract database tracks
   (memory, MDLs, buffers and buffer pools, shared memory, NET_BUFFER_LIST and
   packet pools, NET_BUFFER_LISTs and packets, timer objects and set NDIS 5
   timers, work items, lookaside lists, interrupt, DMA, map-register, I/O port
   and I/O space registrations) at its allocating call site: as
   ndis-halt-leak when initialisation kept it (NdisRt_MarkKept), as ndis-leak
   otherwise. Returns how many were live. */
unsigned NdisRt_ReportLeaks(void);
unsigned NdisRt_LiveAllocationCount(void);
/* Called when DriverEntry or an initialise handler (MiniportInitialize(Ex),
   FilterAttach, ProtocolBindAdapterEx) returned successfully: marks what
   DriverEntry and initialisation allocated and the driver kept - reachable
   from its global variables or registered contexts, or keyed to its own
   objects - as what halt or unload must release. Returns how many were
   marked. */
unsigned NdisRt_MarkKept(void);
/* Whether the driver's globals are known (ndisrt_add_driver links markers
   around the driver's objects); without them only registered contexts are
   roots. */
BOOLEAN NdisRt_DriverGlobalsKnown(void);

/* ---- Unchecked allocation failures ----------------------------------------
 */

/* Runs Function(Context). If it dereferences NULL (or an address just above
   it) after an allocation was made to fail (fault injection), the fault is
   caught: ndis-unchecked-failure is reported at the driver's source line of
   the faulting access when debug information tells it, else at the failed
   allocation's call site, the IRQL returns to PASSIVE_LEVEL and this returns
   TRUE; Function does not resume. Any other fault crashes as before. */
BOOLEAN NdisRt_RunGuarded(void (*Function)(void *), void *Context);

/* ---- Fault injection -------------------------------------------------------
 */

/* Make the Nth allocating DDI call (1-based, counting every allocating DDI)
   fail the documented way; 0 disables. NDISRT_FAIL_NTH sets it at start-up. */
void NdisRt_SetFailNth(unsigned long N);
unsigned long NdisRt_AllocationCount(void);
/* Call site of the allocation that was made to fail, or NULL. */
const char *NdisRt_InjectedFailureSite(int *Line);

/* ---- What the driver registered --------------------------------------------
 */

typedef enum _NDISRT_DRIVER_KIND {
  NdisRtDriverUnknown,
  NdisRtDriverMiniport6,
  NdisRtDriverMiniport5,
  NdisRtDriverFilter,
  NdisRtDriverProtocol
} NDISRT_DRIVER_KIND;

typedef struct _NDISRT_REGISTRATION {
  NDISRT_DRIVER_KIND Kind;
  BOOLEAN MiniportRegistered; /* NDIS 6 NdisMRegisterMiniportDriver */
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS Miniport;
  NDIS_HANDLE MiniportDriverContext;
  BOOLEAN Miniport5Registered; /* NDIS 5 NdisMRegisterMiniport */
  NDIS_MINIPORT_CHARACTERISTICS Miniport5;
  PDRIVER_UNLOAD Ndis5UnloadHandler;
  BOOLEAN FilterRegistered;
  NDIS_FILTER_DRIVER_CHARACTERISTICS Filter;
  NDIS_HANDLE FilterDriverContext;
  NDIS_HANDLE FilterModuleContext; /* from NdisFSetAttributes */
  BOOLEAN ProtocolRegistered;
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS Protocol;
  NDIS_HANDLE ProtocolDriverContext;
  /* From NdisMSetMiniportAttributes / NdisMSetAttributes(Ex). */
  NDIS_HANDLE MiniportAdapterContext;
  /* From NdisMRegisterInterruptEx. */
  BOOLEAN InterruptRegistered;
  NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Interrupt;
  NDIS_HANDLE MiniportInterruptContext;
  /* From NdisMRegisterInterrupt (NDIS 5). */
  BOOLEAN Interrupt5Registered;
} NDISRT_REGISTRATION;

NDISRT_REGISTRATION *NdisRt_Registration(void);

/* Timers (NDIS 6 timer objects and NDIS 5 timers) live at the time of the
   call: fire each once at DISPATCH_LEVEL. Returns how many fired. */
unsigned NdisRt_FireTimers(void);
/* Runs queued DPCs at DISPATCH_LEVEL and queued work items at PASSIVE_LEVEL
   until both queues are empty. Returns how many callbacks ran. */
unsigned NdisRt_DrainQueues(void);

/* Forget everything: allocations, registrations, counters, phase, IRQL.
   Memory handed out before is not released (tests only). */
void NdisRt_Reset(void);

#ifdef __cplusplus
}
#endif

#endif /* NDISRT_H */
