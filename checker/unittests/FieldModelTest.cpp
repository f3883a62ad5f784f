//===- FieldModelTest.cpp - Resources held in fields, across functions ---===//
//
// The resource analysis follows what a driver keeps in fields of its
// context as it follows locals: per object where it can tell them apart,
// across helpers and files through the summaries. Each test summarises a
// small driver (one or two files, the runtime's ndis.h) and links it.
//
//===----------------------------------------------------------------------===//

#include "link/DriverLink.h"
#include "tu/TuSummarizer.h"

#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

#include <algorithm>

using namespace ndischeck;

namespace {

const char *const Prelude = R"(#include <ndis.h>
typedef struct _ADAPTER {
  NDIS_HANDLE Handle;
  PUCHAR Buf;
  PUCHAR Table;
} ADAPTER, *PADAPTER;
VOID FreeBuf(PADAPTER A);
)";

struct File {
  std::string Name, Code;
};

/// Findings of the driver made of Files (each after Prelude), as
/// "rule@file:line" of the line holding Marker (a comment in the code).
std::vector<std::string> link(const std::vector<File> &Files) {
  ContractDb Db;
  std::string Error;
  EXPECT_TRUE(loadBuiltinContractDb(Db, Error)) << Error;
  std::vector<TuSummary> Tus;
  for (const File &F : Files) {
    TuSummary Out;
    EXPECT_TRUE(clang::tooling::runToolOnCodeWithArgs(
        std::make_unique<SummarizeAction>(Db, Out), Prelude + F.Code,
        {"-fsyntax-only", "-w", "--target=x86_64-pc-windows-msvc",
         "-fms-extensions", "-I" NDISCHECK_RUNTIME_INCLUDE,
         "-resource-dir=" NDISCHECK_RESOURCE_DIR},
        F.Name));
    Tus.push_back(std::move(Out));
  }
  std::vector<std::string> Out;
  for (const Finding &F : linkDriver(Db, Tus)) {
    std::string Name = F.Loc.File.substr(F.Loc.File.rfind('/') + 1);
    Out.push_back(F.RuleId + "@" + Name + ":" + std::to_string(F.Loc.Line));
  }
  return Out;
}

/// "rule@file:line" for the line of File that holds Marker.
std::string at(const std::string &Rule, const File &F, const char *Marker) {
  std::string Text = Prelude + F.Code;
  size_t Pos = Text.find(Marker);
  EXPECT_NE(Pos, std::string::npos) << Marker;
  unsigned Line = 1 + std::count(Text.begin(), Text.begin() + Pos, '\n');
  return Rule + "@" + F.Name + ":" + std::to_string(Line);
}

std::vector<std::string> only(std::vector<std::string> V,
                              const std::string &Rule) {
  V.erase(std::remove_if(V.begin(), V.end(),
                         [&](const std::string &S) {
                           return S.rfind(Rule + "@", 0) != 0;
                         }),
          V.end());
  return V;
}

const char *const Helpers = R"(
VOID FreeBuf(PADAPTER A) { NdisFreeMemory(A->Buf, 64, 0); }
VOID FreeBufAndClear(PADAPTER A) { NdisFreeMemory(A->Buf, 64, 0); A->Buf = NULL; }
)";

} // namespace

TEST(FieldModelTest, FieldFreedByHelperThenByCaller) {
  File A{"a.c", std::string(Helpers) + R"(
VOID Drop(PADAPTER A) {
  FreeBuf(A);
  NdisFreeMemory(A->Buf, 64, 0); /*again*/
}
)"};
  EXPECT_EQ(only(link({A}), "ndis-double-free"),
            std::vector<std::string>{at("ndis-double-free", A, "/*again*/")});
}

TEST(FieldModelTest, FieldClearedByHelperIsNotFreedTwice) {
  File A{"a.c", std::string(Helpers) + R"(
VOID Drop(PADAPTER A) {
  FreeBufAndClear(A);
  if (A->Buf != NULL)
    NdisFreeMemory(A->Buf, 64, 0);
}
)"};
  EXPECT_EQ(only(link({A}), "ndis-double-free"), std::vector<std::string>{});
}

TEST(FieldModelTest, HelperInAnotherFile) {
  File A{"a.c", R"(
VOID Drop(PADAPTER A) {
  FreeBuf(A);
  NdisFreeMemory(A->Buf, 64, 0); /*again*/
}
)"};
  File B{"b.c", R"(
VOID FreeBuf(PADAPTER A) { NdisFreeMemory(A->Buf, 64, 0); }
)"};
  EXPECT_EQ(only(link({A, B}), "ndis-double-free"),
            std::vector<std::string>{at("ndis-double-free", A, "/*again*/")});
}

TEST(FieldModelTest, TwoObjectsAreNotOne) {
  // The same field of two adapters the function is handed: nothing says
  // they are one object, so neither free is a double free.
  File A{"a.c", R"(
VOID DropBoth(PADAPTER A, PADAPTER B) {
  NdisFreeMemory(A->Buf, 64, 0);
  NdisFreeMemory(B->Buf, 64, 0);
}
)"};
  EXPECT_EQ(only(link({A}), "ndis-double-free"), std::vector<std::string>{});
}

TEST(FieldModelTest, FieldLostWithItsBlockOnAnErrorPath) {
  File A{"a.c", R"(
NDIS_STATUS Setup(NDIS_HANDLE H, PADAPTER *Out) {
  PADAPTER A = NdisAllocateMemoryWithTagPriority(H, sizeof(ADAPTER), 'dApM', NormalPoolPriority);
  if (A == NULL)
    return NDIS_STATUS_RESOURCES;
  NdisZeroMemory(A, sizeof(ADAPTER));
  A->Table = NdisAllocateMemoryWithTagPriority(H, 64, 'bTpM', NormalPoolPriority); /*table*/
  if (A->Table == NULL) {
    NdisFreeMemoryWithTagPriority(H, A, 'dApM');
    return NDIS_STATUS_RESOURCES;
  }
  A->Buf = NdisAllocateMemoryWithTagPriority(H, 64, 'fBpM', NormalPoolPriority);
  if (A->Buf == NULL) {
    NdisFreeMemoryWithTagPriority(H, A, 'dApM');
    return NDIS_STATUS_RESOURCES;
  }
  *Out = A;
  return NDIS_STATUS_SUCCESS;
}
)"};
  EXPECT_EQ(only(link({A}), "ndis-leak"),
            std::vector<std::string>{at("ndis-leak", A, "/*table*/")});
}

TEST(FieldModelTest, FieldUsedBeforeItsCheck) {
  File A{"a.c", R"(
NDIS_STATUS Fill(PADAPTER A) {
  A->Table = NdisAllocateMemoryWithTagPriority(A->Handle, 64, 'bTpM', NormalPoolPriority);
  NdisZeroMemory(A->Table, 64); /*use*/
  if (A->Table == NULL)
    return NDIS_STATUS_RESOURCES;
  return NDIS_STATUS_SUCCESS;
}
)"};
  EXPECT_EQ(
      only(link({A}), "ndis-unchecked-failure"),
      std::vector<std::string>{at("ndis-unchecked-failure", A, "/*use*/")});
}
