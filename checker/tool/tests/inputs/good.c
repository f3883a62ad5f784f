/* A driver function with one finding, analysed next to files that fail. */
#include <ndis.h>

VOID AllocateScratch(VOID) {
  PVOID Buffer;
  NdisAllocateMemoryWithTag(&Buffer, 64, 0); /* ndis-tag */
}
