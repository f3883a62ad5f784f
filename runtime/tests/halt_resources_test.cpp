// The resources halt must release (rules/ndis-contracts.json "allocates" /
// "frees"): NET_BUFFER_LIST and packet pools, NET_BUFFER_LISTs and packets,
// lookaside lists, set NDIS 5 timers, interrupt, DMA, map-register and I/O
// registrations; and what tells ndis-halt-leak from ndis-leak.
#include "rt_fixture.h"

namespace {

// An adapter context the way drivers keep one: resources in its fields.
struct Adapter {
  NDIS_HANDLE NblPool;
  PVOID Ring;
  PVOID Nested; // a block pointing to another
};

} // namespace

TEST_F(Runtime, NetBufferListPools) {
  NET_BUFFER_LIST_POOL_PARAMETERS P = {};
  P.fAllocateNetBuffer = TRUE;
  NDIS_HANDLE Pool =
      NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 1);
  ASSERT_NE(Pool, nullptr);
  PNET_BUFFER_LIST A = NdisRt_NdisAllocateNetBufferList(Pool, 0, 0, "t.c", 2);
  PNET_BUFFER_LIST B = NdisRt_NdisAllocateNetBufferAndNetBufferList(
      Pool, 0, 0, nullptr, 0, 0, "t.c", 3);
  ASSERT_NE(A, nullptr);
  ASSERT_NE(B, nullptr);
  EXPECT_NE(A->FirstNetBuffer, nullptr); // fAllocateNetBuffer
  EXPECT_EQ(A->NdisPoolHandle, Pool);
  NdisRt_NdisFreeNetBufferList(A, "t.c", 4);
  NdisRt_NdisFreeNetBufferList(B, "t.c", 5);
  NdisRt_NdisFreeNetBufferList(B, "t.c", 6);     // wrong: twice
  NdisRt_NdisFreeNetBufferListPool(B, "t.c", 7); // wrong: not a pool
  NdisRt_NdisFreeNetBufferListPool(Pool, "t.c", 8);
  EXPECT_EQ(at("ndis-double-free", 6), 1) << dump();
  EXPECT_EQ(at("ndis-double-free", 7), 1) << dump();
  EXPECT_EQ(Seen.size(), 2u) << dump();
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 0u);

  // At DIRQL: <= DISPATCH_LEVEL.
  NdisRt_SetIrql(NDISRT_DIRQL);
  Pool = NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 9);
  NdisRt_SetIrql(PASSIVE_LEVEL);
  EXPECT_EQ(at("ndis-irql", 9), 1) << dump();
  // A pool never freed is leaked at its allocation.
  NdisRt_ReportLeaks();
  EXPECT_EQ(at("ndis-leak", 9), 1) << dump();
}

TEST_F(Runtime, PacketPoolsAndPackets) {
  NDIS_STATUS Status;
  NDIS_HANDLE Pool;
  PNDIS_PACKET Packet;
  NdisRt_NdisAllocatePacketPoolEx(&Status, &Pool, 4, 4, 16, "t.c", 1);
  ASSERT_EQ(Status, NDIS_STATUS_SUCCESS);
  NdisRt_NdisAllocatePacket(&Status, &Packet, Pool, "t.c", 2);
  ASSERT_EQ(Status, NDIS_STATUS_SUCCESS);
  NdisRt_NdisFreePacketPool(Packet, "t.c", 3); // wrong: a packet
  NdisRt_NdisAllocatePacket(&Status, &Packet, Pool, "t.c", 4);
  NdisRt_NdisFreePacket(Packet, "t.c", 5);
  NdisRt_NdisFreePacketPool(Pool, "t.c", 6);
  EXPECT_EQ(at("ndis-wrong-free", 3), 1) << dump();
  EXPECT_EQ(Seen.size(), 1u) << dump();
  NdisRt_NdisAllocatePacketPool(&Status, &Pool, 4, 16, "t.c", 7);
  NdisRt_ReportLeaks();
  EXPECT_EQ(at("ndis-leak", 7), 1) << dump();
  EXPECT_EQ(count("ndis-leak"), 1) << dump();
}

TEST_F(Runtime, LookasideListsAreKeyedByTheirHead) {
  NPAGED_LOOKASIDE_LIST L1, L2;
  NdisRt_NdisInitializeNPagedLookasideList(&L1, nullptr, nullptr, 0, 64, 'tseT',
                                           0, "t.c", 1);
  PVOID E = NdisRt_NdisAllocateFromNPagedLookasideList(&L1, "t.c", 2);
  ASSERT_NE(E, nullptr);
  // Entries are nonpaged memory: an MDL may describe them.
  PMDL Mdl = NdisRt_NdisAllocateMdl(nullptr, E, 64, "t.c", 3);
  NdisRt_NdisFreeMdl(Mdl, "t.c", 4);
  NdisRt_NdisFreeToNPagedLookasideList(&L1, E, "t.c", 5);
  NdisRt_NdisDeleteNPagedLookasideList(&L1, "t.c", 6);
  NdisRt_NdisDeleteNPagedLookasideList(&L1, "t.c", 7); // wrong: twice
  NdisRt_NdisDeleteNPagedLookasideList(&L2, "t.c", 8); // wrong: never made
  EXPECT_EQ(at("ndis-double-free", 7), 1) << dump();
  EXPECT_EQ(at("ndis-wrong-free", 8), 1) << dump();
  EXPECT_EQ(Seen.size(), 2u) << dump();
  NdisRt_NdisInitializeNPagedLookasideList(&L2, nullptr, nullptr, 0, 64, 'tseT',
                                           0, "t.c", 9);
  NdisRt_ReportLeaks();
  EXPECT_EQ(at("ndis-leak", 9), 1) << dump();
}

TEST_F(Runtime, IoPortRangesMatchAtTheirRelease) {
  PVOID Ports, Other;
  ASSERT_EQ(
      NdisRt_NdisMRegisterIoPortRange(&Ports, nullptr, 0x300, 16, "t.c", 1),
      NDIS_STATUS_SUCCESS);
  ASSERT_EQ(
      NdisRt_NdisMRegisterIoPortRange(&Other, nullptr, 0x400, 8, "t.c", 2),
      NDIS_STATUS_SUCCESS);
  NdisRt_NdisMDeregisterIoPortRange(nullptr, 0x300, 8, Ports, "t.c", 3);
  NdisRt_NdisMDeregisterIoPortRange(nullptr, 0x400, 8, Other, "t.c", 4);
  EXPECT_EQ(at("ndis-free-mismatch", 3), 1) << dump();
  EXPECT_EQ(Seen.size(), 1u) << dump();
  PVOID Va;
  NdisRt_NdisMMapIoSpace(&Va, nullptr, NDIS_PHYSICAL_ADDRESS{}, 32, "t.c", 5);
  NdisRt_NdisMUnmapIoSpace(nullptr, Va, 16, "t.c", 6);
  EXPECT_EQ(at("ndis-free-mismatch", 6), 1) << dump();
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 0u);
}

TEST_F(Runtime, Ndis5DmaSetUpComesBeforeSharedMemory) {
  static char AdapterHandle;
  PVOID Va;
  NDIS_PHYSICAL_ADDRESS Pa;
  // Map registers, keyed by the adapter handle, register DMA.
  EXPECT_EQ(NdisRt_NdisMAllocateMapRegisters(&AdapterHandle, 0, NDIS_DMA_32BITS,
                                             4, 1514, "t.c", 1),
            NDIS_STATUS_SUCCESS);
  NdisRt_NdisMAllocateSharedMemory(&AdapterHandle, 64, FALSE, &Va, &Pa, "t.c",
                                   2);
  NdisRt_NdisMFreeSharedMemory(&AdapterHandle, 64, FALSE, Va, Pa, "t.c", 3);
  NdisRt_NdisMFreeMapRegisters(&AdapterHandle, "t.c", 4);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisMFreeMapRegisters(&AdapterHandle, "t.c", 5); // wrong: twice
  EXPECT_EQ(at("ndis-double-free", 5), 1) << dump();
  // Freed: shared memory needs DMA set up again.
  NdisRt_NdisMAllocateSharedMemory(&AdapterHandle, 64, FALSE, &Va, &Pa, "t.c",
                                   6);
  EXPECT_EQ(at("ndis-shared-memory-before-dma", 6), 1) << dump();
  NdisRt_NdisMFreeSharedMemory(&AdapterHandle, 64, FALSE, Va, Pa, "t.c", 7);
  // NDIS 5 scatter/gather DMA has nothing to release.
  EXPECT_EQ(NdisRt_NdisMInitializeScatterGatherDma(&AdapterHandle, FALSE, 1514,
                                                   "t.c", 8),
            NDIS_STATUS_SUCCESS);
  NdisRt_NdisMAllocateSharedMemory(&AdapterHandle, 64, FALSE, &Va, &Pa, "t.c",
                                   9);
  EXPECT_EQ(at("ndis-shared-memory-before-dma", 9), 0) << dump();
  NdisRt_NdisMFreeSharedMemory(&AdapterHandle, 64, FALSE, Va, Pa, "t.c", 10);
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 0u);
}

TEST_F(Runtime, SharedMemoryIsFreedUpToDispatch) {
  NDIS_HANDLE Dma;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  PVOID A, B;
  NDIS_PHYSICAL_ADDRESS Pa;
  NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 1);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, TRUE, &A, &Pa, "t.c", 2);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, TRUE, &B, &Pa, "t.c", 3);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisMFreeSharedMemory(nullptr, 64, TRUE, A, Pa, "t.c", 4);
  NdisRt_SetIrql(NDISRT_DIRQL);
  NdisRt_NdisMFreeSharedMemory(nullptr, 64, TRUE, B, Pa, "t.c", 5);
  NdisRt_SetIrql(PASSIVE_LEVEL);
  NdisRt_NdisMDeregisterScatterGatherDma(Dma, "t.c", 6);
  EXPECT_EQ(at("ndis-irql", 4), 0) << dump();
  EXPECT_EQ(at("ndis-irql", 5), 1) << dump();
  EXPECT_EQ(Seen.size(), 1u) << dump();
}

TEST_F(Runtime, Ndis5TimersMustBeCancelledOnceSet) {
  NDIS_MINIPORT_TIMER Set, Unset, Twice;
  BOOLEAN Cancelled;
  auto Fn = [](PVOID, PVOID, PVOID, PVOID) {};
  for (PNDIS_MINIPORT_TIMER T : {&Set, &Unset, &Twice})
    NdisRt_NdisMInitializeTimer(T, nullptr, Fn, nullptr, "t.c", 1);
  NdisRt_NdisMSetTimer(&Set, 10, "t.c", 2);
  NdisRt_NdisMSetPeriodicTimer(&Twice, 10, "t.c", 3);
  NdisRt_NdisMSetTimer(&Twice, 10, "t.c", 4); // the same resource
  NdisRt_FireTimers();                        // fired, maybe not dequeued
  NdisRt_NdisMCancelTimer(&Unset, &Cancelled, "t.c", 5); // allowed
  EXPECT_FALSE(Cancelled);
  NdisRt_NdisMCancelTimer(&Twice, &Cancelled, "t.c", 6);
  NdisRt_ReportLeaks();
  EXPECT_EQ(at("ndis-leak", 2), 1) << dump();
  EXPECT_EQ(Seen.size(), 1u) << dump();
}

TEST_F(Runtime, InterruptRegistrations) {
  NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Ic = {};
  NDIS_MINIPORT_INTERRUPT I5;
  NDIS_HANDLE I6;
  Ic.Header.Size = sizeof Ic;
  ASSERT_EQ(
      NdisRt_NdisMRegisterInterruptEx(nullptr, nullptr, &Ic, &I6, "t.c", 1),
      NDIS_STATUS_SUCCESS);
  EXPECT_TRUE(NdisRt_Registration()->InterruptRegistered);
  NdisRt_NdisMDeregisterInterruptEx(I6, "t.c", 2);
  EXPECT_FALSE(NdisRt_Registration()->InterruptRegistered);
  NdisRt_NdisMDeregisterInterruptEx(I6, "t.c", 3); // wrong: twice
  ASSERT_EQ(NdisRt_NdisMRegisterInterrupt(&I5, nullptr, 9, 9, TRUE, FALSE,
                                          NdisInterruptLevelSensitive, "t.c",
                                          4),
            NDIS_STATUS_SUCCESS);
  NdisRt_NdisMDeregisterInterrupt(&I5, "t.c", 5);
  NdisRt_NdisMDeregisterInterrupt(&I5, "t.c", 6); // wrong: twice
  EXPECT_EQ(at("ndis-double-free", 3), 1) << dump();
  EXPECT_EQ(at("ndis-double-free", 6), 1) << dump();
  EXPECT_EQ(Seen.size(), 2u) << dump();
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 0u);
}

TEST_F(Runtime, NewAllocatingDdisFailTheDocumentedWay) {
  static char AdapterHandle;
  NET_BUFFER_LIST_POOL_PARAMETERS P = {};
  NDIS_STATUS Status;
  NDIS_HANDLE Pool = &Status, Packets, NblPool;
  PNDIS_PACKET Packet = (PNDIS_PACKET)&Status;
  PVOID Ports = &Status;
  NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Ic = {};
  NDIS_MINIPORT_INTERRUPT I5;
  NDIS_HANDLE I6 = &Status, Dma = &Status;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  NdisRt_NdisAllocatePacketPool(&Status, &Packets, 4, 0, "t.c", 1);
  NblPool = NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 1);
  unsigned long N = NdisRt_AllocationCount();

  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 10),
            nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateNetBufferList(NblPool, 0, 0, "t.c", 11),
            nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisAllocateNetBufferAndNetBufferList(NblPool, 0, 0, nullptr,
                                                         0, 0, "t.c", 12),
            nullptr);
  NdisRt_SetFailNth(++N);
  NdisRt_NdisAllocatePacketPool(&Status, &Pool, 4, 0, "t.c", 13);
  EXPECT_EQ(Status, NDIS_STATUS_RESOURCES);
  EXPECT_EQ(Pool, nullptr);
  NdisRt_SetFailNth(++N);
  NdisRt_NdisAllocatePacket(&Status, &Packet, Packets, "t.c", 14);
  EXPECT_EQ(Status, NDIS_STATUS_RESOURCES);
  EXPECT_EQ(Packet, nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(
      NdisRt_NdisMRegisterIoPortRange(&Ports, nullptr, 0x300, 8, "t.c", 15),
      NDIS_STATUS_RESOURCES);
  EXPECT_EQ(Ports, nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisMMapIoSpace(&Ports, nullptr, NDIS_PHYSICAL_ADDRESS{}, 8,
                                   "t.c", 16),
            NDIS_STATUS_RESOURCES);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisMAllocateMapRegisters(&AdapterHandle, 0, NDIS_DMA_32BITS,
                                             4, 1514, "t.c", 17),
            NDIS_STATUS_RESOURCES);
  NdisRt_SetFailNth(++N);
  Ic.Header.Size = sizeof Ic;
  EXPECT_EQ(
      NdisRt_NdisMRegisterInterruptEx(nullptr, nullptr, &Ic, &I6, "t.c", 18),
      NDIS_STATUS_RESOURCES);
  EXPECT_EQ(I6, nullptr);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(NdisRt_NdisMRegisterInterrupt(&I5, nullptr, 9, 9, TRUE, FALSE,
                                          NdisInterruptLevelSensitive, "t.c",
                                          19),
            NDIS_STATUS_RESOURCES);
  NdisRt_SetFailNth(++N);
  EXPECT_EQ(
      NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 20),
      NDIS_STATUS_RESOURCES);
  EXPECT_EQ(Dma, nullptr);
  NdisRt_SetFailNth(0);
  // Nothing failed is live; the two pools made first are.
  EXPECT_EQ(NdisRt_LiveAllocationCount(), 2u);
  EXPECT_EQ(NdisRt_AllocationCount(), N);
}

// ndis-halt-leak is what initialisation kept and halt did not release;
// ndis-leak the rest.
TEST_F(Runtime, KeptResourcesAreHaltLeaks) {
  static NDIS_MINIPORT_TIMER Timer;
  NET_BUFFER_LIST_POOL_PARAMETERS P = {};
  auto *A = (Adapter *)nonpaged(sizeof(Adapter)); // line 1: the context
  A->NblPool = NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 2);
  A->Ring = nonpaged(16);
  A->Nested = nonpaged(sizeof(PVOID));
  *(PVOID *)A->Nested =
      NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 3);
  // Lost: only a local ever held it.
  (void)NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 4);
  // Keyed to the driver's own timer object.
  NdisRt_NdisMInitializeTimer(
      &Timer, nullptr, [](PVOID, PVOID, PVOID, PVOID) {}, nullptr, "t.c", 5);
  NdisRt_NdisMSetTimer(&Timer, 10, "t.c", 6);
  NdisRt_Registration()->MiniportAdapterContext = A;
  EXPECT_EQ(NdisRt_MarkKept(), 6u); // A, its pool, Ring, Nested, its pool,
                                    // the timer
  NdisRt_SetPhase(NdisRtPhaseRunning);
  // Allocated later: never kept, whatever holds it.
  A->Ring = NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 7);
  NdisRt_MarkKept();
  NdisRt_SetPhase(NdisRtPhaseUnload);
  NdisRt_ReportLeaks();
  for (int Line : {2, 3, 6})
    EXPECT_EQ(at("ndis-halt-leak", Line), 1) << "line " << Line << "\n"
                                             << dump();
  for (int Line : {4, 7})
    EXPECT_EQ(at("ndis-leak", Line), 1) << "line " << Line << "\n" << dump();
  EXPECT_EQ(at("ndis-halt-leak", 1), 1) << dump(); // A and its blocks
  EXPECT_EQ(count("ndis-leak"), 2) << dump();
}

TEST_F(Runtime, NothingIsKeptWithoutMarking) {
  NET_BUFFER_LIST_POOL_PARAMETERS P = {};
  static NDIS_HANDLE Global;
  Global = NdisRt_NdisAllocateNetBufferListPool(nullptr, &P, "t.c", 1);
  // The unit tests are not linked between the driver markers: their globals
  // are not roots, and without NdisRt_MarkKept (a failed initialisation)
  // nothing is kept.
  EXPECT_FALSE(NdisRt_DriverGlobalsKnown());
  NdisRt_SetPhase(NdisRtPhaseUnload);
  NdisRt_ReportLeaks();
  EXPECT_EQ(at("ndis-leak", 1), 1) << dump();
  EXPECT_EQ(count("ndis-halt-leak"), 0) << dump();
}

TEST_F(Runtime, IrqlOfSleepAndAtDpcLevelLocks) {
  KSPIN_LOCK Lock = 0;
  KLOCK_QUEUE_HANDLE Handle;
  NdisRt_SetIrql(APC_LEVEL);
  NdisRt_NdisMSleep(10, "t.c", 1); // "< DISPATCH_LEVEL"
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisMSleep(10, "t.c", 2);
  // "DISPATCH_LEVEL or above".
  NdisRt_SetIrql(NDISRT_DIRQL);
  NdisRt_KeAcquireSpinLockAtDpcLevel(&Lock, "t.c", 3);
  NdisRt_KeAcquireInStackQueuedSpinLockAtDpcLevel(&Lock, &Handle, "t.c", 4);
  NdisRt_SetIrql(PASSIVE_LEVEL);
  NdisRt_KeAcquireSpinLockAtDpcLevel(&Lock, "t.c", 5);
  EXPECT_EQ(at("ndis-irql", 1), 0) << dump();
  EXPECT_EQ(at("ndis-irql", 2), 1) << dump();
  EXPECT_EQ(at("ndis-irql", 3), 0) << dump();
  EXPECT_EQ(at("ndis-irql", 4), 0) << dump();
  EXPECT_EQ(at("ndis-irql", 5), 1) << dump();
}
