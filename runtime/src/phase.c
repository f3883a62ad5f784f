/*
 * phase.c - which part of the driver's life is running.
 *
 * Some contracts depend on it: contiguous / noncached memory may only be
 * requested while the driver initialises (DriverEntry or
 * MiniportInitializeEx).
 */
#include "ndisrt_internal.h"

static NDISRT_PHASE Phase = NdisRtPhaseNone;

void NdisRt_SetPhase(NDISRT_PHASE P) { Phase = P; }
NDISRT_PHASE NdisRt_GetPhase(void) { return Phase; }

const char *NdisRt_PhaseName(NDISRT_PHASE P) {
  switch (P) {
  case NdisRtPhaseNone:
    return "none";
  case NdisRtPhaseDriverEntry:
    return "driver-entry";
  case NdisRtPhaseInitialize:
    return "initialize";
  case NdisRtPhaseRunning:
    return "running";
  case NdisRtPhaseHalt:
    return "halt";
  case NdisRtPhaseUnload:
    return "unload";
  }
  return "?";
}
