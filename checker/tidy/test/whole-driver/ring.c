// See miniport.c: reached from MpSend, outside initialisation.
#include <ndis.h>

NDIS_PHYSICAL_ADDRESS MpHighest = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);
PVOID MpRing;

NDIS_STATUS MpGrowRing(void) {
  return NdisAllocateMemory(&MpRing, 4096, NDIS_MEMORY_CONTIGUOUS, MpHighest);
}
