// rt_fixture.h - a GoogleTest fixture over the runtime's C API.
//
// Each test starts from NdisRt_Reset() and collects the violations through
// the hook, so a test asserts "rule R at line L" the way the checker's
// findings are compared: by rule and call site.
#ifndef NDISRT_TESTS_RT_FIXTURE_H
#define NDISRT_TESTS_RT_FIXTURE_H

#define NDISRT_NO_FORWARDING_MACROS
#include "ndisrt.h"
#include "ndisrt_ddi.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

struct Violation {
  std::string Rule, File, Message;
  int Line;
};

class Runtime : public ::testing::Test {
protected:
  std::vector<Violation> Seen;

  void SetUp() override {
    NdisRt_Reset();
    NdisRt_SetViolationHook(&Runtime::hook, this);
    NdisRt_SetPhase(NdisRtPhaseInitialize);
  }
  void TearDown() override { NdisRt_SetViolationHook(nullptr, nullptr); }

  static void hook(const char *Rule, const char *File, int Line,
                   const char *Message, void *Context) {
    static_cast<Runtime *>(Context)->Seen.push_back(
        {Rule, File, Message, Line});
  }

  // How many violations of Rule were reported at line Line of "t.c".
  int at(const char *Rule, int Line) const {
    int N = 0;
    for (const Violation &V : Seen)
      if (V.Rule == Rule && V.Line == Line && V.File == "t.c")
        ++N;
    return N;
  }
  int count(const char *Rule) const {
    int N = 0;
    for (const Violation &V : Seen)
      N += V.Rule == Rule;
    return N;
  }
  std::string dump() const {
    std::string S;
    for (const Violation &V : Seen)
      S += V.Rule + " at " + V.File + ":" + std::to_string(V.Line) + ": " +
           V.Message + "\n";
    return S;
  }

  static NDIS_PHYSICAL_ADDRESS highest() {
    NDIS_PHYSICAL_ADDRESS A;
    A.QuadPart = -1;
    return A;
  }
  // Nonpaged memory from NdisAllocateMemoryWithTagPriority, at line 1.
  static void *nonpaged(UINT Length) {
    return NdisRt_NdisAllocateMemoryWithTagPriority(
        nullptr, Length, 'tseT', NormalPoolPriority, "t.c", 1);
  }
};

#define EXPECT_NO_VIOLATIONS() EXPECT_TRUE(Seen.empty()) << dump()

#endif
