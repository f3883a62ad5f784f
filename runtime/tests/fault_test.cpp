// Fault injection: the Nth allocating DDI fails the documented way.
#include "rt_fixture.h"

TEST_F(Runtime, EveryAllocatingDdiFailsTheDocumentedWay) {
  NDIS_STATUS Status;
  NDIS_HANDLE Handle = &Status;
  PVOID P = &Status;
  PNDIS_BUFFER Buffer;
  NDIS_PHYSICAL_ADDRESS Pa;
  NDIS_SHARED_MEMORY_PARAMETERS Params = {};
  NDIS_TIMER_CHARACTERISTICS Tc = {};
  NDIS_HANDLE Dma;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  void *Mem = nonpaged(64); // allocation 1
  NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 1);
  Params.Length = 64;
  unsigned long N = NdisRt_AllocationCount();

  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateMemory(&P, 8, 0, highest(), "t.c", 10),
            NDIS_STATUS_FAILURE);
  EXPECT_EQ(P, nullptr);
  NdisRt_SetFailNth(++N);
  P = &Status;
  EXPECT_EQ(NdisRt_NdisAllocateMemoryWithTag(&P, 8, 'gaTM', "t.c", 11),
            NDIS_STATUS_FAILURE);
  EXPECT_EQ(P, nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateMemoryWithTagPriority(
                nullptr, 8, 'gaTM', NormalPoolPriority, "t.c", 12),
            nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_ExAllocatePool2(POOL_FLAG_NON_PAGED, 8, 'gaTM', "t.c", 13),
            nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateMdl(nullptr, Mem, 8, "t.c", 14), nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(
      NdisRt_NdisAllocateSharedMemory(nullptr, &Params, &Handle, "t.c", 15),
      NDIS_STATUS_RESOURCES);
  EXPECT_EQ(Handle, nullptr);
  NdisRt_SetFailNth(++N);
  P = &Status;
  NdisRt_NdisMAllocateSharedMemory(nullptr, 8, FALSE, &P, &Pa, "t.c", 16);
  EXPECT_EQ(P, nullptr);
  NdisRt_SetFailNth(++N);
  NdisRt_NdisAllocateBufferPool(&Status, &Handle, 4, "t.c", 17);
  EXPECT_EQ(Status, NDIS_STATUS_RESOURCES);
  NdisRt_SetFailNth(0);
  ++N;
  NdisRt_NdisAllocateBufferPool(&Status, &Handle, 4, "t.c", 18);
  NdisRt_SetFailNth(++N);
  NdisRt_NdisAllocateBuffer(&Status, &Buffer, Handle, Mem, 8, "t.c", 19);
  EXPECT_EQ(Status, NDIS_STATUS_FAILURE);
  EXPECT_EQ(Buffer, nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateTimerObject(nullptr, &Tc, &Handle, "t.c", 20),
            NDIS_STATUS_RESOURCES);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateIoWorkItem(nullptr, "t.c", 21), nullptr);
  EXPECT_EQ(NdisRt_AllocationCount(), N);
  int Line = 0;
  EXPECT_STREQ(NdisRt_InjectedFailureSite(&Line), "t.c");
  EXPECT_EQ(Line, 21);
  EXPECT_NO_VIOLATIONS();
}

// A driver-like helper with a failure branch: the branch only runs when the
// allocation fails, and it has a bug there (frees what it never got).
static NDIS_STATUS setup(PVOID *Ring, PVOID *Stats) {
  NDIS_STATUS Status =
      NdisRt_NdisAllocateMemoryWithTag(Ring, 64, 'gaTM', "t.c", 10);
  if (Status != NDIS_STATUS_SUCCESS)
    return Status;
  Status = NdisRt_NdisAllocateMemoryWithTag(Stats, 64, 'gaTM', "t.c", 11);
  if (Status != NDIS_STATUS_SUCCESS) {
    NdisRt_NdisFreeMemory(*Ring, 64, 0, "t.c", 12);
    NdisRt_NdisFreeMemory(*Stats, 64, 0, "t.c", 13); // bug: *Stats is NULL
  }
  return Status;
}

TEST_F(Runtime, FaultInjectionReachesTheFailureBranch) {
  PVOID Ring = nullptr, Stats = nullptr;
  ASSERT_EQ(setup(&Ring, &Stats), NDIS_STATUS_SUCCESS);
  EXPECT_NO_VIOLATIONS();
  NdisRt_Reset();
  NdisRt_SetViolationHook(&Runtime::hook, this);
  NdisRt_SetFailNth(2);
  EXPECT_EQ(setup(&Ring, &Stats), NDIS_STATUS_FAILURE);
  EXPECT_EQ(at("ndis-wrong-free", 13), 1) << dump();
  EXPECT_EQ(at("ndis-wrong-free", 12), 0) << dump();
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 0u);
}
