/*
 * mdl-nonpaged/field-other-file, rx side: builds MDLs over the adapter's
 * buffers. What the fields point to is decided in init.c, so only the
 * whole driver shows which MDLs are wrong.
 *
 * NdisAllocateMdl: "The VirtualAddress parameter for NdisAllocateMdl only
 * accepts memory from the nonpaged pool. In particular, it should not be
 * used with memory from the stack, paged pool, driver global data, or other
 * memory regions."
 */
#define NDIS60_MINIPORT 1
#include <ndis.h>

#include "adapter.h"

static VOID MpFreeIfAny(PMDL Mdl) {
  if (Mdl != NULL)
    NdisFreeMdl(Mdl);
}

VOID MpDescribeFields(PMP_ADAPTER Adapter) {
  /* Wrong: MpProbe's stack array. */
  MpFreeIfAny(NdisAllocateMdl(Adapter->AdapterHandle, Adapter->StackFrame, MP_FRAME_SIZE)); // expect: ndis-mdl-nonpaged
  /* Wrong: the address of MpProbe's local. */
  MpFreeIfAny(NdisAllocateMdl(Adapter->AdapterHandle, Adapter->Counter, sizeof(ULONG))); // expect: ndis-mdl-nonpaged
  /* Wrong: driver global data. */
  MpFreeIfAny(NdisAllocateMdl(Adapter->AdapterHandle, Adapter->GlobalFrame, MP_FRAME_SIZE)); // expect: ndis-mdl-nonpaged
  /* Wrong: a string literal. */
  MpFreeIfAny(NdisAllocateMdl(Adapter->AdapterHandle, Adapter->Banner, 8)); // expect: ndis-mdl-nonpaged
  /* Wrong: paged pool. */
  MpFreeIfAny(NdisAllocateMdl(Adapter->AdapterHandle, Adapter->PagedArea, MP_FRAME_SIZE)); // expect: ndis-mdl-nonpaged
  /* Right: NdisAllocateMemoryWithTagPriority memory. */
  MpFreeIfAny(NdisAllocateMdl(Adapter->AdapterHandle, Adapter->RxBuffer, MP_FRAME_SIZE));
}
