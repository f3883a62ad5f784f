//===- FieldWritesTest.cpp - What a file may write of its records -----===//

#include "tu/TuSummarizer.h"

#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

#include <algorithm>

using namespace ndischeck;

namespace {

/// A stand-in for ndis.h: one DDI of the database and the zeroing routine.
const char *const Prelude = R"(
typedef void *PVOID, *NDIS_HANDLE;
typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef unsigned int UINT;
typedef NDIS_HANDLE *PNDIS_HANDLE;
void NdisAllocateBufferPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle,
                            UINT NumberOfDescriptors);
void *memset(void *, int, unsigned long);
void *memcpy(void *, const void *, unsigned long);
void Opaque(PVOID Context);
typedef struct _SETTINGS { NDIS_HANDLE Pool; } SETTINGS;
typedef struct _ADAPTER {
  NDIS_HANDLE Assigned, AddressTaken, Incremented, Initialised, ZeroInit;
  NDIS_HANDLE ViaDdi, Never;
  SETTINGS Settings;
  union { NDIS_HANDLE A; PVOID B; } U;
} ADAPTER;
typedef struct _COPIED { NDIS_HANDLE Pool; } COPIED;
typedef struct _HANDED { NDIS_HANDLE Pool; } HANDED;
typedef struct _ZEROED { NDIS_HANDLE Pool; } ZEROED;
)";

TuSummary summarize(const std::string &Body) {
  ContractDb Db;
  std::string Error;
  EXPECT_TRUE(loadBuiltinContractDb(Db, Error)) << Error;
  TuSummary Out;
  EXPECT_TRUE(clang::tooling::runToolOnCodeWithArgs(
      std::make_unique<SummarizeAction>(Db, Out), std::string(Prelude) + Body,
      {"-fsyntax-only", "-w"}, "t.c"));
  return Out;
}

bool has(const std::vector<std::string> &V, const std::string &S) {
  return std::find(V.begin(), V.end(), S) != V.end();
}

} // namespace

TEST(FieldWritesTest, FieldsWrittenByAnyMeans) {
  TuSummary S = summarize(R"(
static ADAPTER Global = { 0, 0, 0, (NDIS_HANDLE)1, 0 };
void F(ADAPTER *A, NDIS_HANDLE H, PNDIS_HANDLE *Out) {
  NDIS_STATUS Status;
  A->Assigned = H;
  *Out = &A->AddressTaken;
  A->Incremented++;
  NdisAllocateBufferPool(&Status, &A->ViaDdi, 4);
  (void)A->Never;
  (void)Global;
}
)");
  for (const char *F :
       {"_ADAPTER.Assigned", "_ADAPTER.AddressTaken", "_ADAPTER.Incremented",
        "_ADAPTER.Initialised", "_ADAPTER.ViaDdi"})
    EXPECT_TRUE(has(S.WrittenFields, F)) << F;
  // Read only, or initialised to zero: not written.
  EXPECT_FALSE(has(S.WrittenFields, "_ADAPTER.Never"));
  EXPECT_FALSE(has(S.WrittenFields, "_ADAPTER.ZeroInit"));
  EXPECT_FALSE(has(S.WrittenRecords, "_ADAPTER"));
  // Records defined in the file the driver wrote.
  EXPECT_TRUE(has(S.DriverRecords, "_ADAPTER"));
}

TEST(FieldWritesTest, RecordsWrittenWhole) {
  TuSummary S = summarize(R"(
void F(ADAPTER *A, COPIED *C, const COPIED *From, HANDED *H, ZEROED *Z,
       SETTINGS *Defaults) {
  *C = *From;                        // assigned as a whole
  Opaque(H);                         // handed on as a PVOID
  memset(Z, 0, sizeof(*Z));          // zeroed: still nothing set
  memcpy(&A->Settings, Defaults, sizeof(*Defaults)); // a field's record
  A->U.A = 0;                        // a union member is every member
}
)");
  EXPECT_TRUE(has(S.WrittenRecords, "_COPIED"));
  EXPECT_TRUE(has(S.WrittenRecords, "_HANDED"));
  EXPECT_FALSE(has(S.WrittenRecords, "_ZEROED"));
  EXPECT_TRUE(has(S.WrittenRecords, "_SETTINGS"));
  EXPECT_FALSE(has(S.WrittenRecords, "_ADAPTER"));
}

TEST(FieldWritesTest, MiniportMacro) {
  EXPECT_TRUE(summarize("#define NDIS51_MINIPORT 1\n").Miniport);
  EXPECT_FALSE(summarize("#define NDIS51 1\n").Miniport);
  EXPECT_FALSE(summarize("#define NDIS_MINIPORT_DRIVER 0\n").Miniport);
}
