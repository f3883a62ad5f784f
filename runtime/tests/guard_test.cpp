// ndis-unchecked-failure: a NULL dereference after an injected allocation
// failure is caught and reported at the driver's line; any other fault still
// crashes. Compiled with -g -O0 (tests/CMakeLists.txt), as drivers are, so
// the line of the dereference is known and the dereference is not optimised
// away.
#include "rt_fixture.h"

namespace {

int DerefLine;

// Uses the result of an allocation without checking it.
void useUnchecked(void *) {
  PUCHAR P = (PUCHAR)NdisRt_NdisAllocateMemoryWithTagPriority(
      nullptr, 16, 'tseT', NormalPoolPriority, "t.c", 7);
  DerefLine = __LINE__ + 1;
  *(volatile UCHAR *)(P + 8) = 1;
  NdisRt_NdisFreeMemory(P, 16, 0, "t.c", 9);
}

void useChecked(void *) {
  PUCHAR P = (PUCHAR)NdisRt_NdisAllocateMemoryWithTagPriority(
      nullptr, 16, 'tseT', NormalPoolPriority, "t.c", 7);
  if (P == nullptr)
    return;
  *(volatile UCHAR *)P = 1;
  NdisRt_NdisFreeMemory(P, 16, 0, "t.c", 9);
}

void wildWrite(void *) { *(volatile UCHAR *)(uintptr_t)0x7f0000001000ull = 1; }

void nullWrite(void *) { *(volatile UCHAR *)(uintptr_t)8 = 1; }

} // namespace

TEST_F(Runtime, NullOfAnInjectedFailureIsReportedAtTheDereference) {
  NdisRt_SetFailNth(1);
  NdisRt_SetIrql(DISPATCH_LEVEL);
  EXPECT_TRUE(NdisRt_RunGuarded(useUnchecked, nullptr));
  // The life of the driver stops there, at PASSIVE_LEVEL again.
  EXPECT_EQ(NdisRt_GetIrql(), PASSIVE_LEVEL);
  ASSERT_EQ(count("ndis-unchecked-failure"), 1) << dump();
  const Violation &V = Seen.back();
  EXPECT_NE(V.Message.find("NdisAllocateMemoryWithTagPriority (t.c:7)"),
            std::string::npos)
      << V.Message;
#ifdef NDISRT_TEST_HAVE_ADDR2LINE
  // The faulting line, from the debug information.
  EXPECT_EQ(V.Line, DerefLine) << dump();
  EXPECT_NE(V.File.find("guard_test.cpp"), std::string::npos) << V.File;
#else
  // Without addr2line: the failed allocation's call site.
  EXPECT_EQ(V.File, "t.c");
  EXPECT_EQ(V.Line, 7);
#endif
  // The handlers are put back: a later fault is not caught.
  EXPECT_DEATH(nullWrite(nullptr), "");
}

TEST_F(Runtime, CheckedResultRunsToTheEnd) {
  NdisRt_SetFailNth(1);
  EXPECT_FALSE(NdisRt_RunGuarded(useChecked, nullptr));
  NdisRt_SetFailNth(0);
  EXPECT_FALSE(NdisRt_RunGuarded(useChecked, nullptr));
  EXPECT_NO_VIOLATIONS();
}

TEST_F(Runtime, OtherFaultsStillCrash) {
  // No allocation failed: a NULL dereference is a plain crash.
  EXPECT_DEATH(NdisRt_RunGuarded(nullWrite, nullptr), "");
  // An allocation failed, but the fault is not at NULL.
  NdisRt_SetFailNth(1);
  EXPECT_EQ(nonpaged(8), nullptr);
  EXPECT_DEATH(NdisRt_RunGuarded(wildWrite, nullptr), "");
  EXPECT_EQ(count("ndis-unchecked-failure"), 0) << dump();
}
