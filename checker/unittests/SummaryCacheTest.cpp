//===- SummaryCacheTest.cpp - Summary JSON, cache and atomic writes -------===//

#include "summary/SummaryCache.h"
#include "summary/AtomicFile.h"
#include "summary/CacheEntry.h"
#include "summary/LinkCache.h"
#include "summary/SummaryJson.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <atomic>
#include <chrono>
#include <thread>

using namespace ndischeck;
using namespace llvm;
using json = nlohmann::json;

namespace {

SourcePoint at(const char *File, unsigned Line, unsigned Col) {
  return SourcePoint{File, Line, Col};
}

/// A summary with every field set, and each optional both present and
/// absent somewhere.
FunctionProgram fullProgram() {
  FunctionProgram P;
  P.NumParams = 2;
  P.Atoms = {{"AtDispatch", 1}, {"Done", -1}};
  P.Blocks.resize(4);
  ProgStep Set;
  Set.K = ProgStep::SetAtom;
  Set.Atom = 1;
  Set.Cond.edit().K = ProgCond::Const;
  Set.Cond.edit().Value = true;
  ProgStep Acquire;
  Acquire.K = ProgStep::Ddi;
  Acquire.Index = 0;
  Acquire.Op.edit().K = ProgIrqlOp::Acquire;
  Acquire.Op.edit().To = Irql::Dispatch;
  Acquire.Op.edit().Save = "*$0.Lock";
  ProgStep Call;
  Call.K = ProgStep::Call;
  Call.Index = 0;
  Call.Op.edit().K = ProgIrqlOp::Raise;
  Call.Op.edit().To = Irql::Dirql;
  ProgArg A;
  A.Value = "x";
  A.Pointee = "*x";
  A.Cond.edit().K = ProgCond::Atom;
  A.Cond.edit().Var = 0;
  A.Cond.edit().Negated = true;
  A.V.K = ProgValue::Read;
  A.V.Path = "$0->Context";
  A.Keeps = true;
  A.Context = true;
  Call.Args = {A, ProgArg{}};
  ProgStep Assign;
  Assign.K = ProgStep::Assign;
  Assign.Path = "Buffer";
  Assign.Value.K = ProgValue::DdiResult;
  Assign.Value.Index = 0;
  Assign.Cond.edit().K = ProgCond::SameAs;
  Assign.Cond.edit().Subject.K = ProgValue::Read;
  Assign.Cond.edit().Subject.Path = "Buffer";
  Assign.Cond.edit().Other.K = ProgValue::Int;
  Assign.Cond.edit().Other.Number = -1073741823;
  Assign.Loc = at("/src/drv/miniport.c", 13, 5);
  P.Blocks[0].Steps = {Set, Acquire, Call, Assign};
  P.Blocks[0].Branch.edit().K = ProgCond::DispatchFlag;
  P.Blocks[0].Branch.edit().Loc = at("/src/drv/miniport.c", 14, 7);
  P.Blocks[0].Succs = {1, 2};
  ProgStep Release;
  Release.K = ProgStep::Ddi;
  Release.Op.edit().K = ProgIrqlOp::Release;
  Release.Op.edit().Restore = "*$0.Lock";
  Release.Op.edit().KeepIfUnsaved = true;
  P.Blocks[1].Steps = {Release};
  P.Blocks[1].Branch.edit().K = ProgCond::CurrentIrql;
  P.Blocks[1].Branch.edit().Range = IrqlRange::atMost(Irql::Apc);
  P.Blocks[1].Branch.edit().Negated = true;
  P.Blocks[1].Branch.edit().Loc = at("/src/drv/miniport.c", 15, 7);
  P.Blocks[1].Succs = {2, 3};
  ProgStep Lower;
  Lower.K = ProgStep::Ddi;
  Lower.Op.edit().K = ProgIrqlOp::Lower;
  Lower.Op.edit().RestoreTo = Irql::Passive;
  P.Blocks[2].Steps = {Lower};
  P.Blocks[2].Succs = {3};
  P.Exit = 3;
  P.ParamNames = {"Adapter", "AtDispatch"};
  P.Linear = true;
  return P;
}

TuSummary fullSummary() {
  TuSummary S;
  S.MainFile = "/src/drv/miniport.c";
  S.Ndis6 = true;
  S.ImplementsDdis = true;
  S.Deserialized = false; // present, and false

  FunctionSummary F;
  F.Key = "MpSend@/src/drv/miniport.c";
  F.Name = "MpSend";
  F.Loc = at("/src/drv/miniport.c", 10, 1);
  F.Roles = {"miniport_send_net_buffer_lists"};
  F.Sal.RequiresMax = Irql::Dispatch;
  F.Sal.Raises = Irql::Dirql;
  F.Sal.SavesGlobal = true;

  CallSite C;
  C.Callee = "Helper";
  C.CalleeName = "Helper";
  C.Loc = at("/src/drv/miniport.c", 12, 3);
  F.Calls.push_back(C);

  DdiCall D;
  D.Ddi = "NdisAllocateMemoryWithTag";
  D.SpelledName = "NdisAllocateMemoryWithTag";
  D.Loc = at("/src/drv/miniport.c", 13, 5);
  D.MaxIrql = Irql::Dispatch;
  D.MaxReason = "with NDIS_MEMORY_CONTIGUOUS";
  D.InitOnlyFlags = "NDIS_MEMORY_CONTIGUOUS";
  D.ReturnsValue = true;
  F.DdiCalls.push_back(D);
  F.Program = fullProgram();
  S.Functions.push_back(F);

  FunctionSummary G;
  G.Key = "Helper";
  G.Name = "Helper";
  G.Loc = at("/src/drv/util.h", 3, 1);
  G.Sal.RequiresMin = Irql::Apc;
  G.Sal.Requires = Irql::Passive;
  G.Sal.RestoresGlobal = true;
  S.Functions.push_back(G);

  S.Bindings.push_back({"MpInitialize", "MpInitialize", "miniport_initialize",
                        at("/src/drv/miniport.c", 40, 5),
                        "assigned to InitializeHandler"});
  S.Providers.push_back({"dma-registered", "NdisMRegisterScatterGatherDma",
                         at("/src/drv/miniport.c", 30, 3), "MpInitialize"});

  Finding Fi;
  Fi.RuleId = "ndis-tag";
  Fi.Severity = "warning";
  Fi.Loc = at("/src/drv/miniport.c", 13, 5);
  Fi.Message = "pool tag 'ABCDE' is longer than four characters";
  Fi.Function = "MpSend";
  Fi.Trace = {{at("/src/drv/miniport.c", 10, 1), "entry point"}};
  Fi.Suppressed = true;
  S.LocalFindings.push_back(Fi);

  S.Dependencies = {"/src/drv/miniport.c", "/src/drv/util.h"};
  S.Miniport = true;
  S.DriverRecords = {"_ADAPTER"};
  S.WrittenFields = {"_ADAPTER.Ring", "_ADAPTER.Stats"};
  S.WrittenRecords = {"_SETTINGS"};
  return S;
}

} // namespace

//===----------------------------------------------------------------------===//
// SummaryJson
//===----------------------------------------------------------------------===//

TEST(SummaryJsonTest, RoundTripsEveryField) {
  TuSummary S = fullSummary();
  json J = summaryToJson(S);
  // Through text, as the cache does.
  json Reparsed = json::parse(J.dump());

  TuSummary Back;
  std::string Error;
  ASSERT_TRUE(summaryFromJson(Reparsed, Back, Error)) << Error;
  EXPECT_EQ(summaryToJson(Back), J);

  EXPECT_EQ(Back.MainFile, S.MainFile);
  EXPECT_TRUE(Back.Ndis6);
  ASSERT_EQ(Back.Functions.size(), 2u);
  const FunctionSummary &F = Back.Functions[0];
  EXPECT_EQ(F.Key, "MpSend@/src/drv/miniport.c");
  EXPECT_EQ(F.Roles, S.Functions[0].Roles);
  EXPECT_EQ(F.Sal.RequiresMax, Irql::Dispatch);
  EXPECT_EQ(F.Sal.Raises, Irql::Dirql);
  EXPECT_FALSE(F.Sal.RequiresMin.has_value());
  EXPECT_TRUE(F.Sal.SavesGlobal);
  EXPECT_FALSE(F.Sal.RestoresGlobal);
  ASSERT_EQ(F.Calls.size(), 1u);
  EXPECT_EQ(F.Calls[0].Loc, at("/src/drv/miniport.c", 12, 3));
  ASSERT_EQ(F.DdiCalls.size(), 1u);
  EXPECT_EQ(F.DdiCalls[0].MaxIrql, Irql::Dispatch);
  EXPECT_FALSE(F.DdiCalls[0].MinIrql.has_value());
  EXPECT_EQ(F.DdiCalls[0].MaxReason, "with NDIS_MEMORY_CONTIGUOUS");
  const FunctionProgram &P = F.Program;
  ASSERT_EQ(P.Blocks.size(), 4u);
  EXPECT_EQ(P.Exit, 3u);
  EXPECT_EQ(P.Atoms[0].Param, 1);
  ASSERT_EQ(P.Blocks[0].Steps.size(), 4u);
  EXPECT_EQ(P.Blocks[0].Steps[1].Op->Save, "*$0.Lock");
  EXPECT_EQ(P.Blocks[0].Steps[2].Args[0].Cond->K, ProgCond::Atom);
  EXPECT_TRUE(P.Blocks[0].Steps[2].Args[0].Cond->Negated);
  EXPECT_EQ(P.Blocks[0].Branch->K, ProgCond::DispatchFlag);
  EXPECT_EQ(P.Blocks[1].Branch->Range, IrqlRange::atMost(Irql::Apc));
  EXPECT_TRUE(P.Blocks[1].Steps[0].Op->KeepIfUnsaved);
  EXPECT_EQ(P.Blocks[2].Steps[0].Op->RestoreTo, Irql::Passive);
  EXPECT_EQ(Back.Functions[1].Sal.RequiresMin, Irql::Apc);
  EXPECT_EQ(Back.Functions[1].Sal.Requires, Irql::Passive);
  EXPECT_TRUE(Back.Functions[1].Sal.RestoresGlobal);
  ASSERT_EQ(Back.Bindings.size(), 1u);
  EXPECT_EQ(Back.Bindings[0].How, "assigned to InitializeHandler");
  ASSERT_EQ(Back.Providers.size(), 1u);
  EXPECT_EQ(Back.Providers[0].Ddi, "NdisMRegisterScatterGatherDma");
  ASSERT_EQ(Back.LocalFindings.size(), 1u);
  const Finding &Fi = Back.LocalFindings[0];
  EXPECT_EQ(Fi.RuleId, "ndis-tag");
  EXPECT_EQ(Fi.Severity, "warning");
  EXPECT_EQ(Fi.Function, "MpSend");
  EXPECT_TRUE(Fi.Suppressed);
  ASSERT_EQ(Fi.Trace.size(), 1u);
  EXPECT_EQ(Fi.Trace[0].Message, "entry point");
  EXPECT_EQ(Back.Dependencies, S.Dependencies);
}

/// The members the function programs brought, through a form and back.
void expectProgramMembers(const TuSummary &Back) {
  EXPECT_TRUE(Back.ImplementsDdis);
  ASSERT_TRUE(Back.Deserialized.has_value());
  EXPECT_FALSE(*Back.Deserialized);
  ASSERT_EQ(Back.Functions.size(), 2u);
  EXPECT_TRUE(Back.Functions[0].DdiCalls[0].ReturnsValue);
  const FunctionProgram &P = Back.Functions[0].Program;
  EXPECT_EQ(P.ParamNames, (std::vector<std::string>{"Adapter", "AtDispatch"}));
  EXPECT_TRUE(P.Linear);
  EXPECT_EQ(P.NumParams, 2u);
  ASSERT_EQ(P.Blocks[0].Steps.size(), 4u);
  const ProgArg &A = P.Blocks[0].Steps[2].Args[0];
  EXPECT_EQ(A.Value, "x");
  EXPECT_EQ(A.Pointee, "*x");
  EXPECT_EQ(A.V.K, ProgValue::Read);
  EXPECT_EQ(A.V.Path, "$0->Context");
  EXPECT_TRUE(A.Keeps);
  EXPECT_TRUE(A.Context);
  EXPECT_FALSE(P.Blocks[0].Steps[2].Args[1].Context);
  const ProgStep &St = P.Blocks[0].Steps[3];
  EXPECT_EQ(St.K, ProgStep::Assign);
  EXPECT_EQ(St.Path, "Buffer");
  EXPECT_EQ(St.Value.K, ProgValue::DdiResult);
  EXPECT_EQ(St.Cond->K, ProgCond::SameAs);
  EXPECT_EQ(St.Cond->Subject.Path, "Buffer");
  EXPECT_EQ(St.Cond->Other.K, ProgValue::Int);
  EXPECT_EQ(St.Cond->Other.Number, -1073741823);
  EXPECT_EQ(St.Loc, at("/src/drv/miniport.c", 13, 5));
}

TEST(SummaryJsonTest, CarriesProgramMembers) {
  TuSummary Back;
  std::string Error;
  ASSERT_TRUE(summaryFromJson(json::parse(summaryToJson(fullSummary()).dump()),
                              Back, Error))
      << Error;
  expectProgramMembers(Back);
  // An absent Deserialized stays absent.
  TuSummary S = fullSummary();
  S.Deserialized.reset();
  ASSERT_TRUE(summaryFromJson(summaryToJson(S), Back, Error)) << Error;
  EXPECT_FALSE(Back.Deserialized.has_value());
}

TEST(SummaryBinaryTest, CarriesProgramMembers) {
  TuSummary Back;
  std::string Error;
  ASSERT_TRUE(decodeSummary(encodeSummary(fullSummary()), Back, Error))
      << Error;
  expectProgramMembers(Back);
  TuSummary S = fullSummary();
  S.Deserialized = true;
  ASSERT_TRUE(decodeSummary(encodeSummary(S), Back, Error)) << Error;
  EXPECT_EQ(Back.Deserialized, std::optional<bool>(true));
  S.Deserialized.reset();
  ASSERT_TRUE(decodeSummary(encodeSummary(S), Back, Error)) << Error;
  EXPECT_FALSE(Back.Deserialized.has_value());
}

TEST(SummaryJsonTest, LevelsAreWrittenByName) {
  json J = summaryToJson(fullSummary());
  EXPECT_EQ(J["functions"][0]["sal"]["requiresMax"], "DISPATCH_LEVEL");
  // Also in programs: JSON is the form for people (the cache's is binary).
  EXPECT_EQ(J["functions"][0]["program"]["blocks"][0]["steps"][1]["op"]["to"],
            "DISPATCH_LEVEL");
  EXPECT_FALSE(J["functions"][0]["ddiCalls"][0].contains("minIrql"));
}

TEST(SummaryJsonTest, MalformedInputIsAnErrorNotAnException) {
  json Good = summaryToJson(fullSummary());
  TuSummary Out;
  Out.MainFile = "untouched";
  std::string Error;

  json Bad = Good;
  Bad["functions"][0]["calls"][0]["loc"][1] = "twelve";
  EXPECT_FALSE(summaryFromJson(Bad, Out, Error));
  EXPECT_EQ(Error, "functions[0].calls[0].loc: expected a location [file "
                   "index, line, column]");
  EXPECT_EQ(Out.MainFile, "untouched");

  // Locations index the summary's file table.
  Bad = Good;
  Bad["functions"][0]["calls"][0]["loc"][0] = 99;
  EXPECT_FALSE(summaryFromJson(Bad, Out, Error));
  EXPECT_EQ(Error, "functions[0].calls[0].loc: file index 99 is not in the "
                   "file table");

  Bad = Good;
  Bad["functions"][0]["sal"]["raises"] = "VERY_HIGH_LEVEL";
  EXPECT_FALSE(summaryFromJson(Bad, Out, Error));
  EXPECT_NE(Error.find("functions[0].sal.raises"), std::string::npos) << Error;

  Bad = Good;
  Bad["localFindings"][0].erase("ruleId");
  EXPECT_FALSE(summaryFromJson(Bad, Out, Error));
  EXPECT_EQ(Error, "localFindings[0]: missing member 'ruleId'");

  Bad = Good;
  Bad["functions"][0]["loc"][1] = -3;
  EXPECT_FALSE(summaryFromJson(Bad, Out, Error));

  Bad = Good;
  Bad["version"] = 999;
  EXPECT_FALSE(summaryFromJson(Bad, Out, Error));

  for (const json &J : {json(), json(42), json::array({1, 2}), json("summary"),
                        json::object()}) {
    EXPECT_FALSE(summaryFromJson(J, Out, Error)) << J.dump();
    EXPECT_FALSE(Error.empty());
  }
  EXPECT_EQ(Out.MainFile, "untouched");
}

TEST(SummaryBinaryTest, RoundTripsEveryField) {
  TuSummary S = fullSummary();
  PtrSource P;
  P.Kind = "param";
  P.Param = -1;
  P.Loc = at("/src/drv/miniport.c", 20, 7);
  P.What = "parameter 'Buffer'";
  P.Args = {{"Length", -42}, {"MemoryFlags", INT64_MIN}, {"Tag", INT64_MAX}};
  P.ArgSets = {{"Cached", {}}, {"Length", {16, 32, INT64_MAX}}};
  S.FieldStores.push_back({"_ADAPTER", "Ring", "Adapter->Ring", P,
                           at("/src/drv/miniport.c", 21, 3), "MpInit", true});
  S.ArgFacts.push_back(
      {"Helper", 3, {P, P}, at("/src/drv/miniport.c", 22, 3), "MpSend"});
  S.PointerUses.push_back({"free",
                           "NdisFreeMemory",
                           "VirtualAddress",
                           "ndis-memory",
                           {{"Length", 16}},
                           {{"Cached", {0, 1}}},
                           {P},
                           at("/src/drv/miniport.c", 23, 3),
                           "MpHalt"});
  std::string Bytes = encodeSummary(S);
  EXPECT_TRUE(isBinarySummary(Bytes));

  TuSummary Back;
  std::string Error;
  ASSERT_TRUE(decodeSummary(Bytes, Back, Error)) << Error;
  // Byte-identical when written again, and the same as JSON: nothing lost,
  // nothing reordered (the JSON form sorts constant arguments by name).
  EXPECT_EQ(encodeSummary(Back), Bytes);
  EXPECT_EQ(summaryToJson(Back), summaryToJson(S));
  ASSERT_EQ(Back.ArgFacts.size(), 1u);
  EXPECT_EQ(Back.ArgFacts[0].Value[1].Args, P.Args);
  EXPECT_EQ(Back.ArgFacts[0].Index, 3u);
  EXPECT_TRUE(Back.FieldStores[0].OnStack);
  EXPECT_EQ(Back.FieldStores[0].Value.Param, -1);
}

TEST(SummaryBinaryTest, JsonTextIsReadToo) {
  TuSummary Back;
  std::string Error;
  ASSERT_TRUE(decodeSummary(summaryToJson(fullSummary()).dump(), Back, Error))
      << Error;
  EXPECT_EQ(encodeSummary(Back), encodeSummary(fullSummary()));
}

TEST(SummaryBinaryTest, MalformedInputIsAnErrorNotACrash) {
  std::string Good = encodeSummary(fullSummary());
  TuSummary Out;
  Out.MainFile = "untouched";
  std::string Error;
  // Every truncation, and a byte too many.
  for (size_t N = 0; N < Good.size(); ++N) {
    EXPECT_FALSE(decodeSummary(StringRef(Good).take_front(N), Out, Error)) << N;
    EXPECT_FALSE(Error.empty()) << N;
  }
  EXPECT_FALSE(decodeSummary(Good + "x", Out, Error));
  EXPECT_EQ(Error, "summary: unexpected bytes after the end of a summary");
  // Every single byte changed: an error or another valid summary, never a
  // crash (the sanitizer builds and the fuzzer look closer).
  for (size_t I = 0; I < Good.size(); ++I)
    for (unsigned char Flip : {0x01, 0x80, 0xff}) {
      std::string Bad = Good;
      Bad[I] = static_cast<char>(Bad[I] ^ Flip);
      TuSummary Any;
      decodeSummary(Bad, Any, Error);
    }
  EXPECT_EQ(Out.MainFile, "untouched");

  std::string OtherVersion = Good;
  OtherVersion[8] = 3;
  EXPECT_FALSE(decodeSummary(OtherVersion, Out, Error));
  EXPECT_EQ(Error, "summary: summary format version 3, expected " +
                       std::to_string(SummaryFormatVersion));
  EXPECT_FALSE(decodeSummary("int main(void) { return 0; }\n", Out, Error));
  EXPECT_EQ(Error, "not a summary: neither NdisCheck's binary form nor JSON");
  EXPECT_FALSE(decodeSummary("{\"version\": 4}", Out, Error));
  EXPECT_EQ(Out.MainFile, "untouched");
}

TEST(SummaryBinaryTest, ErrorsNameTheMember) {
  TuSummary S;
  S.Functions.resize(2);
  S.Functions[1].Sal.Raises = Irql::High;
  std::string Bytes = encodeSummary(S);
  // The last IRQL of the summary is Functions[1].Sal.Raises: make it 7.
  size_t At = Bytes.rfind(static_cast<char>(Irql::High));
  ASSERT_NE(At, std::string::npos);
  Bytes[At] = 7;
  TuSummary Out;
  std::string Error;
  EXPECT_FALSE(decodeSummary(Bytes, Out, Error));
  EXPECT_EQ(Error, "functions[1].sal.raises: expected an IRQL level name such "
                   "as \"DISPATCH_LEVEL\"");
}

//===----------------------------------------------------------------------===//
// SummaryCache
//===----------------------------------------------------------------------===//

namespace {

using Clock = std::chrono::system_clock;

sys::TimePoint<> hoursAgo(int H) {
  return std::chrono::time_point_cast<sys::TimePoint<>::duration>(
      Clock::now() - std::chrono::hours(H));
}

class SummaryCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("ndischeck-cache-test", Root));
    Src = path("src");
    ASSERT_FALSE(sys::fs::create_directories(Src));
    Main = path("src/main.c");
    Header = path("src/util.h");
    CacheDir = path("cache");
    // Sources edited long before the run, as in an ordinary re-run.
    write(Main, "#include \"util.h\"\nint main(void) { return helper(); }\n",
          hoursAgo(3));
    write(Header, "int helper(void);\n", hoursAgo(3));
  }
  void TearDown() override { sys::fs::remove_directories(Root); }

  std::string path(StringRef Rel) const {
    SmallString<256> P(Root);
    sys::path::append(P, Rel);
    return std::string(P);
  }

  static void write(const std::string &P, StringRef Content,
                    std::optional<sys::TimePoint<>> MTime = std::nullopt) {
    std::error_code EC;
    {
      raw_fd_ostream OS(P, EC);
      ASSERT_FALSE(EC) << EC.message();
      OS << Content;
    }
    if (MTime)
      setMTime(P, *MTime);
  }

  static void setMTime(const std::string &P, sys::TimePoint<> T) {
    int FD;
    ASSERT_FALSE(sys::fs::openFileForWrite(P, FD, sys::fs::CD_OpenExisting,
                                           sys::fs::OF_Append));
    ASSERT_FALSE(sys::fs::setLastAccessAndModificationTime(FD, T));
    sys::fs::closeFile(FD);
  }

  TuSummary summary() const {
    TuSummary S = fullSummary();
    S.MainFile = Main;
    S.Dependencies = {Main, Header, "<built-in>"};
    return S;
  }

  std::vector<std::string> Args = {"clang", "-c", "main.c", "-DNDIS60=1"};
  SmallString<256> Root;
  std::string Src, Main, Header, CacheDir;
};

} // namespace

TEST_F(SummaryCacheTest, HitWhenNothingChanged) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_EQ(K.size(), 32u);
  EXPECT_FALSE(C.lookup(K));
  ASSERT_TRUE(C.store(K, summary()));
  EXPECT_TRUE(sys::fs::exists(C.entryPath(K)));

  // A new run: a new cache object, same key.
  SummaryCache C2(CacheDir);
  EXPECT_EQ(C2.key(Main, Args, "db1"), K);
  std::optional<TuSummary> Hit = C2.lookup(K);
  ASSERT_TRUE(Hit);
  EXPECT_EQ(summaryToJson(*Hit), summaryToJson(summary()));
}

TEST_F(SummaryCacheTest, KeyCoversFlagsDatabaseAndMainFile) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  EXPECT_NE(C.key(Main, Args, "db2"), K);
  std::vector<std::string> Other = Args;
  Other.back() = "-DNDIS60=0";
  EXPECT_NE(C.key(Main, Other, "db1"), K);
  // Argument boundaries matter: {"ab","c"} is not {"a","bc"}.
  EXPECT_NE(C.key(Main, {"ab", "c"}, "db1"), C.key(Main, {"a", "bc"}, "db1"));
  EXPECT_EQ(C.key(path("src/missing.c"), Args, "db1"), "");
  EXPECT_FALSE(C.lookup(""));
  EXPECT_FALSE(C.store("", summary()));
}

TEST_F(SummaryCacheTest, MissWhenMainFileChanges) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  write(Main, "int main(void) { return 1; }\n", hoursAgo(2));
  std::string K2 = C.key(Main, Args, "db1");
  EXPECT_NE(K2, K);
  EXPECT_FALSE(C.lookup(K2));
  // And the old entry no longer validates either.
  EXPECT_FALSE(C.lookup(K));
}

TEST_F(SummaryCacheTest, MissWhenHeaderChangesSize) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  write(Header, "int helper(int);\nint other(void);\n", hoursAgo(2));
  EXPECT_EQ(C.key(Main, Args, "db1"), K);
  EXPECT_FALSE(C.lookup(K));
}

TEST_F(SummaryCacheTest, MissWhenHeaderChangesContentButNotSize) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  write(Header, "int hxlper(void);\n", hoursAgo(2));
  EXPECT_FALSE(C.lookup(K));
}

TEST_F(SummaryCacheTest, MissWhenHeaderDisappears) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  ASSERT_FALSE(sys::fs::remove(Header));
  EXPECT_FALSE(C.lookup(K));
}

TEST_F(SummaryCacheTest, HitAfterTouchThatKeepsContent) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));

  // touch(1): mtime is now.
  setMTime(Header, std::chrono::time_point_cast<sys::TimePoint<>::duration>(
                       Clock::now()));
  EXPECT_TRUE(C.lookup(K));

  // A checkout that set an older mtime: still a hit, and the entry learns the
  // new mtime so the next run need not hash the header again.
  sys::TimePoint<> Older = hoursAgo(1);
  setMTime(Header, Older);
  std::string Before =
      (*MemoryBuffer::getFile(C.entryPath(K)))->getBuffer().str();
  EXPECT_TRUE(C.lookup(K));
  std::string After =
      (*MemoryBuffer::getFile(C.entryPath(K)))->getBuffer().str();
  EXPECT_NE(Before, After);
  CacheEntry E;
  ASSERT_TRUE(decodeCacheEntry(After, E));
  sys::fs::file_status St;
  ASSERT_FALSE(sys::fs::status(Header, St));
  bool Found = false;
  for (const CacheDep &D : E.Deps)
    if (D.Path == Header) {
      Found = true;
      EXPECT_EQ(D.MTimeNs, std::chrono::duration_cast<std::chrono::nanoseconds>(
                               St.getLastModificationTime().time_since_epoch())
                               .count());
    }
  EXPECT_TRUE(Found);
  EXPECT_TRUE(C.lookup(K));
}

TEST_F(SummaryCacheTest, DoesNotStoreFilesModifiedDuringTheRun) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  // Edited after the run started: the parse may have seen either version.
  setMTime(Header, std::chrono::time_point_cast<sys::TimePoint<>::duration>(
                       Clock::now()));
  EXPECT_FALSE(C.store(K, summary()));
  EXPECT_FALSE(C.lookup(K));

  TuSummary S = summary();
  S.Dependencies.push_back(path("src/gone.h"));
  write(Header, "int helper(void);\n", hoursAgo(3));
  EXPECT_FALSE(C.store(K, S));
}

TEST_F(SummaryCacheTest, CorruptEntryIsAMiss) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  std::string Entry = C.entryPath(K);
  std::string Good = (*MemoryBuffer::getFile(Entry))->getBuffer().str();

  CacheEntry Valid;
  ASSERT_TRUE(decodeCacheEntry(Good, Valid));
  std::string Summary = Valid.Summary.str();
  std::string WrongKey =
      encodeCacheEntry("0123", Valid.Deps, Valid.Absent, Summary);
  std::vector<CacheDep> OtherSize = Valid.Deps;
  OtherSize[0].Size += 1;
  std::string BadDeps = encodeCacheEntry(K, OtherSize, Valid.Absent, Summary);
  std::string BadSummary = encodeCacheEntry(
      K, Valid.Deps, Valid.Absent, Summary.substr(0, Summary.size() - 1));
  std::string JsonSummary = encodeCacheEntry(K, Valid.Deps, Valid.Absent,
                                             summaryToJson(summary()).dump());
  std::string OldFormat = Good;
  OldFormat[8] = 1; // the entry format version

  for (const std::string &Content :
       {Good.substr(0, Good.size() / 2), std::string(""),
        std::string("\x00\xff garbage", 10), std::string("[1,2,3]"),
        std::string("null"), WrongKey, BadDeps, BadSummary, JsonSummary,
        OldFormat}) {
    std::string Error;
    ASSERT_TRUE(writeFileAtomically(Entry, Content, Error)) << Error;
    EXPECT_FALSE(C.lookup(K)) << Content;
  }

  // Storing again repairs it.
  ASSERT_TRUE(C.store(K, summary()));
  EXPECT_TRUE(C.lookup(K));
}

TEST_F(SummaryCacheTest, ParallelStoresNeverTearAnEntry) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  std::atomic<int> Misses{0}, Failures{0};
  std::vector<std::thread> Threads;
  for (int T = 0; T < 8; ++T)
    Threads.emplace_back([&] {
      for (int I = 0; I < 40; ++I) {
        if (!C.store(K, summary()))
          ++Failures;
        if (!C.lookup(K))
          ++Misses;
      }
    });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Failures, 0);
  EXPECT_EQ(Misses, 0);
  // No temporaries left behind.
  std::error_code EC;
  int Files = 0;
  for (sys::fs::directory_iterator
           I(sys::path::parent_path(C.entryPath(K)), EC),
       E;
       I != E && !EC; I.increment(EC))
    ++Files;
  EXPECT_EQ(Files, 1);
}

TEST_F(SummaryCacheTest, HitFingerprintNamesKeyAndDependencies) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  EXPECT_FALSE(C.current(K));
  ASSERT_TRUE(C.store(K, summary()));
  std::optional<SummaryCache::Hit> H = C.current(K);
  ASSERT_TRUE(H);
  EXPECT_EQ(encodeSummary(*SummaryCache::decode(*H)), encodeSummary(summary()));
  // Touched only: the same entry.
  setMTime(Header, hoursAgo(1));
  ASSERT_TRUE(C.current(K));
  EXPECT_EQ(C.current(K)->Fingerprint, H->Fingerprint);
  // The header changed and the TU was summarised again: same key, another
  // entry.
  write(Header, "int helper(int);\n", hoursAgo(1));
  EXPECT_FALSE(C.current(K));
  ASSERT_TRUE(C.store(K, summary()));
  ASSERT_TRUE(C.current(K));
  EXPECT_NE(C.current(K)->Fingerprint, H->Fingerprint);
}

TEST_F(SummaryCacheTest, LinkCacheKeysOnEntriesAndTool) {
  LinkCache L(CacheDir);
  LinkedRun F;
  F.Findings = fullSummary().LocalFindings;
  F.Notes = {{at("/src/drv/big.c", 7, 1), "'Big' is too large"}};
  std::vector<std::string> E = {"entry-a", "entry-b"};
  EXPECT_FALSE(L.lookup(E, "tool-1"));
  ASSERT_TRUE(L.store(E, "tool-1", F));
  std::optional<LinkedRun> Back = L.lookup(E, "tool-1");
  ASSERT_TRUE(Back);
  ASSERT_EQ(Back->Findings.size(), 1u);
  EXPECT_EQ(Back->Findings[0].Message, F.Findings[0].Message);
  EXPECT_EQ(Back->Findings[0].Trace.size(), F.Findings[0].Trace.size());
  // The notes come back as notes, not as findings.
  ASSERT_EQ(Back->Notes.size(), 1u);
  EXPECT_EQ(Back->Notes[0].Message, "'Big' is too large");
  EXPECT_EQ(Back->Notes[0].Loc.Line, 7u);
  EXPECT_FALSE(L.lookup(E, "tool-2"));
  EXPECT_FALSE(L.lookup({"entry-b", "entry-a"}, "tool-1"));
  EXPECT_FALSE(L.lookup({"entry-a"}, "tool-1"));
  // Another ndis-check, or none found: nothing cached.
  EXPECT_FALSE(L.store(E, "", F));
  EXPECT_FALSE(L.lookup(E, ""));
  EXPECT_NE(LinkCache::toolFingerprint("ndis-check", nullptr), "");
}

//===----------------------------------------------------------------------===//
// writeFileAtomically
//===----------------------------------------------------------------------===//

TEST_F(SummaryCacheTest, AtomicWriteReplacesContent) {
  std::string P = path("out.sarif"), Error;
  ASSERT_TRUE(writeFileAtomically(P, "first", Error)) << Error;
  ASSERT_TRUE(writeFileAtomically(P, "second", Error)) << Error;
  EXPECT_EQ((*MemoryBuffer::getFile(P))->getBuffer(), "second");
}

TEST_F(SummaryCacheTest, AtomicWriteFailsCleanlyInMissingDirectory) {
  std::string P = path("no/such/dir/out.json"), Error;
  EXPECT_FALSE(writeFileAtomically(P, "x", Error));
  EXPECT_NE(Error.find(path("no/such/dir")), std::string::npos) << Error;
  EXPECT_NE(Error.find("No such file or directory"), std::string::npos)
      << Error;
  EXPECT_FALSE(sys::fs::exists(P));
}

TEST_F(SummaryCacheTest, AtomicWriteKeepsOldFileWhenDirectoryNotWritable) {
  std::string Dir = path("ro"), P = path("ro/out.json"), Error;
  ASSERT_FALSE(sys::fs::create_directories(Dir));
  ASSERT_TRUE(writeFileAtomically(P, "old", Error)) << Error;
  ASSERT_FALSE(
      sys::fs::setPermissions(Dir, sys::fs::owner_read | sys::fs::owner_exe));
  // root ignores directory permissions; nothing to test then.
  std::string Probe = path("ro/probe");
  bool Writable = writeFileAtomically(Probe, "", Error);
  if (!Writable) {
    EXPECT_FALSE(writeFileAtomically(P, "new", Error));
    EXPECT_NE(Error.find(Dir), std::string::npos) << Error;
    EXPECT_NE(Error.find("Permission denied"), std::string::npos) << Error;
    EXPECT_EQ((*MemoryBuffer::getFile(P))->getBuffer(), "old");
  }
  sys::fs::setPermissions(Dir, sys::fs::all_all);
  if (Writable)
    GTEST_SKIP() << "running as a user that can write read-only directories";
}

TEST_F(SummaryCacheTest, AtomicWriteFailsWhenParentIsAFile) {
  std::string Error;
  ASSERT_TRUE(writeFileAtomically(path("plain"), "content", Error)) << Error;
  EXPECT_FALSE(writeFileAtomically(path("plain/out.json"), "x", Error));
  EXPECT_NE(Error.find(path("plain")), std::string::npos) << Error;
  EXPECT_EQ((*MemoryBuffer::getFile(path("plain")))->getBuffer(), "content");
}

TEST_F(SummaryCacheTest, AtomicWriteKeepsOldFileWhenRenameFails) {
  // A directory where the file should go: the rename fails after the
  // temporary was written, and the temporary must not be left behind.
  std::string P = path("target");
  ASSERT_FALSE(sys::fs::create_directories(P + "/inside"));
  std::string Error;
  EXPECT_FALSE(writeFileAtomically(P, "x", Error));
  EXPECT_NE(Error.find(P), std::string::npos) << Error;
  EXPECT_TRUE(sys::fs::is_directory(P));
  std::error_code EC;
  int Files = 0;
  for (sys::fs::directory_iterator I(Root, EC), E; I != E && !EC;
       I.increment(EC))
    ++Files;
  EXPECT_EQ(Files, 2); // src and target, no temporaries
}

// cp -p, rsync -t and tar keep size and mtime across an edit; the inode's
// change time still moves, so the content is hashed and the edit seen.
TEST_F(SummaryCacheTest, MissWhenHeaderEditKeepsSizeAndMTime) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  ASSERT_TRUE(C.store(K, summary()));
  sys::fs::file_status St;
  ASSERT_FALSE(sys::fs::status(Header, St));
  sys::TimePoint<> MTime = St.getLastModificationTime();
  write(Header, "int hxlper(void);\n", MTime);
  ASSERT_FALSE(sys::fs::status(Header, St));
  ASSERT_EQ(St.getLastModificationTime(), MTime);
  ASSERT_EQ(St.getSize(), 18u);
  EXPECT_FALSE(C.lookup(K));
}

// -IincA -Isrc: util.h is src/util.h only while incA/util.h does not exist.
TEST_F(SummaryCacheTest, MissWhenAPathLookedUpInVainAppears) {
  SummaryCache C(CacheDir);
  std::string K = C.key(Main, Args, "db1");
  std::string Shadow = path("incA/util.h");
  ASSERT_TRUE(C.store(K, summary(), {Shadow, path("incB/util.h")}));
  EXPECT_TRUE(C.lookup(K));
  ASSERT_FALSE(sys::fs::create_directories(path("incA")));
  EXPECT_TRUE(C.lookup(K)) << "a new directory alone shadows nothing";
  write(Shadow, "int helper(void);\n", hoursAgo(3));
  EXPECT_FALSE(C.lookup(K));
}
