//===- SuppressionsTest.cpp - NOLINT comments
//------------------------------===//

#include "report/Suppressions.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace ndischeck;

namespace {

const char *const Source = "int a; // NOLINT\n"                         // 1
                           "int b; // NOLINT(ndis-tag)\n"               // 2
                           "// NOLINTNEXTLINE(ndis-irql, ndis-le*)\n"   // 3
                           "int c;\r\n"                                 // 4
                           "// NOLINTBEGIN(ndis-leak)\n"                // 5
                           "int d;\n"                                   // 6
                           "// NOLINTEND(ndis-leak)\n"                  // 7
                           "int e; // NOLINT(unterminated\n"            // 8
                           "int f; // nolint is not a directive\n"      // 9
                           "int g; // NOLINTNEXTLINE NOLINT(ndis-tag)"; // 10

std::vector<std::string> lines(const std::string &Text) {
  std::vector<std::string> Out;
  size_t Start = 0;
  while (Start < Text.size()) {
    size_t End = Text.find('\n', Start);
    if (End == std::string::npos)
      End = Text.size();
    std::string L = Text.substr(Start, End - Start);
    if (!L.empty() && L.back() == '\r')
      L.pop_back();
    Out.push_back(L);
    Start = End + 1;
  }
  return Out;
}

} // namespace

TEST(SuppressionsTest, LinesAndRules) {
  std::vector<std::string> L = lines(Source);
  ASSERT_EQ(L.size(), 10u);
  EXPECT_TRUE(isSuppressed(L, 1, "ndis-irql"));
  EXPECT_TRUE(isSuppressed(L, 2, "ndis-tag"));
  EXPECT_FALSE(isSuppressed(L, 2, "ndis-irql"));
  EXPECT_TRUE(isSuppressed(L, 4, "ndis-irql"));
  EXPECT_TRUE(isSuppressed(L, 4, "ndis-leak"));
  EXPECT_FALSE(isSuppressed(L, 4, "ndis-tag"));
  EXPECT_TRUE(isSuppressed(L, 6, "ndis-leak"));
  EXPECT_FALSE(isSuppressed(L, 6, "ndis-tag"));
  EXPECT_FALSE(isSuppressed(L, 8, "ndis-leak"));
  EXPECT_FALSE(isSuppressed(L, 8, "ndis-tag"));
  EXPECT_FALSE(isSuppressed(L, 9, "ndis-tag"));
  EXPECT_TRUE(isSuppressed(L, 10, "ndis-tag"));
  EXPECT_FALSE(isSuppressed(L, 11, "ndis-tag"));
  EXPECT_FALSE(isSuppressed(L, 0, "ndis-tag"));
}

// applySuppressions reads each file once and looks only at the lines that
// mention NOLINT; it must agree with isSuppressed on every line and rule,
// including the last line without a newline and lines past the end.
TEST(SuppressionsTest, FilesAgreeWithLines) {
  llvm::SmallString<128> Path;
  int FD;
  ASSERT_FALSE(
      llvm::sys::fs::createTemporaryFile("suppressions", "c", FD, Path));
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Source;
  }
  std::vector<std::string> L = lines(Source);
  std::vector<Finding> Findings;
  for (unsigned Line = 1; Line <= L.size() + 1; ++Line)
    for (const char *Rule : {"ndis-irql", "ndis-tag", "ndis-leak"}) {
      Finding F;
      F.RuleId = Rule;
      F.Loc = {std::string(Path), Line, 1};
      Findings.push_back(F);
    }
  unsigned Expected = 0;
  for (const Finding &F : Findings)
    Expected += isSuppressed(L, F.Loc.Line, F.RuleId);
  EXPECT_EQ(applySuppressions(Findings), Expected);
  for (const Finding &F : Findings)
    EXPECT_EQ(F.Suppressed, isSuppressed(L, F.Loc.Line, F.RuleId))
        << "line " << F.Loc.Line << " " << F.RuleId;
  llvm::sys::fs::remove(Path);
}
