/*
 * fault.c - fault injection, like Driver Verifier's low resources simulation.
 *
 * Every allocating DDI call is counted; the Nth one (NDISRT_FAIL_NTH=N or
 * NdisRt_SetFailNth) fails the documented way, so the driver's failure paths
 * run too. The harness's --walk-failures makes each allocation fail in turn.
 */
#include "ndisrt_internal.h"

#include <stdlib.h>

static unsigned long Count;
static unsigned long FailNth;
static const char *FailedDdi;
static const char *FailedFile;
static int FailedLine;

BOOLEAN ndisrt_fault_should_fail(const char *Ddi, const char *File, int Line) {
  ++Count;
  if (FailNth == 0 || Count != FailNth)
    return FALSE;
  FailedDdi = Ddi;
  FailedFile = File ? File : NDISRT_UNKNOWN_FILE;
  FailedLine = Line;
  return TRUE;
}

const char *ndisrt_fault_injected_ddi(void) { return FailedDdi; }

void NdisRt_SetFailNth(unsigned long N) { FailNth = N; }
unsigned long NdisRt_AllocationCount(void) { return Count; }

const char *NdisRt_InjectedFailureSite(int *Line) {
  if (Line)
    *Line = FailedLine;
  return FailedFile;
}

void ndisrt_fault_reset(void) {
  Count = 0;
  FailNth = 0;
  FailedDdi = NULL;
  FailedFile = NULL;
  FailedLine = 0;
}

__attribute__((constructor)) static void fault_init(void) {
  const char *Env = getenv("NDISRT_FAIL_NTH");
  if (Env && *Env)
    FailNth = strtoul(Env, NULL, 10);
}
