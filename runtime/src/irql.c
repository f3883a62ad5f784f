/*
 * irql.c - the simulated IRQL of each thread, and KeRaiseIrql & co.
 *
 * A driver running in user mode has no IRQL; the runtime keeps one per
 * thread, changed only by the DDIs that change it on Windows (spin locks,
 * KeRaiseIrql / KeLowerIrql) and by the harness entering a callback.
 */
#include "ndisrt_internal.h"

#include <stdio.h>

static _Thread_local KIRQL CurrentIrql = PASSIVE_LEVEL;

void NdisRt_SetIrql(KIRQL Irql) { CurrentIrql = Irql; }
KIRQL NdisRt_GetIrql(void) { return CurrentIrql; }
void ndisrt_irql_reset(void) { CurrentIrql = PASSIVE_LEVEL; }

const char *ndisrt_irql_name(KIRQL Irql) {
  static _Thread_local char Buf[4][24];
  static _Thread_local int Next;
  char *B;
  switch (Irql) {
  case PASSIVE_LEVEL:
    return "PASSIVE_LEVEL";
  case APC_LEVEL:
    return "APC_LEVEL";
  case DISPATCH_LEVEL:
    return "DISPATCH_LEVEL";
  case HIGH_LEVEL:
    return "HIGH_LEVEL";
  default:
    B = Buf[Next++ & 3];
    snprintf(B, sizeof Buf[0], "DIRQL %u", (unsigned)Irql);
    return B;
  }
}

static void irql_violation(const char *Ddi, const char *Need, KIRQL Limit,
                           const char *Why, const char *File, int Line) {
  ndisrt_violation("ndis-irql", File, Line,
                   "%s called at %s; it requires IRQL %s %s%s%s", Ddi,
                   ndisrt_irql_name(CurrentIrql), Need, ndisrt_irql_name(Limit),
                   Why ? " " : "", Why ? Why : "");
}

BOOLEAN ndisrt_require_max(KIRQL Max, const char *Ddi, const char *Why,
                           const char *File, int Line) {
  if (CurrentIrql <= Max)
    return TRUE;
  irql_violation(Ddi, "<=", Max, Why, File, Line);
  return FALSE;
}

BOOLEAN ndisrt_require_min(KIRQL Min, const char *Ddi, const char *Why,
                           const char *File, int Line) {
  if (CurrentIrql >= Min)
    return TRUE;
  irql_violation(Ddi, ">=", Min, Why, File, Line);
  return FALSE;
}

BOOLEAN ndisrt_require_exact(KIRQL Irql, const char *Ddi, const char *Why,
                             const char *File, int Line) {
  if (CurrentIrql == Irql)
    return TRUE;
  irql_violation(Ddi, "==", Irql, Why, File, Line);
  return FALSE;
}

KIRQL NdisRt_KeGetCurrentIrql(const char *File, int Line) {
  (void)File;
  (void)Line;
  return CurrentIrql;
}

/* Raising to a lower IRQL bugchecks (IRQL_NOT_GREATER_OR_EQUAL). */
static void raise_to(KIRQL NewIrql, const char *Ddi, const char *File,
                     int Line) {
  if (NewIrql < CurrentIrql)
    ndisrt_violation("ndis-irql", File, Line, "%s to %s while at the higher %s",
                     Ddi, ndisrt_irql_name(NewIrql),
                     ndisrt_irql_name(CurrentIrql));
  CurrentIrql = NewIrql;
}

VOID NdisRt_KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql, const char *File,
                        int Line) {
  KIRQL Old = CurrentIrql;
  raise_to(NewIrql, "KeRaiseIrql", File, Line);
  if (OldIrql)
    *OldIrql = Old;
}

KIRQL NdisRt_KfRaiseIrql(KIRQL NewIrql, const char *File, int Line) {
  KIRQL Old = CurrentIrql;
  raise_to(NewIrql, "KfRaiseIrql", File, Line);
  return Old;
}

KIRQL NdisRt_KeRaiseIrqlToDpcLevel(const char *File, int Line) {
  KIRQL Old = CurrentIrql;
  ndisrt_require_max(DISPATCH_LEVEL, "KeRaiseIrqlToDpcLevel", NULL, File, Line);
  raise_to(DISPATCH_LEVEL, "KeRaiseIrqlToDpcLevel", File, Line);
  return Old;
}

/* Lowering to a higher IRQL bugchecks (IRQL_NOT_LESS_OR_EQUAL). */
VOID NdisRt_KeLowerIrql(KIRQL NewIrql, const char *File, int Line) {
  if (NewIrql > CurrentIrql)
    ndisrt_violation("ndis-irql", File, Line,
                     "KeLowerIrql to %s while at the lower %s",
                     ndisrt_irql_name(NewIrql), ndisrt_irql_name(CurrentIrql));
  CurrentIrql = NewIrql;
}

KIRQL NdisRt_EnterCallback(KIRQL Irql) {
  KIRQL Saved = CurrentIrql;
  CurrentIrql = Irql;
  return Saved;
}

void NdisRt_LeaveCallback(KIRQL Saved, KIRQL Irql, const char *What) {
  /* _IRQL_requires_same_: a callback returns at the IRQL it was entered at. */
  if (CurrentIrql != Irql)
    ndisrt_note("%s returned at %s but was called at %s", What,
                ndisrt_irql_name(CurrentIrql), ndisrt_irql_name(Irql));
  CurrentIrql = Saved;
}

void ndisrt_call_at(KIRQL Irql, const char *What, void (*Thunk)(void *),
                    void *Context) {
  KIRQL Saved = NdisRt_EnterCallback(Irql);
  Thunk(Context);
  NdisRt_LeaveCallback(Saved, Irql, What);
}
