/*
 * reset.c - NdisRt_Reset: back to a fresh process, for tests that run many
 * scenarios in one process.
 */
#include "ndisrt_internal.h"

void NdisRt_Reset(void) {
  ndisrt_timers_reset(); /* holds pool records: before the pool */
  ndisrt_queues_reset();
  ndisrt_pool_reset();
  ndisrt_dma_reset();
  ndisrt_registration_reset();
  ndisrt_fault_reset();
  ndisrt_report_reset();
  ndisrt_irql_reset();
  NdisRt_SetPhase(NdisRtPhaseNone);
}
