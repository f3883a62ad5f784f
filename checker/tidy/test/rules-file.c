/* rules-file.c - under a spin lock (DISPATCH_LEVEL), NdisAllocateMemoryWithTag
   is allowed by the built-in database (IRQL <= DISPATCH_LEVEL). The test's
   custom database says PASSIVE_LEVEL; with the RulesFile option the plugin
   reports what `ndis-check --rules` reports. */
#include <ndis.h>

NDIS_SPIN_LOCK ScratchLock;

VOID Scratch(VOID) {
  PVOID Buffer;
  NdisAcquireSpinLock(&ScratchLock);
  if (NdisAllocateMemoryWithTag(&Buffer, 64, 'tseT') == NDIS_STATUS_SUCCESS)
    NdisFreeMemory(Buffer, 64, 0);
  NdisReleaseSpinLock(&ScratchLock);
}
