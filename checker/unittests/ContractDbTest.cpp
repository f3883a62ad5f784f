//===- ContractDbTest.cpp - Tests of the contract database loader ---------===//
//
// Two halves: the shipped database (rules/ndis-contracts.json) holds what the
// engine and the runtime rely on, and a malformed database is refused with the
// file, line and column of the offending value and what was expected.
//
//===----------------------------------------------------------------------===//

#include "db/ContractDb.h"
#include "db/EngineRules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

using namespace ndischeck;

namespace ndischeck {
// Readable gtest messages.
void PrintTo(const IrqlRange &R, std::ostream *OS) { *OS << R.str(); }
void PrintTo(Irql L, std::ostream *OS) { *OS << irqlName(L); }
} // namespace ndischeck

namespace {

const std::string RulesDir = NDISCHECK_RULES_DIR;

const ContractDb &realDb() {
  static ContractDb Db;
  static bool Loaded = [] {
    std::string Error;
    bool Ok = loadContractDb(RulesDir + "/ndis-contracts.json", Db, Error);
    EXPECT_TRUE(Ok) << Error;
    return Ok;
  }();
  EXPECT_TRUE(Loaded);
  return Db;
}

//===----------------------------------------------------------------------===//
// The shipped database
//===----------------------------------------------------------------------===//

TEST(RealDb, LoadsFromFileAndBuiltin) {
  const ContractDb &File = realDb();
  ContractDb Builtin;
  std::string Error;
  ASSERT_TRUE(loadBuiltinContractDb(Builtin, Error)) << Error;
  EXPECT_EQ(Builtin.Ddis.size(), File.Ddis.size());
  EXPECT_EQ(Builtin.Roles.size(), File.Roles.size());
  EXPECT_EQ(Builtin.Rules.size(), File.Rules.size());
  EXPECT_EQ(Builtin.Fields.size(), File.Fields.size());
  EXPECT_EQ(File.SourcePath, RulesDir + "/ndis-contracts.json");
}

TEST(RealDb, HasEveryRuleWithTextAndCitations) {
  const ContractDb &Db = realDb();
  for (const char *Id :
       {"ndis-irql", "ndis-contiguous-outside-init",
        "ndis-contiguous-non-miniport", "ndis-memory-flags", "ndis-tag",
        "ndis-highest-address", "ndis-ndis5-only",
        "ndis-shared-memory-before-dma", "ndis-mdl-nonpaged",
        "ndis-buffer-pool", "ndis-leak", "ndis-double-free", "ndis-wrong-free",
        "ndis-free-mismatch", "ndis-halt-leak", "ndis-unchecked-failure"}) {
    const RuleInfo *R = Db.rule(Id);
    ASSERT_NE(R, nullptr) << Id;
    EXPECT_EQ(Db.Rules[Db.ruleIndex(Id)].Id, Id);
    EXPECT_FALSE(R->Name.empty()) << Id;
    EXPECT_TRUE(R->Severity == "error" || R->Severity == "warning") << Id;
    EXPECT_FALSE(R->Short.empty()) << Id;
    EXPECT_FALSE(R->Full.empty()) << Id;
    EXPECT_FALSE(R->Help.empty()) << Id;
    ASSERT_FALSE(R->Cites.empty()) << Id;
    // Every rule cites a seed page; others are cited by address.
    EXPECT_FALSE(R->Cites.front().Seed.empty()) << Id;
    for (const Citation &C : R->Cites) {
      EXPECT_FALSE(C.Ddi.empty()) << Id;
      EXPECT_NE(C.Seed.empty(), C.Url.empty()) << Id;
      EXPECT_FALSE(C.Text.empty()) << Id;
    }
  }
  EXPECT_EQ(Db.rule("ndis-irql")->Severity, "error");
  EXPECT_EQ(Db.rule("ndis-tag")->Severity, "warning");
  EXPECT_EQ(Db.rule("ndis-nonexistent"), nullptr);
  EXPECT_EQ(Db.ruleIndex("ndis-nonexistent"), -1);
}

TEST(RealDb, HasEveryDdi) {
  const ContractDb &Db = realDb();
  for (const char *Name : {"NdisAllocateMemory",
                           "NdisAllocateMemoryWithTag",
                           "NdisAllocateMemoryWithTagPriority",
                           "NdisFreeMemory",
                           "NdisFreeMemoryWithTagPriority",
                           "NdisAllocateMdl",
                           "NdisFreeMdl",
                           "NdisAllocateSharedMemory",
                           "NdisFreeSharedMemory",
                           "NdisMAllocateSharedMemory",
                           "NdisMFreeSharedMemory",
                           "NdisMRegisterScatterGatherDma",
                           "NdisMRegisterDmaChannel",
                           "NdisAllocateBufferPool",
                           "NdisFreeBufferPool",
                           "NdisAllocateBuffer",
                           "NdisFreeBuffer",
                           "IoFreeMdl",
                           "ExAllocatePool",
                           "ExAllocatePoolWithTag",
                           "ExAllocatePool2",
                           "ExFreePool",
                           "ExFreePoolWithTag",
                           "NdisAllocateSpinLock",
                           "NdisFreeSpinLock",
                           "NdisAcquireSpinLock",
                           "NdisReleaseSpinLock",
                           "NdisDprAcquireSpinLock",
                           "NdisDprReleaseSpinLock",
                           "KeAcquireSpinLock",
                           "KeAcquireSpinLockRaiseToDpc",
                           "KeReleaseSpinLock",
                           "KeAcquireSpinLockAtDpcLevel",
                           "KeReleaseSpinLockFromDpcLevel",
                           "KeAcquireInStackQueuedSpinLock",
                           "KeReleaseInStackQueuedSpinLock",
                           "KeAcquireInStackQueuedSpinLockAtDpcLevel",
                           "KeReleaseInStackQueuedSpinLockFromDpcLevel",
                           "KeRaiseIrql",
                           "KfRaiseIrql",
                           "KeRaiseIrqlToDpcLevel",
                           "KeLowerIrql",
                           "KfLowerIrql",
                           "NDIS_RAISE_IRQL_TO_DISPATCH",
                           "NDIS_LOWER_IRQL",
                           "NdisAcquireReadWriteLock",
                           "NdisReleaseReadWriteLock",
                           "NdisAcquireRWLockRead",
                           "NdisAcquireRWLockWrite",
                           "NdisReleaseRWLock",
                           "NdisAllocateTimerObject",
                           "NdisMInitializeTimer",
                           "NdisInitializeTimer",
                           "KeInitializeDpc",
                           "NdisQueueIoWorkItem",
                           "NdisInitializeWorkItem",
                           "NdisMRegisterMiniportDriver",
                           "NdisMRegisterMiniport",
                           "NdisMAllocateMapRegisters",
                           "NdisMFreeMapRegisters",
                           "NdisMInitializeScatterGatherDma",
                           "NdisMSetAttributesEx",
                           "NdisAllocateNetBufferListPool",
                           "NdisFreeNetBufferListPool",
                           "NdisAllocateNetBufferList",
                           "NdisAllocateNetBufferAndNetBufferList",
                           "NdisFreeNetBufferList",
                           "NdisAllocatePacketPool",
                           "NdisAllocatePacketPoolEx",
                           "NdisFreePacketPool",
                           "NdisAllocatePacket",
                           "NdisFreePacket",
                           "NdisInitializeNPagedLookasideList",
                           "NdisDeleteNPagedLookasideList",
                           "ExDeleteNPagedLookasideList",
                           "NdisMSetTimer",
                           "NdisMSetPeriodicTimer",
                           "NdisMCancelTimer",
                           "NdisMRegisterInterrupt",
                           "NdisMDeregisterInterrupt",
                           "NdisMRegisterIoPortRange",
                           "NdisMDeregisterIoPortRange"})
    EXPECT_NE(Db.ddi(Name), nullptr) << Name;
  EXPECT_EQ(Db.ddi("NdisNoSuchFunction"), nullptr);
}

TEST(RealDb, AliasesFindTheirEntry) {
  const ContractDb &Db = realDb();
  EXPECT_EQ(Db.ddi("KfLowerIrql"), Db.ddi("KeLowerIrql"));
  EXPECT_EQ(Db.ddi("KfAcquireSpinLock"), Db.ddi("KeAcquireSpinLockRaiseToDpc"));
  EXPECT_EQ(Db.ddi("KfReleaseSpinLock"), Db.ddi("KeReleaseSpinLock"));
  EXPECT_EQ(Db.ddi("KfLowerIrql")->Name, "KeLowerIrql");
  // IoFreeMdl is its own entry: NdisFreeBuffer's NDIS 5-only limit must not
  // reach NDIS 6 drivers that call IoFreeMdl directly.
  EXPECT_NE(Db.ddi("IoFreeMdl"), Db.ddi("NdisFreeBuffer"));
  EXPECT_EQ(Db.ddi("IoFreeMdl")->NdisMax, 0);
  EXPECT_EQ(Db.ddi("IoFreeMdl")->Frees->Family,
            Db.ddi("NdisAllocateBuffer")->Allocates->Family);
}

TEST(RealDb, MemoryContracts) {
  const ContractDb &Db = realDb();
  const DdiInfo &M = *Db.ddi("NdisAllocateMemory");
  EXPECT_EQ(M.NdisMax, 5);
  EXPECT_EQ(M.MaxIrql, Irql::Dispatch);
  EXPECT_FALSE(M.MinIrql);
  EXPECT_EQ(M.Rule, "ndis-irql");
  ASSERT_EQ(M.IrqlWhen.size(), 1u);
  EXPECT_EQ(M.IrqlWhen[0].When.Param, "MemoryFlags");
  EXPECT_EQ(M.IrqlWhen[0].When.Mask, 3u);
  EXPECT_EQ(M.IrqlWhen[0].Max, Irql::Passive);
  ASSERT_TRUE(M.AllowedFlags);
  EXPECT_EQ(M.AllowedFlags->Mask, 3u);
  ASSERT_TRUE(M.InitOnlyFlags);
  EXPECT_EQ(M.InitOnlyFlags->Mask, 3u);
  EXPECT_EQ((std::vector<std::string>{"NDIS_MEMORY_CONTIGUOUS",
                                      "NDIS_MEMORY_NONCACHED"}),
            M.InitOnlyFlags->BitNames);
  EXPECT_EQ(M.InitPhases,
            (std::vector<Phase>{Phase::DriverEntry, Phase::Initialize}));
  EXPECT_TRUE(M.InitOnlyFlagsMiniportOnly);
  EXPECT_EQ(M.paramIndex("HighestAcceptableAddress"), 3);
  EXPECT_EQ(M.paramWithRole("highest-acceptable-address"), 3);
  EXPECT_EQ(M.paramWithRole("memory-flags"), 2);
  EXPECT_EQ(M.paramWithRole("tag"), -1);
  EXPECT_EQ(M.paramIndex("Nope"), -1);
  ASSERT_TRUE(M.Allocates);
  EXPECT_EQ(M.Allocates->Result, "VirtualAddress");

  EXPECT_EQ(Db.ddi("NdisAllocateMemoryWithTag")->NdisMax, 5);
  EXPECT_EQ(Db.ddi("NdisAllocateMemoryWithTag")->paramWithRole("tag"), 2);
  EXPECT_EQ(Db.ddi("NdisAllocateMemoryWithTagPriority")->NdisMin, 6);
  EXPECT_EQ(Db.ddi("NdisAllocateMemoryWithTagPriority")->Allocates->Result,
            "return");

  const DdiInfo &F = *Db.ddi("NdisFreeMemory");
  ASSERT_TRUE(F.Frees);
  EXPECT_EQ(F.Frees->Family, M.Allocates->Family);
  // "If the memory was allocated with NdisAllocateMemoryWithTagPriority or
  // the MemoryFlags parameter is zero, this parameter is ignored."
  EXPECT_EQ(F.Frees->MustMatch,
            (std::vector<std::string>{"MemoryFlags", "Length"}));
  EXPECT_EQ(F.Frees->MustMatchUnlessZero,
            (std::map<std::string, std::string>{{"Length", "MemoryFlags"}}));
  EXPECT_TRUE(F.Frees->mustMatch("MemoryFlags", 0));
  EXPECT_TRUE(F.Frees->mustMatch("MemoryFlags", std::nullopt));
  EXPECT_TRUE(F.Frees->mustMatch("Length", 2));             // noncached
  EXPECT_FALSE(F.Frees->mustMatch("Length", 0));            // MemoryFlags 0
  EXPECT_FALSE(F.Frees->mustMatch("Length", std::nullopt)); // WithTag(Priority)
  EXPECT_FALSE(F.Frees->mustMatch("VirtualAddress", 2));
  EXPECT_FALSE(F.Cites.empty());
  ASSERT_EQ(F.IrqlWhen.size(), 2u);
  EXPECT_EQ(F.IrqlWhen[0].When.Mask, 1u); // contiguous: PASSIVE_LEVEL
  EXPECT_EQ(F.IrqlWhen[0].Max, Irql::Passive);
  EXPECT_EQ(F.IrqlWhen[1].When.Mask, 2u); // noncached: below DISPATCH_LEVEL
  EXPECT_EQ(F.IrqlWhen[1].Max, Irql::Apc);

  const DdiInfo &Mdl = *Db.ddi("NdisAllocateMdl");
  EXPECT_EQ(Mdl.NdisMin, 6);
  EXPECT_EQ(Mdl.MaxIrql, Irql::Dispatch);
  EXPECT_EQ(Mdl.paramWithRole("nonpaged-address"), 1);
  EXPECT_EQ(Db.ddi("NdisFreeMdl")->Frees->Family, Mdl.Allocates->Family);

  // Only the allocation is PASSIVE_LEVEL; the free is <= DISPATCH_LEVEL.
  const DdiInfo &MFree = *Db.ddi("NdisMFreeSharedMemory");
  EXPECT_EQ(MFree.MaxIrql, Irql::Dispatch);
  EXPECT_FALSE(MFree.MinIrql);
  EXPECT_EQ(MFree.Frees->MustMatch,
            (std::vector<std::string>{"Length", "Cached"}));
  EXPECT_TRUE(MFree.Frees->MustMatchUnlessZero.empty());
  EXPECT_EQ(Db.ddi("NdisMAllocateSharedMemory")->MaxIrql, Irql::Passive);

  const DdiInfo &Shared = *Db.ddi("NdisAllocateSharedMemory");
  EXPECT_EQ(Shared.NdisMin, 6);
  EXPECT_EQ(Shared.MaxIrql, Irql::Passive);
  EXPECT_EQ(Shared.Requires, std::vector<std::string>{"dma-registered"});
  EXPECT_EQ(Db.ddi("NdisMAllocateSharedMemory")->Requires,
            std::vector<std::string>{"dma-registered"});
  EXPECT_EQ(Db.ddi("NdisMRegisterScatterGatherDma")->Provides,
            std::vector<std::string>{"dma-registered"});
  EXPECT_EQ(Db.ddi("NdisMRegisterDmaChannel")->Provides,
            std::vector<std::string>{"dma-registered"});

  EXPECT_EQ(Db.ddi("NdisAllocateBuffer")->NdisMax, 5);
  EXPECT_EQ(Db.ddi("NdisAllocateBuffer")->paramWithRole("pool-handle"), 2);
  EXPECT_EQ(Db.ddi("NdisAllocateBufferPool")->NdisMax, 5);
  EXPECT_EQ(Db.ddi("NdisMRegisterMiniport")->NdisMax, 5);

  const DdiInfo &Pool2 = *Db.ddi("ExAllocatePool2");
  ASSERT_EQ(Pool2.IrqlWhen.size(), 1u);
  EXPECT_EQ(Pool2.IrqlWhen[0].When.Mask, 0x100u);
  EXPECT_EQ(Pool2.IrqlWhen[0].Max, Irql::Apc);
  EXPECT_EQ(Db.Constants.at("NonPagedPoolNx"), 512u);
}

TEST(RealDb, Ndis5DmaSetUpProvidesDmaRegistered) {
  const ContractDb &Db = realDb();
  auto Provides = [&](const char *Name) {
    const DdiInfo *D = Db.ddi(Name);
    return D && std::find(D->Provides.begin(), D->Provides.end(),
                          "dma-registered") != D->Provides.end();
  };
  EXPECT_TRUE(Provides("NdisMAllocateMapRegisters"));
  EXPECT_TRUE(Provides("NdisMInitializeScatterGatherDma"));
  EXPECT_TRUE(Provides("NdisMRegisterScatterGatherDma"));
  EXPECT_TRUE(Provides("NdisMRegisterDmaChannel"));
  EXPECT_FALSE(Provides("NdisMFreeMapRegisters"));
  for (const char *Name : {"NdisMAllocateMapRegisters", "NdisMFreeMapRegisters",
                           "NdisMInitializeScatterGatherDma"})
    EXPECT_EQ(Db.ddi(Name)->NdisMax, 5) << Name;
  EXPECT_EQ(Db.ddi("NdisMRegisterScatterGatherDma")->NdisMin, 6);

  // Map registers are held against the adapter handle.
  const AllocationInfo &Map = *Db.ddi("NdisMAllocateMapRegisters")->Allocates;
  EXPECT_TRUE(Map.keyed());
  EXPECT_EQ(Map.KeyedBy, "MiniportAdapterHandle");
  EXPECT_TRUE(Map.Result.empty());
  EXPECT_EQ(Map.Kind, "object");
  const FreeInfo &Free = *Db.ddi("NdisMFreeMapRegisters")->Frees;
  EXPECT_EQ(Free.Family, Map.Family);
  EXPECT_EQ(Free.Param, "MiniportAdapterHandle");
  // NDIS 5 scatter/gather DMA has nothing to release.
  EXPECT_FALSE(Db.ddi("NdisMInitializeScatterGatherDma")->Allocates);
  EXPECT_EQ(Db.ddi("NdisMInitializeScatterGatherDma")->MaxIrql, Irql::Passive);
}

/// Every resource that halt must release (issue 10, item 3): each allocating
/// DDI's family has a free, both rest on a citation, and keyed resources are
/// released through the parameter that keys them.
TEST(RealDb, EveryResourceHasItsRelease) {
  const ContractDb &Db = realDb();
  struct Pair {
    const char *Alloc, *Free, *Result, *KeyedBy;
  };
  const Pair Pairs[] = {
      {"NdisAllocateMemoryWithTagPriority", "NdisFreeMemory", "return", ""},
      {"NdisAllocateMdl", "NdisFreeMdl", "return", ""},
      {"NdisMAllocateSharedMemory", "NdisMFreeSharedMemory", "VirtualAddress",
       ""},
      {"NdisAllocateNetBufferListPool", "NdisFreeNetBufferListPool", "return",
       ""},
      {"NdisAllocateNetBufferList", "NdisFreeNetBufferList", "return", ""},
      {"NdisAllocateNetBufferAndNetBufferList", "NdisFreeNetBufferList",
       "return", ""},
      {"NdisAllocatePacketPool", "NdisFreePacketPool", "PoolHandle", ""},
      {"NdisAllocatePacketPoolEx", "NdisFreePacketPool", "PoolHandle", ""},
      {"NdisAllocatePacket", "NdisFreePacket", "Packet", ""},
      {"NdisAllocateBufferPool", "NdisFreeBufferPool", "PoolHandle", ""},
      {"NdisInitializeNPagedLookasideList", "NdisDeleteNPagedLookasideList", "",
       "Lookaside"},
      {"NdisAllocateTimerObject", "NdisFreeTimerObject", "pTimerObject", ""},
      {"NdisMSetTimer", "NdisMCancelTimer", "", "Timer"},
      {"NdisMSetPeriodicTimer", "NdisMCancelTimer", "", "Timer"},
      {"NdisAllocateIoWorkItem", "NdisFreeIoWorkItem", "return", ""},
      {"NdisMRegisterInterruptEx", "NdisMDeregisterInterruptEx",
       "NdisInterruptHandle", ""},
      {"NdisMRegisterInterrupt", "NdisMDeregisterInterrupt", "", "Interrupt"},
      {"NdisMRegisterScatterGatherDma", "NdisMDeregisterScatterGatherDma",
       "NdisMiniportDmaHandle", ""},
      {"NdisMRegisterDmaChannel", "NdisMDeregisterDmaChannel",
       "MiniportDmaHandle", ""},
      {"NdisMAllocateMapRegisters", "NdisMFreeMapRegisters", "",
       "MiniportAdapterHandle"},
      {"NdisMRegisterIoPortRange", "NdisMDeregisterIoPortRange", "PortOffset",
       ""},
      {"NdisMMapIoSpace", "NdisMUnmapIoSpace", "VirtualAddress", ""},
  };
  for (const Pair &P : Pairs) {
    const DdiInfo *A = Db.ddi(P.Alloc), *F = Db.ddi(P.Free);
    ASSERT_TRUE(A && A->Allocates) << P.Alloc;
    ASSERT_TRUE(F && F->Frees) << P.Free;
    EXPECT_EQ(A->Allocates->Family, F->Frees->Family) << P.Alloc;
    EXPECT_EQ(A->Allocates->Result, P.Result) << P.Alloc;
    EXPECT_EQ(A->Allocates->KeyedBy, P.KeyedBy) << P.Alloc;
    if (*P.KeyedBy)
      EXPECT_EQ(F->Frees->Param, P.KeyedBy) << P.Free;
    EXPECT_FALSE(A->Cites.empty() && F->Cites.empty()) << P.Alloc;
  }
  EXPECT_EQ(Db.ddi("NdisMDeregisterIoPortRange")->Frees->MustMatch,
            (std::vector<std::string>{"InitialPort", "NumberOfPorts"}));
  EXPECT_EQ(Db.ddi("NdisMUnmapIoSpace")->Frees->MustMatch,
            std::vector<std::string>{"Length"});
  EXPECT_EQ(Db.ddi("ExDeleteNPagedLookasideList"),
            Db.ddi("NdisDeleteNPagedLookasideList"));
  // Every family some DDI allocates is released by some DDI.
  for (const DdiInfo &A : Db.Ddis) {
    if (!A.Allocates)
      continue;
    bool Freed = false;
    for (const DdiInfo &F : Db.Ddis)
      Freed |= F.Frees && F.Frees->Family == A.Allocates->Family;
    EXPECT_TRUE(Freed) << A.Name << " allocates " << A.Allocates->Family;
  }
}

/// Every citation names its page and either a seed or the page's address.
TEST(RealDb, CitationsNameTheirSource) {
  const ContractDb &Db = realDb();
  auto Check = [](const std::vector<Citation> &Cites, const std::string &Who) {
    for (const Citation &C : Cites) {
      EXPECT_FALSE(C.Ddi.empty()) << Who;
      EXPECT_FALSE(C.Text.empty()) << Who;
      EXPECT_NE(C.Seed.empty(), C.Url.empty()) << Who;
    }
  };
  size_t N = 0;
  for (const DdiInfo &D : Db.Ddis) {
    Check(D.Cites, D.Name);
    N += D.Cites.size();
  }
  for (const RoleInfo &R : Db.Roles)
    Check(R.Cites, R.Name);
  for (const CharacteristicsField &F : Db.Fields)
    Check(F.Cites, F.Field);
  EXPECT_GT(N, 100u);
}

TEST(RealDb, IrqlEffects) {
  const ContractDb &Db = realDb();
  const IrqlEffect &Acq = Db.ddi("NdisAcquireSpinLock")->Effect;
  EXPECT_EQ(Acq.K, IrqlEffect::Acquire);
  EXPECT_EQ(Acq.To, Irql::Dispatch);
  EXPECT_EQ(Acq.Lock, "SpinLock");
  EXPECT_EQ(Db.ddi("NdisReleaseSpinLock")->Effect.K, IrqlEffect::Release);

  const DdiInfo &Dpr = *Db.ddi("NdisDprAcquireSpinLock");
  EXPECT_EQ(Dpr.Effect.K, IrqlEffect::Acquire);
  EXPECT_FALSE(Dpr.Effect.To);
  EXPECT_EQ(Dpr.MinIrql, Irql::Dispatch);
  EXPECT_EQ(Dpr.MaxIrql, Irql::Dispatch);

  EXPECT_EQ(Db.ddi("KeAcquireSpinLock")->Effect.SaveTo, "OldIrql");
  EXPECT_EQ(Db.ddi("KeAcquireSpinLockRaiseToDpc")->Effect.SaveTo, "return");
  EXPECT_EQ(Db.ddi("KeReleaseSpinLock")->Effect.RestoreFrom, "NewIrql");
  EXPECT_EQ(Db.ddi("KeAcquireInStackQueuedSpinLock")->Effect.Lock,
            "LockHandle");

  const IrqlEffect &Raise = Db.ddi("KeRaiseIrql")->Effect;
  EXPECT_EQ(Raise.K, IrqlEffect::Raise);
  EXPECT_FALSE(Raise.To);
  EXPECT_EQ(Raise.ToParam, "NewIrql");
  EXPECT_EQ(Raise.SaveTo, "OldIrql");
  EXPECT_EQ(Db.ddi("KfRaiseIrql")->Effect.SaveTo, "return");
  EXPECT_EQ(Db.ddi("KeRaiseIrqlToDpcLevel")->Effect.To, Irql::Dispatch);
  EXPECT_EQ(Db.ddi("KfLowerIrql")->Effect.K, IrqlEffect::Lower);
  EXPECT_EQ(Db.ddi("KfLowerIrql")->Effect.RestoreFrom, "NewIrql");
  EXPECT_EQ(Db.ddi("NDIS_RAISE_IRQL_TO_DISPATCH")->Effect.SaveTo, "_pIrql_");
  EXPECT_EQ(Db.ddi("NDIS_LOWER_IRQL")->Effect.RestoreFrom, "_OldIrql_");
  EXPECT_EQ(Db.ddi("NdisAcquireRWLockRead")->Effect.Lock, "LockState");
  EXPECT_EQ(Db.ddi("NdisAcquireReadWriteLock")->Effect.Lock, "LockState");
}

TEST(RealDb, Registrations) {
  const ContractDb &Db = realDb();
  auto RegisteredRole = [&](const char *Ddi) -> std::string {
    const DdiInfo *D = Db.ddi(Ddi);
    if (!D || !D->Registers)
      return "";
    EXPECT_GE(D->paramIndex(D->Registers->Param), 0) << Ddi;
    return D->Registers->Role;
  };
  EXPECT_EQ(RegisteredRole("KeInitializeDpc"), "kdeferred_routine");
  EXPECT_EQ(RegisteredRole("NdisQueueIoWorkItem"), "ndis_io_workitem_function");
  EXPECT_EQ(RegisteredRole("NdisMInitializeTimer"), "ndis_timer_function");
  EXPECT_EQ(RegisteredRole("NdisInitializeTimer"), "ndis_timer_function");
  EXPECT_EQ(RegisteredRole("NdisInitializeWorkItem"), "ndis_proc");
  EXPECT_EQ(Db.roleForField("TimerFunction")->Name, "ndis_timer_function");
}

/// Every line of the reference ("name | IRQL") is a role with the same IRQL.
TEST(RealDb, RolesMatchTheCallbackReference) {
  const ContractDb &Db = realDb();
  std::ifstream In(RulesDir + "/seeds/ndis-callback-irql.txt");
  ASSERT_TRUE(In);
  std::string Line;
  int N = 0;
  while (std::getline(In, Line)) {
    while (!Line.empty() && isspace(static_cast<unsigned char>(Line.back())))
      Line.pop_back(); // the reference has CRLF line ends
    size_t Bar = Line.find(" | ");
    if (Bar == std::string::npos)
      continue;
    std::string Name = Line.substr(0, Bar), Level = Line.substr(Bar + 3);
    ++N;
    const RoleInfo *R = Db.role(Name);
    ASSERT_NE(R, nullptr) << Name;
    std::string Type = Name;
    for (char &C : Type)
      C = static_cast<char>(toupper(static_cast<unsigned char>(C)));
    EXPECT_EQ(Db.roleForType(Type), R) << Type;
    if (Level.rfind("<= DISPATCH_LEVEL", 0) == 0)
      EXPECT_EQ(R->Irql, IrqlRange::atMost(Irql::Dispatch)) << Name;
    else if (Level == "PASSIVE_LEVEL")
      EXPECT_EQ(R->Irql, IrqlRange::exactly(Irql::Passive)) << Name;
    else if (Level == "DISPATCH_LEVEL")
      EXPECT_EQ(R->Irql, IrqlRange::exactly(Irql::Dispatch)) << Name;
    else if (Name == "miniport_shutdown")
      EXPECT_FALSE(R->Irql) << Name;
    else // "See Remarks": the interrupt callbacks run at DIRQL.
      EXPECT_EQ(R->Irql, IrqlRange::exactly(Irql::Dirql)) << Name;
  }
  EXPECT_EQ(N, 105);
}

TEST(RealDb, RolePhasesAndExtraRoles) {
  const ContractDb &Db = realDb();
  auto PhaseOf = [&](const char *Role) {
    const RoleInfo *R = Db.role(Role);
    EXPECT_NE(R, nullptr) << Role;
    return R ? R->PhaseOf : Phase::Runtime;
  };
  EXPECT_EQ(PhaseOf("miniport_initialize"), Phase::Initialize);
  EXPECT_EQ(PhaseOf("miniport_halt"), Phase::Halt);
  EXPECT_EQ(PhaseOf("miniport_unload"), Phase::Unload);
  EXPECT_EQ(PhaseOf("filter_attach"), Phase::Initialize);
  EXPECT_EQ(PhaseOf("filter_detach"), Phase::Halt);
  EXPECT_EQ(PhaseOf("protocol_bind_adapter_ex"), Phase::Initialize);
  EXPECT_EQ(PhaseOf("protocol_unbind_adapter_ex"), Phase::Halt);
  EXPECT_EQ(PhaseOf("miniport_send_net_buffer_lists"), Phase::Runtime);
  EXPECT_EQ(PhaseOf("driver_initialize"), Phase::DriverEntry);
  EXPECT_EQ(PhaseOf("driver_unload"), Phase::Unload);
  EXPECT_EQ(PhaseOf("ndis5_miniport_initialize"), Phase::Initialize);
  EXPECT_EQ(PhaseOf("ndis5_miniport_halt"), Phase::Halt);

  EXPECT_EQ(Db.roleForType("DRIVER_INITIALIZE")->Irql,
            IrqlRange::exactly(Irql::Passive));
  EXPECT_EQ(Db.roleForType("KDEFERRED_ROUTINE")->Irql,
            IrqlRange::exactly(Irql::Dispatch));
  EXPECT_EQ(Db.roleForType("NDIS_IO_WORKITEM_FUNCTION")->Irql,
            IrqlRange::exactly(Irql::Passive));
  EXPECT_EQ(Db.roleForType("IO_WORKITEM_ROUTINE")->Irql,
            IrqlRange::exactly(Irql::Passive));
  EXPECT_EQ(Db.role("ndis_proc")->Irql, IrqlRange::exactly(Irql::Passive));
  EXPECT_EQ(Db.role("ndis5_miniport_isr")->Irql,
            IrqlRange::exactly(Irql::Dirql));
  EXPECT_EQ(Db.role("ndis5_miniport_handle_interrupt")->Irql,
            IrqlRange::exactly(Irql::Dispatch));
  EXPECT_EQ(Db.role("ndis5_miniport_send")->Irql,
            IrqlRange::atMost(Irql::Dispatch));
  EXPECT_EQ(Db.role("ndis5_protocol_unload")->PhaseOf, Phase::Unload);
  EXPECT_EQ(Db.role("ndis5_protocol_unload")->DriverKind, "protocol");
  EXPECT_EQ(Db.role("ndis5_protocol_unload")->Irql,
            IrqlRange::exactly(Irql::Passive));
  EXPECT_FALSE(Db.role("ndis5_miniport_shutdown")->Irql);
  EXPECT_EQ(Db.role("miniport_initialize")->DriverKind, "miniport");
  EXPECT_EQ(Db.role("filter_attach")->DriverKind, "filter");
  EXPECT_EQ(Db.role("protocol_bind_adapter_ex")->DriverKind, "protocol");
  EXPECT_EQ(Db.role("kdeferred_routine")->DriverKind, "any");
  EXPECT_EQ(Db.roleForType("NOT_A_ROLE"), nullptr);
}

/// A serialized NDIS 5 miniport's send, return, query/set and check-for-hang
/// handlers run at DISPATCH_LEVEL; a deserialized one's at <= DISPATCH_LEVEL.
TEST(RealDb, SerializedMiniportIrql) {
  const ContractDb &Db = realDb();
  for (const char *Name :
       {"ndis5_miniport_send", "ndis5_miniport_send_packets",
        "ndis5_miniport_return_packet", "ndis5_miniport_query_information",
        "ndis5_miniport_set_information", "ndis5_miniport_check_for_hang",
        "ndis5_miniport_transfer_data"}) {
    const RoleInfo *R = Db.role(Name);
    ASSERT_NE(R, nullptr) << Name;
    EXPECT_EQ(R->IrqlSerialized, IrqlRange::exactly(Irql::Dispatch)) << Name;
    EXPECT_EQ(R->irqlFor(/*Deserialized=*/false),
              IrqlRange::exactly(Irql::Dispatch))
        << Name;
    EXPECT_EQ(R->irqlFor(/*Deserialized=*/true),
              IrqlRange::atMost(Irql::Dispatch))
        << Name;
    EXPECT_FALSE(R->Cites.empty()) << Name;
  }
  // Halt, initialise and the NDIS 6 roles have one range.
  for (const char *Name : {"ndis5_miniport_halt", "ndis5_miniport_initialize",
                           "ndis5_miniport_reset", "miniport_check_for_hang"}) {
    EXPECT_FALSE(Db.role(Name)->IrqlSerialized) << Name;
    EXPECT_EQ(Db.role(Name)->irqlFor(false), Db.role(Name)->Irql) << Name;
  }
  ASSERT_TRUE(Db.Deserialized);
  EXPECT_EQ(Db.Deserialized->Ddi, "NdisMSetAttributesEx");
  EXPECT_EQ(Db.Deserialized->When.Param, "AttributeFlags");
  EXPECT_EQ(Db.Deserialized->When.Mask, 0x20u);
  EXPECT_EQ(Db.Deserialized->When.BitNames,
            std::vector<std::string>{"NDIS_ATTRIBUTE_DESERIALIZE"});
  EXPECT_FALSE(Db.Deserialized->Cites.empty());
  EXPECT_GE(Db.ddi("NdisMSetAttributesEx")->paramIndex("AttributeFlags"), 0);
}

TEST(RealDb, CharacteristicsFields) {
  const ContractDb &Db = realDb();
  auto RoleOf = [&](const char *Field) -> std::string {
    const RoleInfo *R = Db.roleForField(Field);
    return R ? R->Name : "";
  };
  // NDIS 6 miniport, interrupt, DMA and timer structures.
  EXPECT_EQ(RoleOf("InitializeHandlerEx"), "miniport_initialize");
  EXPECT_EQ(RoleOf("HaltHandlerEx"), "miniport_halt");
  EXPECT_EQ(RoleOf("UnloadHandler"), "miniport_unload");
  EXPECT_EQ(RoleOf("OidRequestHandler"), "miniport_oid_request");
  EXPECT_EQ(RoleOf("SendNetBufferListsHandler"),
            "miniport_send_net_buffer_lists");
  EXPECT_EQ(RoleOf("ReturnNetBufferListsHandler"),
            "miniport_return_net_buffer_lists");
  EXPECT_EQ(RoleOf("CancelDirectOidRequestHandler"),
            "miniport_cancel_direct_oid_request");
  EXPECT_EQ(RoleOf("InterruptHandler"), "miniport_isr");
  EXPECT_EQ(RoleOf("InterruptDpcHandler"), "miniport_interrupt_dpc");
  EXPECT_EQ(RoleOf("MessageInterruptDpcHandler"),
            "miniport_message_interrupt_dpc");
  EXPECT_EQ(RoleOf("ProcessSGListHandler"), "miniport_process_sg_list");
  EXPECT_EQ(RoleOf("SharedMemAllocateCompleteHandler"),
            "miniport_allocate_shared_mem_complete");
  // Filter and protocol.
  EXPECT_EQ(RoleOf("AttachHandler"), "filter_attach");
  EXPECT_EQ(RoleOf("DetachHandler"), "filter_detach");
  EXPECT_EQ(RoleOf("BindAdapterHandlerEx"), "protocol_bind_adapter_ex");
  EXPECT_EQ(RoleOf("UnbindAdapterHandlerEx"), "protocol_unbind_adapter_ex");
  // NDIS 5.
  EXPECT_EQ(RoleOf("InitializeHandler"), "ndis5_miniport_initialize");
  EXPECT_EQ(RoleOf("HaltHandler"), "ndis5_miniport_halt");
  EXPECT_EQ(RoleOf("ISRHandler"), "ndis5_miniport_isr");
  EXPECT_EQ(RoleOf("HandleInterruptHandler"),
            "ndis5_miniport_handle_interrupt");
  EXPECT_EQ(RoleOf("SendHandler"), "ndis5_miniport_send");
  EXPECT_EQ(RoleOf("SendPacketsHandler"), "ndis5_miniport_send_packets");
  EXPECT_EQ(RoleOf("ReturnPacketHandler"), "ndis5_miniport_return_packet");
  EXPECT_EQ(RoleOf("ResetHandler"), "ndis5_miniport_reset");
  EXPECT_EQ(RoleOf("QueryInformationHandler"),
            "ndis5_miniport_query_information");
  EXPECT_EQ(RoleOf("SetInformationHandler"), "ndis5_miniport_set_information");
  EXPECT_EQ(RoleOf("CheckForHangHandler"), "ndis5_miniport_check_for_hang");
  EXPECT_EQ(RoleOf("AdapterShutdownHandler"), "ndis5_miniport_shutdown");
  EXPECT_EQ(RoleOf("AllocateCompleteHandler"),
            "ndis5_miniport_allocate_complete");
  EXPECT_EQ(Db.role(RoleOf("DisableInterruptHandler"))->Irql,
            IrqlRange::exactly(Irql::Dirql));
  EXPECT_EQ(RoleOf("NoSuchHandler"), "");

  // Matched by structure type: an NDIS 5 protocol's UnloadHandler is a
  // protocol role, not the miniport unload role.
  auto InStruct = [&](std::vector<std::string> Structs, const char *Field) {
    const RoleInfo *R = Db.roleForField(Structs, Field);
    return R ? R->Name : std::string();
  };
  EXPECT_EQ(InStruct({"NDIS_PROTOCOL_CHARACTERISTICS",
                      "_NDIS_PROTOCOL_CHARACTERISTICS"},
                     "UnloadHandler"),
            "ndis5_protocol_unload");
  EXPECT_EQ(InStruct({"NDIS40_PROTOCOL_CHARACTERISTICS"}, "UnloadHandler"),
            "ndis5_protocol_unload");
  EXPECT_EQ(InStruct({"NDIS_MINIPORT_DRIVER_CHARACTERISTICS"}, "UnloadHandler"),
            "miniport_unload");
  // The WDK's NdisInitializeWorkItem assigns WorkItem->Routine.
  EXPECT_EQ(InStruct({"NDIS_WORK_ITEM", "_NDIS_WORK_ITEM"}, "Routine"),
            "ndis_proc");
  // ... and no other structure's Routine field registers anything.
  EXPECT_EQ(RoleOf("Routine"), "");
  EXPECT_EQ(InStruct({"MY_CONTEXT"}, "Routine"), "");
}

TEST(RealDb, DispatchLevelFlags) {
  const ContractDb &Db = realDb();
  for (const char *Name :
       {"NDIS_SEND_FLAGS_DISPATCH_LEVEL", "NDIS_RETURN_FLAGS_DISPATCH_LEVEL"}) {
    const std::vector<std::string> &F = Db.DispatchLevelFlags;
    EXPECT_NE(std::find(F.begin(), F.end(), Name), F.end()) << Name;
    EXPECT_EQ(Db.Constants.count(Name), 1u) << Name;
  }
}

TEST(RealDb, Ndis6Macros) {
  const std::vector<std::string> &M = realDb().Ndis6Macros;
  for (const char *Name :
       {"NDIS60", "NDIS60_MINIPORT", "NDIS61", "NDIS61_MINIPORT", "NDIS620",
        "NDIS620_MINIPORT", "NDIS630", "NDIS_SUPPORT_NDIS6"})
    EXPECT_NE(std::find(M.begin(), M.end(), Name), M.end()) << Name;
}

TEST(Phase, NamesRoundTrip) {
  for (Phase P : {Phase::DriverEntry, Phase::Initialize, Phase::Runtime,
                  Phase::Halt, Phase::Unload})
    EXPECT_EQ(parsePhase(phaseName(P)), P);
  EXPECT_STREQ(phaseName(Phase::DriverEntry), "driver-entry");
  EXPECT_FALSE(parsePhase("init"));
}

//===----------------------------------------------------------------------===//
// Malformed databases
//===----------------------------------------------------------------------===//

// Lines 1-6 of every test database; the text passed to withDdis starts on
// line 7.
/// Every rule the engine reports, on one line (line 4).
std::string engineRulesLine() {
  std::string Line;
  for (const char *Id : EngineRuleIds)
    Line += std::string(Line.empty() ? "" : ", ") + "{\"id\": \"" + Id +
            "\", \"name\": \"R\", \"severity\": \"error\", \"short\": "
            "\"s\", \"full\": \"f\", \"help\": \"h\"}";
  return Line;
}

const std::string Head = R"({
  "version": 1,
  "constants": {"BIT_A": 1, "BIT_B": 2, "ZERO": 0},
  "rules": [)" + engineRulesLine() +
                         R"(],
  "roles": [{"name": "isr", "types": ["MINIPORT_ISR"], "irql": "DIRQL", "phase": "runtime"}],
  "ddis": [
)";

std::string withDdis(const std::string &Ddis) {
  return Head + Ddis + "\n  ]\n}\n";
}

/// The error for Text, or "" if it loads.
std::string errorOf(const std::string &Text) {
  ContractDb Db;
  std::string Error;
  if (parseContractDb(Text, "t.json", Db, Error))
    return "";
  return Error;
}

/// "t.json:LINE:COL: error: " where COL is that of Needle in LineText.
std::string at(int Line, const std::string &LineText, const std::string &Needle,
               size_t Nth = 0) {
  size_t Col = LineText.find(Needle);
  for (; Nth && Col != std::string::npos; --Nth)
    Col = LineText.find(Needle, Col + 1);
  EXPECT_NE(Col, std::string::npos) << Needle;
  return "t.json:" + std::to_string(Line) + ":" + std::to_string(Col + 1) +
         ": error: ";
}

TEST(Errors, MinimalDatabaseLoads) {
  const std::string Ddi =
      R"(    {"name": "NdisFoo", "aliases": ["KeFoo"], "params": [{"name": "Flags"}], )"
      R"("irqlWhen": [{"param": "Flags", "anyBits": ["BIT_A", "BIT_B"], "max": "PASSIVE_LEVEL"}]})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(withDdis(Ddi), "t.json", Db, Error)) << Error;
  EXPECT_EQ(Db.ddi("KeFoo"), Db.ddi("NdisFoo"));
  EXPECT_EQ(Db.ddi("NdisFoo")->IrqlWhen[0].When.Mask, 3u);
  EXPECT_EQ(Db.roleForType("MINIPORT_ISR")->Name, "isr");
  EXPECT_EQ(Db.SourcePath, "t.json");
}

TEST(Errors, SyntaxError) {
  // A trailing comma: nlohmann stops at the '}' on line 3.
  EXPECT_EQ(errorOf("{\n  \"version\": 1,\n}\n"),
            "t.json:3:1: error: invalid JSON: syntax error while parsing "
            "object key - unexpected '}'; expected string literal");
  // Truncated: the position is just past the end of the text.
  EXPECT_EQ(errorOf("{\"version\": [1, 2"),
            "t.json:1:18: error: invalid JSON: syntax error while parsing "
            "array - unexpected end of input; expected ']'");
  EXPECT_EQ(errorOf(""), "t.json:1:1: error: invalid JSON: syntax error "
                         "while parsing value - unexpected end of input; "
                         "expected '[', '{', or a literal");
}

TEST(Errors, FailureLeavesOutputUntouched) {
  ContractDb Db;
  Db.Ndis6Macros = {"KEEP"};
  std::string Error;
  EXPECT_FALSE(parseContractDb("{", "t.json", Db, Error));
  EXPECT_EQ(Db.Ndis6Macros, std::vector<std::string>{"KEEP"});
}

TEST(Errors, TopLevel) {
  EXPECT_EQ(errorOf("[]"),
            "t.json:1:1: error: the contract database must be an object, "
            "not array");
  EXPECT_EQ(errorOf("{}"), "t.json:1:1: error: the contract database is "
                           "missing required key 'version'");
  EXPECT_EQ(errorOf("{\"version\": 2}"),
            "t.json:1:13: error: unsupported version 2; this NdisCheck reads "
            "version 1");
  // The list of allowed keys grows with the format: check its ends only.
  std::string Unknown = errorOf("{\"version\": 1, \"ddi\": []}");
  EXPECT_EQ(Unknown.rfind("t.json:1:16: error: unknown key 'ddi' in the "
                          "contract database; allowed keys: $schema, version, "
                          "constants, ndis6Macros, ",
                          0),
            0u)
      << Unknown;
  EXPECT_NE(Unknown.find(", ddis, roles, characteristics, deserialized"),
            std::string::npos)
      << Unknown;
  EXPECT_EQ(errorOf("{\"version\": 1, \"constants\": {\"A\": -1}}"),
            "t.json:1:35: error: constant 'A' must be a non-negative integer");
  EXPECT_EQ(errorOf("{\"version\": 1, \"ddis\": {}}"),
            "t.json:1:24: error: 'ddis' must be an array, not object");
}

TEST(Errors, DuplicateKey) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [], "name": "NdisBar"})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"name\"", 1) + "duplicate key 'name'");
}

TEST(Errors, WrongType) {
  const std::string L = R"(    {"name": 5, "params": []})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "5") + "'name' must be a string, not number");
  const std::string L2 =
      R"(    {"name": "NdisFoo", "params": [{"name": "A"}], "aliases": ["X", 7]})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "7") +
                "elements of 'aliases' must be non-empty strings, not number");
  const std::string L3 = R"(    {"name": "NdisFoo", "params": {}})";
  EXPECT_EQ(errorOf(withDdis(L3)),
            at(7, L3, "{}") + "'params' must be an array, not object");
  const std::string L4 = R"(    "NdisFoo")";
  EXPECT_EQ(errorOf(withDdis(L4)),
            at(7, L4, "\"") + "ddi must be an object, not string");
}

TEST(Errors, UnknownKey) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [], "irq": {"max": "DISPATCH_LEVEL"}})";
  EXPECT_EQ(
      errorOf(withDdis(L)),
      at(7, L, "\"irq\"") +
          "unknown key 'irq' in ddi; allowed keys: name, aliases, "
          "params, ndis, irql, irqlWhen, allowedFlags, initOnlyFlags, "
          "irqlEffect, allocates, frees, registers, requires, requiresRule, "
          "provides, rule, cites, note");
  const std::string L2 =
      R"(    {"name": "NdisFoo", "params": [{"name": "A", "type": "PVOID"}]})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "\"type\"") +
                "unknown key 'type' in parameter; allowed keys: name, role");
}

TEST(Errors, MissingName) {
  const std::string L = R"(    {"params": []})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "{") + "ddi is missing required key 'name'");
  const std::string L2 = R"(    {"name": "NdisFoo"})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "{") + "ddi is missing required key 'params'");
}

TEST(Errors, DanglingRule) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [], "rule": "ndis-nope"})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"ndis-nope\"") +
                "ddi 'NdisFoo' reports under rule 'ndis-nope', which is not "
                "in \"rules\"");
}

TEST(Errors, DanglingRole) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [{"name": "Fn"}], "registers": {"param": "Fn", "role": "dpc"}})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"dpc\"") + "unknown role 'dpc' (not in \"roles\")");
  // In a characteristics field; the field is on line 9.
  std::string Text = Head;
  Text += "  ],\n  \"characteristics\": [\n";
  const std::string F =
      R"(    {"struct": "S", "field": "IsrHandler", "role": "isr_nope"})";
  Text += F + "\n  ]\n}\n";
  EXPECT_EQ(errorOf(Text), at(9, F, "\"isr_nope\"") +
                               "unknown role 'isr_nope' (not in \"roles\")");
}

TEST(Errors, DanglingParam) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [{"name": "MemoryFlags"}], "irqlWhen": [{"param": "Flags", "anyBits": ["BIT_A"], "max": "PASSIVE_LEVEL"}]})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"Flags\"") +
                "unknown parameter 'Flags' of NdisFoo; its parameters are: "
                "MemoryFlags");
  const std::string L2 =
      R"(    {"name": "NdisFoo", "params": [], "allocates": {"family": "f", "result": "Out", "kind": "nonpaged"}})";
  EXPECT_EQ(errorOf(withDdis(L2)), at(7, L2, "\"Out\"") +
                                       "unknown parameter 'Out' of NdisFoo (it "
                                       "has no parameters), or \"return\"");
  const std::string L3 =
      R"(    {"name": "NdisFoo", "params": [{"name": "P"}], "frees": {"family": "f", "param": "P", "mustMatch": ["Length"]}})";
  EXPECT_EQ(errorOf(withDdis(L3)),
            at(7, L3, "\"Length\"") + "unknown parameter 'Length' of NdisFoo");
}

TEST(Errors, DanglingConstant) {
  const std::string Top = R"({"version": 1, "dispatchLevelFlags": ["X"]})";
  EXPECT_EQ(errorOf(Top), at(1, Top, "\"X\"") +
                              "unknown constant 'X' (not in \"constants\")");
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [{"name": "F"}], "allowedFlags": {"param": "F", "bits": ["BIT_A", "BIT_C"]}})";
  EXPECT_EQ(errorOf(withDdis(L)), at(7, L, "\"BIT_C\"") +
                                      "unknown constant 'BIT_C' (not in "
                                      "\"constants\")");
  const std::string L2 =
      R"(    {"name": "NdisFoo", "params": [{"name": "F"}], "allowedFlags": {"param": "F", "bits": ["ZERO"]}})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "\"ZERO\"") +
                "constant 'ZERO' is 0 and cannot be tested as a bit");
}

TEST(Errors, BadIrqlAndPhase) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [], "irql": {"max": "DISPATCH"}})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"DISPATCH\"") +
                "unknown IRQL 'DISPATCH'; expected PASSIVE_LEVEL, APC_LEVEL, "
                "DISPATCH_LEVEL, DIRQL or HIGH_LEVEL");
  const std::string L2 =
      R"(    {"name": "NdisFoo", "params": [], "irql": {"min": "DISPATCH_LEVEL", "max": "PASSIVE_LEVEL"}})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "{\"min\"") + "IRQL range is empty: min DISPATCH_LEVEL "
                                    "is above max PASSIVE_LEVEL");
  const std::string Role =
      R"({"version": 1, "roles": [{"name": "r", "phase": "init"}]})";
  EXPECT_EQ(errorOf(Role),
            at(1, Role, "\"init\"") +
                "unknown phase 'init'; expected driver-entry, initialize, "
                "runtime, halt or unload");
  const std::string Role2 =
      R"({"version": 1, "roles": [{"name": "r", "irql": 2}]})";
  EXPECT_EQ(errorOf(Role2), at(1, Role2, "2") +
                                "'irql' must be an IRQL name or an object "
                                "{min, max}, not number");
}

TEST(Errors, Duplicates) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": []}, {"name": "NdisFoo", "params": []})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"NdisFoo\"", 1) +
                "duplicate DDI name 'NdisFoo' (first at " +
                at(7, L, "\"NdisFoo\"").substr(0, 11) + ")");
  const std::string L2 =
      R"(    {"name": "KeBar", "params": []}, {"name": "NdisFoo", "aliases": ["KeBar"], "params": []})";
  EXPECT_NE(errorOf(withDdis(L2)).find("duplicate DDI name 'KeBar'"),
            std::string::npos);
  const std::string L3 =
      R"(    {"name": "NdisFoo", "params": [{"name": "A"}, {"name": "A"}]})";
  EXPECT_EQ(errorOf(withDdis(L3)),
            at(7, L3, "\"A\"", 1) + "duplicate parameter 'A' of NdisFoo");
}

TEST(Errors, Effects) {
  const std::string L =
      R"(    {"name": "KeFoo", "params": [], "irqlEffect": {"kind": "raise"}})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "{\"kind\"") + "a raise needs 'to' or 'toParam'");
  const std::string L2 =
      R"(    {"name": "KeFoo", "params": [{"name": "L"}], "irqlEffect": {"kind": "lower", "lock": "L"}})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "\"lock\"") +
                "'lock' applies only to acquire and release, not lower");
  const std::string L3 =
      R"(    {"name": "KeFoo", "params": [], "irqlEffect": {"kind": "jump"}})";
  EXPECT_EQ(errorOf(withDdis(L3)),
            at(7, L3, "\"jump\"") +
                "unknown kind 'jump'; expected one of raise, lower, acquire, "
                "release, query");
}

TEST(Errors, RequiresNeedsARule) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [], "requires": ["dma"]})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "{") + "ddi 'NdisFoo' has \"requires\" and needs "
                            "\"requiresRule\": a rule id from \"rules\" to "
                            "report a missing state under");
}

TEST(Errors, StatesAndFamilies) {
  const std::string L =
      R"(    {"name": "NdisFoo", "params": [], "requires": ["dma"], "requiresRule": "ndis-irql"})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"dma\"") +
                "state 'dma' required by NdisFoo is not provided by any DDI");
  const std::string L2 =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}], "frees": {"family": "mem", "param": "P"}})";
  EXPECT_EQ(errorOf(withDdis(L2)),
            at(7, L2, "\"mem\"") +
                "family 'mem' freed by NdisFree is not allocated by any DDI");
}

/// A database that frees family "mem" from a DDI with Flags, so that
/// unlessZero conditions have something to refer to.
std::string withAllocAndFree(const std::string &Free) {
  return withDdis(
      R"(    {"name": "NdisAlloc", "params": [{"name": "P"}, {"name": "Flags"}], "allocates": {"family": "mem", "result": "P", "kind": "nonpaged"}},)"
      "\n" +
      Free);
}

TEST(Errors, MustMatchUnlessZero) {
  // Valid: a plain name and a conditional entry.
  const std::string Ok =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}, {"name": "Length"}, {"name": "Flags"}], "frees": {"family": "mem", "param": "P", "mustMatch": ["Flags", {"param": "Length", "unlessZero": "Flags"}]}})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(withAllocAndFree(Ok), "t.json", Db, Error))
      << Error;
  const FreeInfo &F = *Db.ddi("NdisFree")->Frees;
  EXPECT_EQ(F.MustMatch, (std::vector<std::string>{"Flags", "Length"}));
  EXPECT_EQ(F.MustMatchUnlessZero.at("Length"), "Flags");

  // The condition must be a parameter of some DDI allocating the family.
  const std::string L =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}, {"name": "Length"}], "frees": {"family": "mem", "param": "P", "mustMatch": [{"param": "Length", "unlessZero": "MemoryFlags"}]}})";
  EXPECT_EQ(errorOf(withAllocAndFree(L)),
            at(8, L, "\"MemoryFlags\"") +
                "'unlessZero' names 'MemoryFlags', which no DDI allocating "
                "family 'mem' has as a parameter");
  const std::string L2 =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}], "frees": {"family": "mem", "param": "P", "mustMatch": [{"param": "Length", "unlessZero": "Flags"}]}})";
  EXPECT_EQ(errorOf(withAllocAndFree(L2)),
            at(8, L2, "\"Length\"") + "unknown parameter 'Length' of NdisFree");
  const std::string L3 =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}, {"name": "L"}], "frees": {"family": "mem", "param": "P", "mustMatch": [{"param": "L", "unless": "Flags"}]}})";
  EXPECT_EQ(errorOf(withAllocAndFree(L3)),
            at(8, L3, "\"unless\"") +
                "unknown key 'unless' in mustMatch entry; allowed keys: param, "
                "unlessZero");
  const std::string L4 =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}], "frees": {"family": "mem", "param": "P", "mustMatch": [3]}})";
  EXPECT_EQ(errorOf(withAllocAndFree(L4)),
            at(8, L4, "3") + "elements of 'mustMatch' must be parameter names "
                             "or objects {param, unlessZero}, not number");
  const std::string L5 =
      R"(    {"name": "NdisFree", "params": [{"name": "P"}, {"name": "L"}], "frees": {"family": "mem", "param": "P", "mustMatch": ["L", {"param": "L", "unlessZero": "Flags"}]}})";
  EXPECT_EQ(errorOf(withAllocAndFree(L5)),
            at(8, L5, "\"L\"", 2) +
                "parameter 'L' appears twice in 'mustMatch'");
}

TEST(Errors, KeyedAllocations) {
  const std::string Ok =
      R"(    {"name": "NdisMAllocateMap", "params": [{"name": "Handle"}], "allocates": {"family": "map", "keyedBy": "Handle", "kind": "object"}}, {"name": "NdisMFreeMap", "params": [{"name": "Handle"}], "frees": {"family": "map", "param": "Handle"}})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(withDdis(Ok), "t.json", Db, Error)) << Error;
  const AllocationInfo &A = *Db.ddi("NdisMAllocateMap")->Allocates;
  EXPECT_TRUE(A.keyed());
  EXPECT_EQ(A.KeyedBy, "Handle");
  EXPECT_EQ(A.Result, "");
  EXPECT_EQ(A.Kind, "object");

  const std::string Both =
      R"(    {"name": "NdisA", "params": [{"name": "H"}], "allocates": {"family": "f", "result": "return", "keyedBy": "H", "kind": "object"}})";
  const std::string Message =
      "'allocates' needs exactly one of 'result' (the out parameter or "
      "\"return\" that names the resource) and 'keyedBy' (the input parameter "
      "that identifies it)";
  EXPECT_EQ(errorOf(withDdis(Both)), at(7, Both, "{\"family\"") + Message);
  const std::string Neither =
      R"(    {"name": "NdisA", "params": [{"name": "H"}], "allocates": {"family": "f", "kind": "object"}})";
  EXPECT_EQ(errorOf(withDdis(Neither)),
            at(7, Neither, "{\"family\"") + Message);
  const std::string Unknown =
      R"(    {"name": "NdisA", "params": [{"name": "H"}], "allocates": {"family": "f", "keyedBy": "Handle", "kind": "object"}})";
  EXPECT_EQ(errorOf(withDdis(Unknown)),
            at(7, Unknown, "\"Handle\"") +
                "unknown parameter 'Handle' of NdisA; its parameters are: H");
  const std::string Return =
      R"(    {"name": "NdisA", "params": [{"name": "H"}], "allocates": {"family": "f", "keyedBy": "return", "kind": "object"}})";
  EXPECT_EQ(errorOf(withDdis(Return)),
            at(7, Return, "\"return\"") +
                "unknown parameter 'return' of NdisA; its parameters are: H");
  const std::string Kind =
      R"(    {"name": "NdisA", "params": [{"name": "H"}], "allocates": {"family": "f", "keyedBy": "H", "kind": "handle"}})";
  EXPECT_EQ(errorOf(withDdis(Kind)),
            at(7, Kind, "\"handle\"") +
                "unknown kind 'handle'; expected one of nonpaged, paged, "
                "shared, object, pool-type");
}

/// Roles in a database with a miniport send role; the role is on line 2.
std::string withRole(const std::string &Role) {
  return "{\"version\": 1, \"roles\": [\n" + Role + "\n], \"rules\": [" +
         engineRulesLine() + "]}\n";
}

TEST(Errors, IrqlSerialized) {
  const std::string Ok =
      R"({"name": "send", "irql": {"max": "DISPATCH_LEVEL"}, "irqlSerialized": "DISPATCH_LEVEL", "driverKind": "miniport"})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(withRole(Ok), "t.json", Db, Error)) << Error;
  EXPECT_EQ(Db.role("send")->IrqlSerialized,
            IrqlRange::exactly(Irql::Dispatch));
  EXPECT_EQ(Db.role("send")->irqlFor(true), IrqlRange::atMost(Irql::Dispatch));

  const std::string Filter =
      R"({"name": "send", "irql": {"max": "DISPATCH_LEVEL"}, "irqlSerialized": "DISPATCH_LEVEL", "driverKind": "filter"})";
  EXPECT_EQ(errorOf(withRole(Filter)),
            at(2, Filter, "\"irqlSerialized\"") +
                "'irqlSerialized' applies only to miniport roles (driverKind "
                "\"miniport\"), not filter");
  const std::string NoIrql =
      R"({"name": "send", "irqlSerialized": "DISPATCH_LEVEL", "driverKind": "miniport"})";
  EXPECT_EQ(errorOf(withRole(NoIrql)),
            at(2, NoIrql, "\"irqlSerialized\"") +
                "'irqlSerialized' needs 'irql', the range of a deserialized "
                "miniport");
  const std::string Outside =
      R"({"name": "send", "irql": "PASSIVE_LEVEL", "irqlSerialized": "DISPATCH_LEVEL", "driverKind": "miniport"})";
  EXPECT_EQ(errorOf(withRole(Outside)),
            at(2, Outside, "\"DISPATCH_LEVEL\"") +
                "'irqlSerialized' DISPATCH_LEVEL is not within the role's "
                "'irql' PASSIVE_LEVEL");
  const std::string Bad =
      R"({"name": "send", "irql": "DISPATCH_LEVEL", "irqlSerialized": "DPC", "driverKind": "miniport"})";
  EXPECT_EQ(errorOf(withRole(Bad)),
            at(2, Bad, "\"DPC\"") +
                "unknown IRQL 'DPC'; expected PASSIVE_LEVEL, APC_LEVEL, "
                "DISPATCH_LEVEL, DIRQL or HIGH_LEVEL");
  const std::string Number =
      R"({"name": "send", "irql": "DISPATCH_LEVEL", "irqlSerialized": 2, "driverKind": "miniport"})";
  EXPECT_EQ(errorOf(withRole(Number)),
            at(2, Number, "2") + "'irqlSerialized' must be an IRQL name or an "
                                 "object {min, max}, not number");
}

/// A database with one DDI NdisMSetAttributesEx; "deserialized" on line 3.
std::string withDeserialized(const std::string &Decl) {
  return "{\"version\": 1, \"constants\": {\"DESER\": 32, \"NONE\": 0}, "
         "\"ddis\": [{\"name\": \"NdisMSetAttributesEx\", \"params\": "
         "[{\"name\": \"Handle\"}, {\"name\": \"AttributeFlags\"}]}],\n"
         "\"rules\": [" +
         engineRulesLine() +
         "],\n"
         "\"deserialized\": " +
         Decl + "\n}\n";
}

/// The error position of Needle in line 3 of withDeserialized(Decl).
std::string atDecl(const std::string &Decl, const std::string &Needle) {
  return at(3, "\"deserialized\": " + Decl, Needle);
}

TEST(Errors, Deserialized) {
  const std::string Ok =
      R"({"ddi": "NdisMSetAttributesEx", "param": "AttributeFlags", "anyBits": ["DESER"], "cites": [{"ddi": "MiniportInitialize", "url": "https://learn.microsoft.com/x", "text": "t"}]})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(withDeserialized(Ok), "t.json", Db, Error))
      << Error;
  ASSERT_TRUE(Db.Deserialized);
  EXPECT_EQ(Db.Deserialized->Ddi, "NdisMSetAttributesEx");
  EXPECT_EQ(Db.Deserialized->When.Param, "AttributeFlags");
  EXPECT_EQ(Db.Deserialized->When.Mask, 32u);
  EXPECT_EQ(Db.Deserialized->Cites.at(0).Url, "https://learn.microsoft.com/x");

  const std::string NoDdi =
      R"({"ddi": "NdisMSetAttributes", "param": "AttributeFlags", "anyBits": ["DESER"]})";
  EXPECT_EQ(errorOf(withDeserialized(NoDdi)),
            atDecl(NoDdi, "\"NdisMSetAttributes\"") +
                "unknown DDI 'NdisMSetAttributes' (not in \"ddis\")");
  const std::string NoParam =
      R"({"ddi": "NdisMSetAttributesEx", "param": "Flags", "anyBits": ["DESER"]})";
  EXPECT_EQ(errorOf(withDeserialized(NoParam)),
            atDecl(NoParam, "\"Flags\"") +
                "unknown parameter 'Flags' of NdisMSetAttributesEx; its "
                "parameters are: Handle, AttributeFlags");
  const std::string NoConst =
      R"({"ddi": "NdisMSetAttributesEx", "param": "AttributeFlags", "anyBits": ["NDIS_ATTRIBUTE_DESERIALIZE"]})";
  EXPECT_EQ(errorOf(withDeserialized(NoConst)),
            atDecl(NoConst, "\"NDIS_ATTRIBUTE_DESERIALIZE\"") +
                "unknown constant 'NDIS_ATTRIBUTE_DESERIALIZE' (not in "
                "\"constants\")");
  const std::string Zero =
      R"({"ddi": "NdisMSetAttributesEx", "param": "AttributeFlags", "anyBits": ["NONE"]})";
  EXPECT_EQ(errorOf(withDeserialized(Zero)),
            atDecl(Zero, "\"NONE\"") +
                "constant 'NONE' is 0 and cannot be tested as a bit");
  const std::string Empty =
      R"({"ddi": "NdisMSetAttributesEx", "param": "AttributeFlags", "anyBits": []})";
  EXPECT_EQ(errorOf(withDeserialized(Empty)),
            atDecl(Empty, "[]") + "'anyBits' must name at least one constant");
  const std::string Missing =
      R"({"ddi": "NdisMSetAttributesEx", "param": "AttributeFlags"})";
  EXPECT_EQ(errorOf(withDeserialized(Missing)),
            atDecl(Missing, "{") +
                "'deserialized' is missing required key 'anyBits'");
}

TEST(Errors, StructOnlyFields) {
  std::string Text = Head;
  Text += "  ],\n  \"characteristics\": [\n";
  const std::string F =
      R"(    {"struct": "NDIS_WORK_ITEM", "field": "Routine", "role": "isr", "structOnly": true},)"
      "\n"
      R"(    {"struct": "S", "field": "IsrHandler", "role": "isr"})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(Text + F + "\n  ]\n}\n", "t.json", Db, Error))
      << Error;
  EXPECT_TRUE(Db.Fields[0].StructOnly);
  EXPECT_FALSE(Db.Fields[1].StructOnly);
  EXPECT_EQ(Db.roleForField("Routine"), nullptr);
  EXPECT_EQ(Db.roleForField({"NDIS_WORK_ITEM"}, "Routine"), Db.role("isr"));
  EXPECT_EQ(Db.roleForField({"OTHER"}, "Routine"), nullptr);
  EXPECT_EQ(Db.roleForField("IsrHandler"), Db.role("isr"));
  EXPECT_EQ(Db.roleForField({"OTHER"}, "IsrHandler"), Db.role("isr"));

  const std::string Bad =
      R"(    {"struct": "S", "field": "F", "role": "isr", "structOnly": "yes"})";
  EXPECT_EQ(errorOf(Text + Bad + "\n  ]\n}\n"),
            at(9, Bad, "\"yes\"") +
                "'structOnly' must be true or false, not string");
}

TEST(Errors, Citations) {
  const std::string Ok =
      R"(    {"name": "NdisFoo", "params": [], "cites": [{"ddi": "NdisFoo", "url": "https://learn.microsoft.com/foo", "text": "Callers run at IRQL = PASSIVE_LEVEL."}, {"ddi": "NdisFoo", "seed": "000_x.txt", "text": "t"}]})";
  ContractDb Db;
  std::string Error;
  ASSERT_TRUE(parseContractDb(withDdis(Ok), "t.json", Db, Error)) << Error;
  ASSERT_EQ(Db.ddi("NdisFoo")->Cites.size(), 2u);
  EXPECT_EQ(Db.ddi("NdisFoo")->Cites[0].Url, "https://learn.microsoft.com/foo");
  EXPECT_EQ(Db.ddi("NdisFoo")->Cites[1].Seed, "000_x.txt");

  const std::string NoSource =
      R"(    {"name": "NdisFoo", "params": [], "cites": [{"ddi": "NdisFoo", "text": "t"}]})";
  EXPECT_EQ(errorOf(withDdis(NoSource)),
            at(7, NoSource, "{\"ddi\": \"NdisFoo\", \"text\"") +
                "a citation needs 'seed' (a page in rules/seeds/) or 'url' "
                "(the page it quotes)");
  const std::string BadUrl =
      R"(    {"name": "NdisFoo", "params": [], "cites": [{"ddi": "NdisFoo", "url": "learn.microsoft.com/foo", "text": "t"}]})";
  EXPECT_EQ(errorOf(withDdis(BadUrl)),
            at(7, BadUrl, "\"learn.microsoft.com/foo\"") +
                "'url' must be an http(s) address, not "
                "'learn.microsoft.com/foo'");
  const std::string Key =
      R"(    {"name": "NdisFoo", "params": [], "cites": [{"ddi": "NdisFoo", "page": "p", "text": "t"}]})";
  EXPECT_EQ(errorOf(withDdis(Key)),
            at(7, Key, "\"page\"") + "unknown key 'page' in citation; allowed "
                                     "keys: ddi, seed, url, text");
  const std::string Role =
      R"({"version": 1, "roles": [{"name": "r", "cites": {}}]})";
  EXPECT_EQ(errorOf(Role),
            at(1, Role, "{}") + "'cites' must be an array, not object");
}

TEST(Errors, MissingFile) {
  ContractDb Db;
  std::string Error;
  EXPECT_FALSE(loadContractDb("/nonexistent/db.json", Db, Error));
  EXPECT_EQ(Error.rfind("/nonexistent/db.json: error: cannot open", 0), 0u)
      << Error;
}

} // namespace

namespace {

//===----------------------------------------------------------------------===//
// Hostile databases: nesting, names the schema forbids, missing rules
//===----------------------------------------------------------------------===//

TEST(Hostile, NestingIsBoundedAndFast) {
  auto Nested = [](size_t Depth) {
    return "{\"version\": 1, \"x\": " + std::string(Depth, '[') +
           std::string(Depth, ']') + "}";
  };
  // Level 1 is the object: the 512th '[' opens level 513.
  EXPECT_EQ(errorOf(Nested(512)),
            "t.json:1:532: error: nested deeper than 512 levels; a contract "
            "database needs 6");
  EXPECT_EQ(errorOf(Nested(100000)),
            "t.json:1:532: error: nested deeper than 512 levels; a contract "
            "database needs 6");
  // At the limit the document is read and refused for what it says.
  EXPECT_NE(errorOf(Nested(511)).find("unknown key 'x'"), std::string::npos);
}

TEST(Hostile, NamesFollowTheSchema) {
  const std::string Sentence = "Lookup is by field name, so the miniport wins.";
  const std::string L = R"(    {"name": ")" + Sentence + R"(", "params": []})";
  EXPECT_EQ(errorOf(withDdis(L)),
            at(7, L, "\"Lookup") + "'" + Sentence +
                "' is not a DDI name: it must match [A-Za-z_][A-Za-z0-9_]*");
  std::string Text = Head;
  Text += "  ],\n  \"characteristics\": [\n";
  const std::string F =
      R"(    {"struct": "S", "field": "Isr Handler", "role": "isr"})";
  Text += F + "\n  ]\n}\n";
  EXPECT_EQ(errorOf(Text), at(9, F, "\"Isr Handler\"") +
                               "'Isr Handler' is not a characteristics field: "
                               "it must match [A-Za-z_][A-Za-z0-9_]*");
}

TEST(Hostile, EveryEngineRuleIsRequired) {
  std::string Text = withDdis("");
  size_t At = Text.find("{\"id\": \"ndis-leak\"");
  ASSERT_NE(At, std::string::npos);
  Text.erase(At, Text.find('}', At) + 3 - At); // the object and ", "
  EXPECT_EQ(errorOf(Text), "t.json:4:3: error: no rule 'ndis-leak': "
                           "NdisCheck reports it, so the database must "
                           "describe it (see rules/ndis-contracts.json)");
}

TEST(Hostile, DirectoryIsNamed) {
  ContractDb Db;
  std::string Error;
  EXPECT_FALSE(loadContractDb(RulesDir, Db, Error));
  EXPECT_EQ(Error, RulesDir + ": error: is a directory, not a contract "
                              "database file");
}

// EngineRuleIds is the list of ids written in the analyses: a rule added
// there must be added to the list (and so be required of every database).
TEST(Hostile, EngineRuleIdsAreTheAnalysesIds) {
  std::set<std::string> InSources;
  std::regex Literal("\"(ndis-[a-z0-9-]+)\"");
  for (const char *Stage : {"tu", "link"})
    for (const auto &E : std::filesystem::directory_iterator(
             std::string(NDISCHECK_CHECKER_DIR) + "/" + Stage)) {
      std::ifstream In(E.path());
      std::stringstream S;
      S << In.rdbuf();
      std::string Src = S.str();
      for (std::sregex_iterator It(Src.begin(), Src.end(), Literal), End;
           It != End; ++It)
        InSources.insert((*It)[1]);
    }
  std::set<std::string> Listed(std::begin(EngineRuleIds),
                               std::end(EngineRuleIds));
  EXPECT_EQ(InSources, Listed);
}

} // namespace
