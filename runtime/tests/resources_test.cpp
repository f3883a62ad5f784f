// Where memory comes from (MDLs, buffers), DMA before shared memory, and the
// pairing of allocations with frees: leak, double free, wrong free,
// mismatched length / flags / tag.
#include "rt_fixture.h"

static UCHAR GlobalBuffer[64];

TEST_F(Runtime, MdlNeedsNonpagedMemory) {
  UCHAR Stack[64];
  void *Np = nonpaged(64);
  void *Pool =
      NdisRt_ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'gaTM', "t.c", 1);
  PMDL M1 = NdisRt_NdisAllocateMdl(nullptr, Np, 64, "t.c", 10);
  PMDL M2 = NdisRt_NdisAllocateMdl(nullptr, (UCHAR *)Np + 16, 16, "t.c", 11);
  PMDL M3 = NdisRt_NdisAllocateMdl(nullptr, Pool, 64, "t.c", 12);
  ASSERT_NE(M1, nullptr);
  EXPECT_EQ(M1->ByteCount, 64u);
  EXPECT_EQ(MmGetMdlVirtualAddress(M1), Np);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisAllocateMdl(nullptr, Stack, sizeof Stack, "t.c", 20);
  NdisRt_NdisAllocateMdl(nullptr, GlobalBuffer, sizeof GlobalBuffer, "t.c", 21);
  NdisRt_NdisAllocateMdl(nullptr, Np, 65, "t.c", 22); // runs past the block
  NdisRt_NdisFreeMemoryWithTagPriority(nullptr, Np, 'tseT', "t.c", 23);
  NdisRt_NdisAllocateMdl(nullptr, Np, 64, "t.c", 24); // freed memory
  for (int Line = 20; Line <= 24; ++Line)
    if (Line != 23)
      EXPECT_EQ(at("ndis-mdl-nonpaged", Line), 1) << "line " << Line << "\n"
                                                  << dump();
  // The message tells where the memory is.
  for (const Violation &V : Seen) {
    if (V.Line == 20)
      EXPECT_NE(V.Message.find("on the stack"), std::string::npos) << dump();
    if (V.Line == 21)
      EXPECT_NE(V.Message.find("global"), std::string::npos) << dump();
    if (V.Line == 24)
      EXPECT_NE(V.Message.find("freed by"), std::string::npos) << dump();
  }
  NdisRt_NdisFreeMdl(M1, "t.c", 30);
  NdisRt_NdisFreeMdl(M2, "t.c", 31);
  NdisRt_NdisFreeMdl(M3, "t.c", 32);
}

TEST_F(Runtime, MdlOverSharedMemoryIsFine) {
  NDIS_HANDLE Dma;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  PVOID Va = nullptr;
  NDIS_PHYSICAL_ADDRESS Pa;
  NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 1);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 256, FALSE, &Va, &Pa, "t.c", 2);
  ASSERT_NE(Va, nullptr);
  NdisRt_NdisAllocateMdl(nullptr, Va, 256, "t.c", 3);
  EXPECT_NO_VIOLATIONS();
}

TEST_F(Runtime, SharedMemoryNeedsDmaFirst) {
  NDIS_HANDLE Dma = nullptr, Alloc = nullptr;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  NDIS_DMA_DESCRIPTION Desc5 = {};
  NDIS_SHARED_MEMORY_PARAMETERS Params = {};
  PVOID Va = nullptr;
  NDIS_PHYSICAL_ADDRESS Pa;
  Params.Length = 128;
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, FALSE, &Va, &Pa, "t.c", 10);
  NdisRt_NdisAllocateSharedMemory(nullptr, &Params, &Alloc, "t.c", 11);
  EXPECT_EQ(at("ndis-shared-memory-before-dma", 10), 1) << dump();
  EXPECT_EQ(at("ndis-shared-memory-before-dma", 11), 1) << dump();

  ASSERT_EQ(
      NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 20),
      NDIS_STATUS_SUCCESS);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, FALSE, &Va, &Pa, "t.c", 21);
  ASSERT_EQ(
      NdisRt_NdisAllocateSharedMemory(nullptr, &Params, &Alloc, "t.c", 22),
      NDIS_STATUS_SUCCESS);
  EXPECT_EQ(Params.VirtualAddress, Alloc);
  EXPECT_EQ(count("ndis-shared-memory-before-dma"), 2) << dump();
  NdisRt_NdisFreeSharedMemory(nullptr, Alloc, "t.c", 23);
  NdisRt_NdisMFreeSharedMemory(nullptr, 64, FALSE, Va, Pa, "t.c", 24);
  NdisRt_NdisMDeregisterScatterGatherDma(Dma, "t.c", 25);

  // Deregistered again: shared memory is refused again. The NDIS 5 DMA
  // channel satisfies the precondition as well.
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, FALSE, &Va, &Pa, "t.c", 30);
  EXPECT_EQ(at("ndis-shared-memory-before-dma", 30), 1) << dump();
  NdisRt_NdisMRegisterDmaChannel(&Dma, nullptr, 0, TRUE, &Desc5, 4096, "t.c",
                                 31);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, FALSE, &Va, &Pa, "t.c", 32);
  EXPECT_EQ(at("ndis-shared-memory-before-dma", 32), 0) << dump();
}

TEST_F(Runtime, BufferNeedsPoolAndNonpagedMemory) {
  NDIS_STATUS Status;
  NDIS_HANDLE Pool = nullptr;
  PNDIS_BUFFER Buffer = nullptr;
  UCHAR Stack[32];
  PVOID Mem = nullptr;
  NdisRt_NdisAllocateMemoryWithTag(&Mem, 128, 'gaTM', "t.c", 1);
  NdisRt_NdisAllocateBufferPool(&Status, &Pool, 8, "t.c", 2);
  ASSERT_EQ(Status, NDIS_STATUS_SUCCESS);
  NdisRt_NdisAllocateBuffer(&Status, &Buffer, Pool, Mem, 64, "t.c", 3);
  ASSERT_EQ(Status, NDIS_STATUS_SUCCESS);
  ASSERT_NE(Buffer, nullptr);
  NdisRt_NdisFreeBuffer(Buffer, "t.c", 4);
  EXPECT_NO_VIOLATIONS();

  NdisRt_NdisAllocateBuffer(&Status, &Buffer, nullptr, Mem, 64, "t.c", 10);
  NdisRt_NdisAllocateBuffer(&Status, &Buffer, Mem, Mem, 64, "t.c", 11);
  NdisRt_NdisAllocateBuffer(&Status, &Buffer, Pool, Stack, 16, "t.c", 12);
  EXPECT_EQ(at("ndis-buffer-pool", 10), 1) << dump();
  EXPECT_EQ(at("ndis-buffer-pool", 11), 1) << dump();
  EXPECT_EQ(at("ndis-buffer-pool", 12), 1) << dump();
  NdisRt_NdisFreeBufferPool(Pool, "t.c", 13);
  NdisRt_NdisAllocateBuffer(&Status, &Buffer, Pool, Mem, 64, "t.c", 14);
  EXPECT_EQ(at("ndis-buffer-pool", 14), 1) << dump(); // freed pool
}

TEST_F(Runtime, LeakIsReportedAtTheAllocatingCall) {
  PVOID Kept = nullptr, Freed = nullptr;
  NDIS_HANDLE Timer = nullptr;
  NDIS_TIMER_CHARACTERISTICS Tc = {};
  NdisRt_NdisAllocateMemoryWithTag(&Kept, 16, 'gaTM', "t.c", 10);
  NdisRt_NdisAllocateMemoryWithTag(&Freed, 16, 'gaTM', "t.c", 11);
  PMDL Mdl = NdisRt_NdisAllocateMdl(nullptr, Kept, 16, "t.c", 12);
  NdisRt_NdisAllocateTimerObject(nullptr, &Tc, &Timer, "t.c", 13);
  NDIS_HANDLE Work = NdisRt_NdisAllocateIoWorkItem(nullptr, "t.c", 14);
  ASSERT_NE(Mdl, nullptr);
  ASSERT_NE(Work, nullptr);
  NdisRt_NdisFreeMemory(Freed, 16, 0, "t.c", 20);
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 4u);
  EXPECT_EQ(NdisRt_ReportLeaks(), 4u);
  for (int Line : {10, 12, 13, 14})
    EXPECT_EQ(at("ndis-leak", Line), 1) << "line " << Line << "\n" << dump();
  EXPECT_EQ(at("ndis-leak", 11), 0) << dump();
}

TEST_F(Runtime, DoubleFree) {
  PVOID P = nullptr;
  PMDL Mdl;
  NdisRt_NdisAllocateMemoryWithTag(&P, 16, 'gaTM', "t.c", 1);
  Mdl = NdisRt_NdisAllocateMdl(nullptr, P, 16, "t.c", 2);
  NdisRt_NdisFreeMdl(Mdl, "t.c", 10);
  NdisRt_NdisFreeMemory(P, 16, 0, "t.c", 11);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisFreeMdl(Mdl, "t.c", 12);
  NdisRt_NdisFreeMemory(P, 16, 0, "t.c", 13);
  EXPECT_EQ(at("ndis-double-free", 12), 1) << dump();
  EXPECT_EQ(at("ndis-double-free", 13), 1) << dump();
}

TEST_F(Runtime, WrongFree) {
  UCHAR Stack[16];
  PVOID P = nullptr, Q = nullptr;
  NDIS_STATUS Status;
  NDIS_HANDLE Pool;
  PNDIS_BUFFER Buffer;
  NdisRt_NdisAllocateMemoryWithTag(&P, 16, 'gaTM', "t.c", 1);
  NdisRt_NdisAllocateMemoryWithTag(&Q, 16, 'gaTM', "t.c", 2);
  NdisRt_NdisAllocateBufferPool(&Status, &Pool, 4, "t.c", 3);
  NdisRt_NdisAllocateBuffer(&Status, &Buffer, Pool, Q, 16, "t.c", 4);
  // Right pairs.
  NdisRt_IoFreeMdl(Buffer, "t.c", 5); // what NDIS 6's NdisFreeBuffer becomes
  NdisRt_NdisFreeMemory(Q, 16, 0, "t.c", 6);
  EXPECT_NO_VIOLATIONS();
  // Wrong: another family, the stack, an interior pointer, NULL.
  NdisRt_ExFreePool(P, "t.c", 10);
  NdisRt_NdisFreeMemory(Stack, sizeof Stack, 0, "t.c", 11);
  NdisRt_NdisAllocateMemoryWithTag(&P, 16, 'gaTM', "t.c", 12);
  NdisRt_NdisFreeMemory((UCHAR *)P + 4, 12, 0, "t.c", 13);
  NdisRt_NdisFreeMemory(nullptr, 16, 0, "t.c", 14);
  NdisRt_NdisFreeMdl((PMDL)P, "t.c", 15);
  for (int Line : {10, 11, 13, 14, 15})
    EXPECT_EQ(at("ndis-wrong-free", Line), 1) << "line " << Line << "\n"
                                              << dump();
  // A wrong free counts as a free: no leak on top of it.
  NdisRt_ReportLeaks();
  EXPECT_EQ(at("ndis-leak", 1), 0) << dump();
}

TEST_F(Runtime, FreeMismatch) {
  PVOID A = nullptr, B = nullptr, C = nullptr, D = nullptr, E = nullptr,
        F = nullptr;
  PVOID Va = nullptr;
  NDIS_PHYSICAL_ADDRESS Pa;
  NDIS_HANDLE Dma;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  NdisRt_NdisAllocateMemory(&A, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c", 1);
  NdisRt_NdisAllocateMemory(&B, 64, 0, highest(), "t.c", 2);
  NdisRt_NdisAllocateMemoryWithTag(&C, 64, 'gaTM', "t.c", 3);
  D = NdisRt_NdisAllocateMemoryWithTagPriority(nullptr, 64, 'gaTM',
                                               NormalPoolPriority, "t.c", 4);
  E = NdisRt_NdisAllocateMemoryWithTagPriority(nullptr, 64, 'gaTM',
                                               NormalPoolPriority, "t.c", 5);
  NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 6);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, TRUE, &Va, &Pa, "t.c", 7);
  NdisRt_NdisAllocateMemory(&F, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c", 8);
  // Wrong: other flags, WithTagPriority's free of WithTag memory, another
  // tag, other Cached, another length of noncached memory.
  NdisRt_NdisFreeMemory(A, 64, 0, "t.c", 10);
  NdisRt_NdisFreeMemoryWithTagPriority(nullptr, C, 'gaTM', "t.c", 12);
  NdisRt_NdisFreeMemoryWithTagPriority(nullptr, D, 'xxxx', "t.c", 13);
  NdisRt_NdisMFreeSharedMemory(nullptr, 64, FALSE, Va, Pa, "t.c", 14);
  NdisRt_NdisFreeMemory(F, 32, NDIS_MEMORY_NONCACHED, "t.c", 15);
  for (int Line : {10, 12, 13, 14, 15})
    EXPECT_EQ(at("ndis-free-mismatch", Line), 1) << "line " << Line << "\n"
                                                 << dump();
  // Right: "If the memory was allocated with
  // NdisAllocateMemoryWithTagPriority or the MemoryFlags parameter is zero,
  // this parameter [Length] is ignored." NdisFreeMemory with flags 0 also
  // frees WithTagPriority memory.
  NdisRt_NdisFreeMemory(B, 32, 0, "t.c", 11);
  NdisRt_NdisFreeMemory(E, 1, 0, "t.c", 20);
  EXPECT_EQ(at("ndis-free-mismatch", 11), 0) << dump();
  EXPECT_EQ(at("ndis-free-mismatch", 20), 0) << dump();
  NdisRt_NdisMDeregisterScatterGatherDma(Dma, "t.c", 21);
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 0u);
}

TEST_F(Runtime, TimersDpcsAndWorkItemsRunAtTheirIrql) {
  static KIRQL TimerIrql, DpcIrql, WorkIrql;
  NDIS_TIMER_CHARACTERISTICS Tc = {};
  NDIS_HANDLE Timer = nullptr;
  KDPC Dpc;
  Tc.TimerFunction = [](PVOID, PVOID, PVOID, PVOID) {
    TimerIrql = NdisRt_GetIrql();
  };
  NdisRt_NdisAllocateTimerObject(nullptr, &Tc, &Timer, "t.c", 1);
  NdisRt_KeInitializeDpc(
      &Dpc, [](PKDPC, PVOID, PVOID, PVOID) { DpcIrql = NdisRt_GetIrql(); },
      nullptr, "t.c", 2);
  NDIS_HANDLE Work = NdisRt_NdisAllocateIoWorkItem(nullptr, "t.c", 3);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  EXPECT_TRUE(NdisRt_KeInsertQueueDpc(&Dpc, nullptr, nullptr, "t.c", 4));
  EXPECT_FALSE(NdisRt_KeInsertQueueDpc(&Dpc, nullptr, nullptr, "t.c", 4));
  NdisRt_NdisQueueIoWorkItem(
      Work, [](PVOID, NDIS_HANDLE) { WorkIrql = NdisRt_GetIrql(); }, nullptr,
      "t.c", 5);
  NdisRt_SetIrql(PASSIVE_LEVEL);
  TimerIrql = DpcIrql = WorkIrql = 0xff;
  EXPECT_EQ(NdisRt_FireTimers(), 1u);
  EXPECT_EQ(NdisRt_DrainQueues(), 2u);
  EXPECT_EQ(TimerIrql, DISPATCH_LEVEL);
  EXPECT_EQ(DpcIrql, DISPATCH_LEVEL);
  EXPECT_EQ(WorkIrql, PASSIVE_LEVEL);
  NdisRt_NdisFreeIoWorkItem(Work, "t.c", 6);
  NdisRt_NdisFreeTimerObject(Timer, "t.c", 7);
  EXPECT_NO_VIOLATIONS();
}
