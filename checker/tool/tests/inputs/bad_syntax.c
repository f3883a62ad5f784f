#include <ndis.h>

VOID Broken(VOID) {
  PVOID Buffer
  NdisAllocateMemoryWithTag(&Buffer, 64, 'gaTM');
}
