// NdisAllocateMemory* argument and phase contracts: flags, tag, highest
// acceptable address, contiguous memory only during initialisation.
#include "rt_fixture.h"

TEST_F(Runtime, ContiguousOnlyDuringInitialisation) {
  PVOID P = nullptr;
  NdisRt_SetPhase(NdisRtPhaseDriverEntry);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            10);
  NdisRt_SetPhase(NdisRtPhaseInitialize);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c",
                            11);
  EXPECT_NO_VIOLATIONS();
  NdisRt_SetPhase(NdisRtPhaseRunning);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            12);
  NdisRt_NdisAllocateMemory(&P, 64, 0, highest(), "t.c", 13);
  NdisRt_SetPhase(NdisRtPhaseHalt);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_NONCACHED, highest(), "t.c",
                            14);
  EXPECT_EQ(at("ndis-contiguous-outside-init", 12), 1) << dump();
  EXPECT_EQ(at("ndis-contiguous-outside-init", 13), 0) << dump();
  EXPECT_EQ(at("ndis-contiguous-outside-init", 14), 1) << dump();
}

TEST_F(Runtime, OnlyMiniportsRequestContiguousMemory) {
  NDIS_FILTER_DRIVER_CHARACTERISTICS Chars = {};
  NDIS_HANDLE Handle;
  PVOID P = nullptr;
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            10);
  EXPECT_NO_VIOLATIONS();
  Chars.Header.Size = sizeof Chars;
  NdisRt_NdisFRegisterFilterDriver(nullptr, nullptr, &Chars, &Handle, "t.c",
                                   11);
  NdisRt_NdisAllocateMemory(&P, 64, NDIS_MEMORY_CONTIGUOUS, highest(), "t.c",
                            12);
  EXPECT_EQ(at("ndis-contiguous-non-miniport", 12), 1) << dump();
}

TEST_F(Runtime, MemoryFlagsHaveTwoBits) {
  PVOID P = nullptr;
  NdisRt_NdisAllocateMemory(&P, 64,
                            NDIS_MEMORY_CONTIGUOUS | NDIS_MEMORY_NONCACHED,
                            highest(), "t.c", 10);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisAllocateMemory(&P, 64, 0x4, highest(), "t.c", 11);
  EXPECT_EQ(at("ndis-memory-flags", 11), 1) << dump();
  NdisRt_NdisFreeMemory(P, 64, 0x4, "t.c", 12);
  EXPECT_EQ(at("ndis-memory-flags", 12), 1) << dump();
}

TEST_F(Runtime, TagMustNotBeZero) {
  PVOID P = nullptr;
  NdisRt_NdisAllocateMemoryWithTag(&P, 16, 'gaTM', "t.c", 10);
  NdisRt_NdisAllocateMemoryWithTagPriority(nullptr, 16, 'gaTM',
                                           NormalPoolPriority, "t.c", 11);
  NdisRt_ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'gaTM', "t.c", 12);
  NdisRt_ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 'gaTM', "t.c", 13);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisAllocateMemoryWithTag(&P, 16, 0, "t.c", 20);
  P = NdisRt_NdisAllocateMemoryWithTagPriority(nullptr, 16, 0,
                                               NormalPoolPriority, "t.c", 21);
  NdisRt_ExAllocatePoolWithTag(NonPagedPoolNx, 16, 0, "t.c", 22);
  NdisRt_ExAllocatePool2(POOL_FLAG_NON_PAGED, 16, 0, "t.c", 23);
  NdisRt_NdisFreeMemoryWithTagPriority(nullptr, P, 0, "t.c", 24);
  for (int Line = 20; Line <= 24; ++Line)
    EXPECT_EQ(at("ndis-tag", Line), 1) << "line " << Line << "\n" << dump();
}

TEST_F(Runtime, HighestAcceptableAddressIsMinusOne) {
  PVOID P = nullptr;
  NDIS_PHYSICAL_ADDRESS Max = NDIS_PHYSICAL_ADDRESS_CONST(-1, -1);
  NDIS_PHYSICAL_ADDRESS Below16M = NDIS_PHYSICAL_ADDRESS_CONST(0xFFFFFF, 0);
  NdisRt_NdisAllocateMemory(&P, 64, 0, Max, "t.c", 10);
  EXPECT_NO_VIOLATIONS();
  NdisRt_NdisAllocateMemory(&P, 64, 0, Below16M, "t.c", 11);
  EXPECT_EQ(at("ndis-highest-address", 11), 1) << dump();
}

TEST_F(Runtime, PagedPoolIsTrackedAsPaged) {
  PVOID Paged = NdisRt_ExAllocatePoolWithTag(PagedPool, 64, 'gaTM', "t.c", 10);
  PVOID Paged2 = NdisRt_ExAllocatePool2(POOL_FLAG_PAGED, 64, 'gaTM', "t.c", 11);
  ASSERT_NE(Paged, nullptr);
  ASSERT_NE(Paged2, nullptr);
  NdisRt_NdisAllocateMdl(nullptr, Paged, 64, "t.c", 12);
  NdisRt_NdisAllocateMdl(nullptr, Paged2, 64, "t.c", 13);
  EXPECT_EQ(at("ndis-mdl-nonpaged", 12), 1) << dump();
  EXPECT_EQ(at("ndis-mdl-nonpaged", 13), 1) << dump();
  // Paged pool is only allowed up to APC_LEVEL.
  NdisRt_SetIrql(DISPATCH_LEVEL);
  NdisRt_ExAllocatePool(PagedPool, 64, "t.c", 14);
  NdisRt_ExAllocatePool(NonPagedPoolNx, 64, "t.c", 15);
  EXPECT_EQ(at("ndis-irql", 14), 1) << dump();
  EXPECT_EQ(at("ndis-irql", 15), 0) << dump();
}

TEST_F(Runtime, Ndis5OnlyDdiInNdis6Unit) {
  NdisRt_Ndis5OnlyDdi("NdisAllocateMemoryWithTag", "t.c", 10);
  EXPECT_EQ(at("ndis-ndis5-only", 10), 1) << dump();
}

TEST_F(Runtime, ViolationsAreDeduplicatedBySite) {
  PVOID P = nullptr;
  for (int I = 0; I < 3; ++I)
    NdisRt_NdisAllocateMemoryWithTag(&P, 16, 0, "t.c", 10);
  EXPECT_EQ(at("ndis-tag", 10), 1) << dump();
  EXPECT_EQ(NdisRt_ViolationCount(), 1u);
  EXPECT_EQ(NdisRt_RuleCount("ndis-tag"), 1u);
}
