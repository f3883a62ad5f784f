// IRQL contracts: DDIs called above their maximum or below their minimum
// IRQL are ndis-irql; spin locks and KeRaiseIrql change and restore it.
#include "rt_fixture.h"

TEST_F(Runtime, AllocateWithTagAllowedUpToDispatch) {
  PVOID P = nullptr;
  NdisRt_SetIrql(DISPATCH_LEVEL);
  ASSERT_EQ(NdisRt_NdisAllocateMemoryWithTag(&P, 16, 'tseT', "t.c", 10),
            NDIS_STATUS_SUCCESS);
  EXPECT_NO_VIOLATIONS();
  NdisRt_SetIrql(NDISRT_DIRQL);
  ASSERT_EQ(NdisRt_NdisAllocateMemoryWithTag(&P, 16, 'tseT', "t.c", 11),
            NDIS_STATUS_SUCCESS);
  EXPECT_EQ(at("ndis-irql", 11), 1) << dump();
}

TEST_F(Runtime, ContiguousAllocationRequiresPassive) {
  PVOID P = nullptr;
  NdisRt_SetIrql(PASSIVE_LEVEL);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            10);
  NdisRt_NdisAllocateMemory(&P, 64, 0, highest(), "t.c", 11);
  EXPECT_NO_VIOLATIONS();
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisAllocateMemory(&P, 64, 0, highest(), "t.c", 12);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c",
                            13);
  EXPECT_EQ(at("ndis-irql", 13), 1) << dump();
  NdisRt_SetIrql(APC_LEVEL);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            14);
  EXPECT_EQ(at("ndis-irql", 14), 1) << dump();
}

TEST_F(Runtime, FreeMemoryIrqlDependsOnFlags) {
  PVOID C = nullptr, N = nullptr, Z = nullptr, C2 = nullptr, N2 = nullptr;
  NdisRt_NdisAllocateMemory(&C, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            1);
  NdisRt_NdisAllocateMemory(&C2, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            1);
  NdisRt_NdisAllocateMemory(&N, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c", 1);
  NdisRt_NdisAllocateMemory(&N2, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c",
                            1);
  NdisRt_NdisAllocateMemory(&Z, 64, 0, highest(), "t.c", 1);
  // Right: contiguous at PASSIVE, noncached at APC, plain at DISPATCH.
  NdisRt_NdisFreeMemory(C, 64, NDIS_MEMORY_CONTIGUOUS, "t.c", 20);
  NdisRt_SetIrql(APC_LEVEL);
  NdisRt_NdisFreeMemory(N, 64, NDIS_MEMORY_NONCACHED, "t.c", 21);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisFreeMemory(Z, 64, 0, "t.c", 22);
  EXPECT_NO_VIOLATIONS();
  // Wrong: contiguous above PASSIVE, noncached at DISPATCH.
  NdisRt_SetIrql(APC_LEVEL);
  NdisRt_NdisFreeMemory(C2, 64, NDIS_MEMORY_CONTIGUOUS, "t.c", 23);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisFreeMemory(N2, 64, NDIS_MEMORY_NONCACHED, "t.c", 24);
  EXPECT_EQ(at("ndis-irql", 23), 1) << dump();
  EXPECT_EQ(at("ndis-irql", 24), 1) << dump();
}

TEST_F(Runtime, NdisSpinLockRaisesToDispatchAndRestores) {
  NDIS_SPIN_LOCK Lock;
  NdisRt_NdisAllocateSpinLock(&Lock, "t.c", 1);
  NdisRt_SetIrql(APC_LEVEL);
  NdisRt_NdisAcquireSpinLock(&Lock, "t.c", 2);
  EXPECT_EQ(NdisRt_GetIrql(), DISPATCH_LEVEL);
  NdisRt_NdisReleaseSpinLock(&Lock, "t.c", 3);
  EXPECT_EQ(NdisRt_GetIrql(), APC_LEVEL);
  EXPECT_NO_VIOLATIONS();
  // Wrong: acquiring above DISPATCH_LEVEL.
  NdisRt_SetIrql(NDISRT_DIRQL);
  NdisRt_NdisAcquireSpinLock(&Lock, "t.c", 4);
  EXPECT_EQ(at("ndis-irql", 4), 1) << dump();
}

TEST_F(Runtime, ContiguousAllocationUnderSpinLockIsIrqlViolation) {
  NDIS_SPIN_LOCK Lock;
  PVOID P = nullptr;
  NdisRt_NdisAllocateSpinLock(&Lock, "t.c", 1);
  NdisRt_NdisAcquireSpinLock(&Lock, "t.c", 2);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            3);
  NdisRt_NdisReleaseSpinLock(&Lock, "t.c", 4);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            5);
  EXPECT_EQ(at("ndis-irql", 3), 1) << dump();
  EXPECT_EQ(at("ndis-irql", 5), 0) << dump();
}

TEST_F(Runtime, DprSpinLockRequiresDispatch) {
  NDIS_SPIN_LOCK Lock;
  NdisRt_NdisAllocateSpinLock(&Lock, "t.c", 1);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisDprAcquireSpinLock(&Lock, "t.c", 2);
  NdisRt_NdisDprReleaseSpinLock(&Lock, "t.c", 3);
  EXPECT_NO_VIOLATIONS();
  NdisRt_SetIrql(PASSIVE_LEVEL);
  NdisRt_NdisDprAcquireSpinLock(&Lock, "t.c", 4);
  EXPECT_EQ(at("ndis-irql", 4), 1) << dump();
}

TEST_F(Runtime, KernelSpinLocksSaveAndRestore) {
  KSPIN_LOCK Lock;
  KIRQL Old = 0xff;
  KLOCK_QUEUE_HANDLE Handle;
  NdisRt_KeInitializeSpinLock(&Lock, "t.c", 1);
  NdisRt_KeAcquireSpinLock(&Lock, &Old, "t.c", 2);
  EXPECT_EQ(Old, PASSIVE_LEVEL);
  EXPECT_EQ(NdisRt_GetIrql(), DISPATCH_LEVEL);
  NdisRt_KeAcquireSpinLockAtDpcLevel(&Lock, "t.c", 3);
  NdisRt_KeReleaseSpinLockFromDpcLevel(&Lock, "t.c", 4);
  NdisRt_KeReleaseSpinLock(&Lock, Old, "t.c", 5);
  EXPECT_EQ(NdisRt_GetIrql(), PASSIVE_LEVEL);
  NdisRt_KeAcquireInStackQueuedSpinLock(&Lock, &Handle, "t.c", 6);
  EXPECT_EQ(NdisRt_GetIrql(), DISPATCH_LEVEL);
  NdisRt_KeReleaseInStackQueuedSpinLock(&Handle, "t.c", 7);
  EXPECT_EQ(NdisRt_GetIrql(), PASSIVE_LEVEL);
  EXPECT_NO_VIOLATIONS();
  // Wrong: the AtDpcLevel variant at PASSIVE_LEVEL.
  NdisRt_KeAcquireSpinLockAtDpcLevel(&Lock, "t.c", 8);
  EXPECT_EQ(at("ndis-irql", 8), 1) << dump();
}

TEST_F(Runtime, RaiseAndLowerIrql) {
  KIRQL Old = 0xff;
  NdisRt_KeRaiseIrql(DISPATCH_LEVEL, &Old, "t.c", 1);
  EXPECT_EQ(Old, PASSIVE_LEVEL);
  EXPECT_EQ(NdisRt_KeGetCurrentIrql("t.c", 2), DISPATCH_LEVEL);
  NdisRt_KeLowerIrql(Old, "t.c", 3);
  EXPECT_EQ(NdisRt_GetIrql(), PASSIVE_LEVEL);
  EXPECT_NO_VIOLATIONS();
  // Wrong: raising to a lower IRQL, lowering to a higher one.
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_KeRaiseIrql(APC_LEVEL, &Old, "t.c", 4);
  EXPECT_EQ(at("ndis-irql", 4), 1) << dump();
  NdisRt_SetIrql(PASSIVE_LEVEL);
  NdisRt_KeLowerIrql(DISPATCH_LEVEL, "t.c", 5);
  EXPECT_EQ(at("ndis-irql", 5), 1) << dump();
}

TEST_F(Runtime, SharedMemoryRequiresPassive) {
  NDIS_HANDLE Dma = nullptr;
  PVOID Va = nullptr;
  NDIS_PHYSICAL_ADDRESS Pa;
  NDIS_SG_DMA_DESCRIPTION Desc = {};
  ASSERT_EQ(
      NdisRt_NdisMRegisterScatterGatherDma(nullptr, &Desc, &Dma, "t.c", 1),
      NDIS_STATUS_SUCCESS);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_NdisMAllocateSharedMemory(nullptr, 64, TRUE, &Va, &Pa, "t.c", 2);
  EXPECT_EQ(at("ndis-irql", 2), 1) << dump();
}

TEST_F(Runtime, CallbackReturningAtAnotherIrqlIsRestored) {
  KIRQL Saved = NdisRt_EnterCallback(DISPATCH_LEVEL);
  NdisRt_SetIrql(PASSIVE_LEVEL); // the callback "forgot" to stay at DISPATCH
  NdisRt_LeaveCallback(Saved, DISPATCH_LEVEL, "test callback");
  EXPECT_EQ(NdisRt_GetIrql(), PASSIVE_LEVEL);
  EXPECT_NO_VIOLATIONS(); // a note, not a violation
}
