//===- ReportTest.cpp - Text, JSON and SARIF output -----------------------===//

#include "report/Report.h"

#include "gtest/gtest.h"

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace ndischeck;
using json = nlohmann::json;

namespace {

const char *Root = "/src/proj";

ContractDb testDb() {
  ContractDb Db;
  RuleInfo Irql;
  Irql.Id = "ndis-irql";
  Irql.Name = "IrqlTooHigh";
  Irql.Severity = "error";
  Irql.Short = "DDI called above its maximum IRQL";
  Irql.Full = "Each NDIS function documents the highest IRQL it may be called "
              "at.";
  Irql.Help = "Call it at a lower IRQL, e.g. after releasing the spin lock.";
  Irql.Cites = {{"NdisAllocateMemory", "NdisAllocateMemory.md",
                 "Callers of NdisAllocateMemory run at IRQL <= "
                 "DISPATCH_LEVEL."}};
  RuleInfo Tag;
  Tag.Id = "ndis-tag";
  Tag.Name = "InvalidPoolTag";
  Tag.Severity = "warning";
  Tag.Short = "Pool tag is not a four-character literal";
  Tag.Full = "A pool tag is a string of one to four characters.";
  Tag.Help = "Use a tag such as 'Tag1'.";
  RuleInfo Leak;
  Leak.Id = "ndis-leak";
  Leak.Name = "MemoryLeak";
  Leak.Severity = "warning";
  Leak.Short = "Allocated memory is never freed";
  Leak.Full = "Memory allocated with NdisAllocateMemory must be freed.";
  Leak.Help = "Free it with NdisFreeMemory on every path.";
  Db.Rules = {Irql, Tag, Leak};
  return Db;
}

Finding finding(const char *Rule, const char *Sev, const char *File,
                unsigned Line, unsigned Col, const char *Msg,
                const char *Function) {
  Finding F;
  F.RuleId = Rule;
  F.Severity = Sev;
  F.Loc = {File, Line, Col};
  F.Message = Msg;
  F.Function = Function;
  return F;
}

RunResult sampleRun() {
  RunResult R;
  R.FilesAnalysed = 3;
  Finding Irql =
      finding("ndis-irql", "error", "/src/proj/drv/b.c", 20, 5,
              "NdisAllocateMemory called at DISPATCH_LEVEL", "SendHelper");
  Irql.Trace = {
      {{"/src/proj/drv/a.c", 10, 1},
       "MpSend is entered at DISPATCH_LEVEL as MINIPORT_SEND_NET_BUFFER_LISTS"},
      {{"/src/proj/drv/b.c", 18, 3},
       "NdisAcquireSpinLock raises the IRQL to DISPATCH_LEVEL"}};
  Finding Tag = finding("ndis-tag", "warning", "/src/proj/drv/a.c", 7, 30,
                        "pool tag 'ABCDE' is longer than four characters",
                        "MpInitialize");
  Finding Hidden = finding("ndis-leak", "warning", "/src/proj/drv/a.c", 50, 3,
                           "memory allocated here is never freed", "MpHalt");
  Hidden.Suppressed = true;
  // Deliberately not in report order.
  R.Findings = {Irql, Hidden, Tag};
  R.Errors = {{"/src/proj/drv/c.c", "cannot parse: expected ';'"}};
  return R;
}

json sarif(const RunResult &R) {
  return json::parse(renderSarif(R, testDb(), Root));
}

const json &resultFor(const json &Log, const std::string &RuleId) {
  for (const json &Res : Log["runs"][0]["results"])
    if (Res["ruleId"] == RuleId)
      return Res;
  static const json None;
  ADD_FAILURE() << "no result for " << RuleId;
  return None;
}

} // namespace

//===----------------------------------------------------------------------===//
// Text
//===----------------------------------------------------------------------===//

TEST(TextReportTest, LooksLikeClang) {
  EXPECT_EQ(renderText(sampleRun(), /*Color=*/false),
            "/src/proj/drv/c.c: error: cannot parse: expected ';'\n"
            "/src/proj/drv/a.c:7:30: warning: pool tag 'ABCDE' is longer than "
            "four characters [ndis-tag]\n"
            "/src/proj/drv/b.c:20:5: error: NdisAllocateMemory called at "
            "DISPATCH_LEVEL [ndis-irql]\n"
            "/src/proj/drv/a.c:10:1: note: MpSend is entered at "
            "DISPATCH_LEVEL as MINIPORT_SEND_NET_BUFFER_LISTS\n"
            "/src/proj/drv/b.c:18:3: note: NdisAcquireSpinLock raises the "
            "IRQL to DISPATCH_LEVEL\n"
            "ndis-check: 2 findings (1 error, 1 warning) in 3 files; 1 input "
            "error\n");
}

TEST(TextReportTest, ColoursLikeClang) {
  RunResult R;
  R.FilesAnalysed = 1;
  Finding F = finding("ndis-tag", "warning", "a.c", 7, 30, "bad tag", "F");
  F.Trace = {{{"a.c", 2, 1}, "entered here"}};
  R.Findings = {F};
  // The sequences clang 19 -fcolor-diagnostics prints.
  EXPECT_EQ(renderText(R, /*Color=*/true),
            "\033[1ma.c:7:30: \033[0m\033[0;1;35mwarning: \033[0m"
            "\033[1mbad tag [ndis-tag]\033[0m\n"
            "\033[1ma.c:2:1: \033[0m\033[0;1;36mnote: \033[0m"
            "entered here\033[0m\n"
            "ndis-check: 1 finding (0 errors, 1 warning) in 1 file\n");
}

TEST(TextReportTest, SilentWhenNothingToSay) {
  RunResult R;
  R.FilesAnalysed = 12;
  EXPECT_EQ(renderText(R, false), "");
  Finding F = finding("ndis-tag", "warning", "a.c", 1, 1, "m", "F");
  F.Suppressed = true;
  R.Findings = {F};
  EXPECT_EQ(renderText(R, false), "");
}

TEST(TextReportTest, InputErrorWithoutFile) {
  RunResult R;
  R.Errors = {{"", "no compilation database found"}};
  EXPECT_EQ(renderText(R, false),
            "ndis-check: error: no compilation database found\n"
            "ndis-check: 0 findings (0 errors, 0 warnings) in 0 files; 1 "
            "input error\n");
}

TEST(TextReportTest, SortsByFileLineColumnRule) {
  RunResult R;
  R.FilesAnalysed = 2;
  R.Findings = {finding("ndis-tag", "warning", "b.c", 1, 1, "m", "F"),
                finding("ndis-tag", "warning", "a.c", 9, 1, "m", "F"),
                finding("ndis-leak", "warning", "a.c", 9, 1, "m", "F"),
                finding("ndis-tag", "warning", "a.c", 2, 8, "m", "F"),
                finding("ndis-tag", "warning", "a.c", 2, 3, "m", "F"),
                // An exact duplicate, as from a header seen by two TUs.
                finding("ndis-tag", "warning", "a.c", 2, 3, "m", "F")};
  EXPECT_EQ(renderText(R, false), "a.c:2:3: warning: m [ndis-tag]\n"
                                  "a.c:2:8: warning: m [ndis-tag]\n"
                                  "a.c:9:1: warning: m [ndis-leak]\n"
                                  "a.c:9:1: warning: m [ndis-tag]\n"
                                  "b.c:1:1: warning: m [ndis-tag]\n"
                                  "ndis-check: 5 findings (0 errors, 5 "
                                  "warnings) in 2 files\n");
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

TEST(JsonReportTest, Shape) {
  std::string Text = renderJson(sampleRun(), testDb());
  json J = json::parse(Text);
  EXPECT_EQ(J["version"], 1);
  EXPECT_EQ(J["files"], 3);
  ASSERT_EQ(J["findings"].size(), 3u);

  // Members in the documented order, pretty-printed.
  EXPECT_EQ(Text.rfind("{\n  \"version\": 1,\n  \"files\": 3,\n  "
                       "\"findings\": [",
                       0),
            0u)
      << Text;

  const json &First = J["findings"][0];
  std::vector<std::string> Keys;
  for (auto It = First.begin(); It != First.end(); ++It)
    Keys.push_back(It.key());
  EXPECT_EQ(Keys.size(), 9u);
  for (const char *K : {"ruleId", "severity", "file", "line", "column",
                        "message", "function", "suppressed", "trace"})
    EXPECT_TRUE(First.contains(K)) << K;
  EXPECT_EQ(First["ruleId"], "ndis-tag");
  EXPECT_EQ(First["line"], 7);
  EXPECT_EQ(First["column"], 30);
  EXPECT_EQ(First["function"], "MpInitialize");
  EXPECT_EQ(First["suppressed"], false);

  // Suppressed findings are kept, marked.
  EXPECT_EQ(J["findings"][1]["ruleId"], "ndis-leak");
  EXPECT_EQ(J["findings"][1]["suppressed"], true);

  const json &Irql = J["findings"][2];
  EXPECT_EQ(Irql["ruleId"], "ndis-irql");
  EXPECT_EQ(Irql["severity"], "error");
  ASSERT_EQ(Irql["trace"].size(), 2u);
  EXPECT_EQ(Irql["trace"][1],
            json({{"file", "/src/proj/drv/b.c"},
                  {"line", 18},
                  {"column", 3},
                  {"message",
                   "NdisAcquireSpinLock raises the IRQL to DISPATCH_LEVEL"}}));

  EXPECT_EQ(J["errors"], json::parse(R"([{"file": "/src/proj/drv/c.c",
                                          "message": "cannot parse: expected ';'"}])"));
}

TEST(JsonReportTest, EmptyRunAndDefaultSeverity) {
  RunResult R;
  Finding F = finding("ndis-irql", "", "a.c", 1, 1, "m", "F");
  R.Findings = {F};
  json J = json::parse(renderJson(R, testDb()));
  EXPECT_EQ(J["findings"][0]["severity"], "error");
  EXPECT_EQ(J["errors"], json::array());
  EXPECT_EQ(json::parse(renderJson(RunResult(), testDb()))["findings"],
            json::array());
}

//===----------------------------------------------------------------------===//
// SARIF
//===----------------------------------------------------------------------===//

TEST(SarifReportTest, RequiredFields) {
  json Log = sarif(sampleRun());
  EXPECT_EQ(Log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(Log["version"], "2.1.0");
  ASSERT_EQ(Log["runs"].size(), 1u);
  const json &Run = Log["runs"][0];
  const json &Driver = Run["tool"]["driver"];
  EXPECT_EQ(Driver["name"], "ndis-check");
  EXPECT_TRUE(Driver["informationUri"].is_string());
  EXPECT_TRUE(Driver["version"].is_string());

  // Every rule of the database, in database order, fully described.
  ContractDb Db = testDb();
  ASSERT_EQ(Driver["rules"].size(), Db.Rules.size());
  for (size_t I = 0; I < Db.Rules.size(); ++I) {
    const json &Rule = Driver["rules"][I];
    EXPECT_EQ(Rule["id"], Db.Rules[I].Id);
    EXPECT_EQ(Rule["name"], Db.Rules[I].Name);
    EXPECT_EQ(Rule["shortDescription"]["text"], Db.Rules[I].Short);
    EXPECT_EQ(Rule["fullDescription"]["text"], Db.Rules[I].Full);
    EXPECT_TRUE(Rule["help"]["text"].is_string());
    EXPECT_TRUE(Rule["help"]["markdown"].is_string());
    EXPECT_EQ(Rule["defaultConfiguration"]["level"], Db.Rules[I].Severity);
    EXPECT_EQ(Rule["properties"]["precision"], "high");
    EXPECT_TRUE(Rule["properties"]["tags"].is_array());
  }
  // The cited sentence is quoted in the help.
  std::string Md = Driver["rules"][0]["help"]["markdown"];
  EXPECT_NE(Md.find("> Callers of NdisAllocateMemory run at IRQL \\<= "
                    "DISPATCH\\_LEVEL."),
            std::string::npos)
      << Md;
  std::string HelpText = Driver["rules"][0]["help"]["text"];
  EXPECT_NE(HelpText.find("\"Callers of NdisAllocateMemory run at IRQL <= "
                          "DISPATCH_LEVEL.\""),
            std::string::npos)
      << HelpText;

  EXPECT_EQ(Run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///src/proj/");

  ASSERT_EQ(Run["results"].size(), 3u);
  for (const json &Res : Run["results"]) {
    // ruleIndex points at the rule named by ruleId.
    ASSERT_TRUE(Res["ruleIndex"].is_number_unsigned());
    EXPECT_EQ(Driver["rules"][Res["ruleIndex"].get<size_t>()]["id"],
              Res["ruleId"]);
    EXPECT_TRUE(Res["message"]["text"].is_string());
    EXPECT_TRUE(Res["level"] == "error" || Res["level"] == "warning");
    const json &PL = Res["locations"][0]["physicalLocation"];
    EXPECT_EQ(PL["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    EXPECT_GE(PL["region"]["startLine"].get<int>(), 1);
    EXPECT_TRUE(Res["partialFingerprints"]["ndisCheck/v1"].is_string());
  }

  const json &Tag = resultFor(Log, "ndis-tag");
  EXPECT_EQ(Tag["ruleIndex"], 1);
  EXPECT_EQ(Tag["level"], "warning");
  EXPECT_EQ(Tag["locations"][0]["physicalLocation"],
            json::parse(R"({"artifactLocation": {"uri": "drv/a.c",
                                                 "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": 7, "startColumn": 30}})"));
  EXPECT_FALSE(Tag.contains("codeFlows"));
  EXPECT_FALSE(Tag.contains("suppressions"));

  const json &Leak = resultFor(Log, "ndis-leak");
  EXPECT_EQ(Leak["suppressions"], json::parse(R"([{"kind": "inSource"}])"));

  const json &Inv = Run["invocations"][0];
  EXPECT_EQ(Inv["executionSuccessful"], false);
  ASSERT_EQ(Inv["toolExecutionNotifications"].size(), 1u);
  const json &Note = Inv["toolExecutionNotifications"][0];
  EXPECT_EQ(Note["level"], "error");
  EXPECT_EQ(Note["message"]["text"], "cannot parse: expected ';'");
  EXPECT_EQ(Note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "drv/c.c");
}

TEST(SarifReportTest, TraceBecomesCodeFlowEndingAtTheFinding) {
  json Log = sarif(sampleRun());
  const json &Irql = resultFor(Log, "ndis-irql");
  EXPECT_EQ(Irql["level"], "error");
  EXPECT_EQ(Irql["ruleIndex"], 0);
  const json &Locs = Irql["codeFlows"][0]["threadFlows"][0]["locations"];
  ASSERT_EQ(Locs.size(), 3u);
  EXPECT_EQ(Locs[0]["location"]["message"]["text"],
            "MpSend is entered at DISPATCH_LEVEL as "
            "MINIPORT_SEND_NET_BUFFER_LISTS");
  EXPECT_EQ(Locs[0]["location"]["physicalLocation"]["artifactLocation"]["uri"],
            "drv/a.c");
  EXPECT_EQ(Locs[0]["location"]["physicalLocation"]["region"]["startLine"], 10);
  EXPECT_EQ(Locs[1]["location"]["physicalLocation"]["region"]["startLine"], 18);
  EXPECT_EQ(Locs[2]["location"]["physicalLocation"],
            Irql["locations"][0]["physicalLocation"]);
  EXPECT_EQ(Locs[2]["location"]["message"]["text"], Irql["message"]["text"]);
  for (const json &L : Locs)
    EXPECT_EQ(L["importance"], "essential");
}

TEST(SarifReportTest, UrisOutsideRootAndEscaping) {
  RunResult R;
  R.Findings = {
      finding("ndis-tag", "warning", "/src/proj/my drv/a#1.c", 3, 1, "m", "F"),
      finding("ndis-tag", "warning", "/usr/include/ndis.h", 4, 2, "m", "G"),
      finding("ndis-tag", "warning", "/src/proj/sub/../x.c", 5, 0, "m", "H")};
  json Log = json::parse(renderSarif(R, testDb(), "/src/proj/"));
  EXPECT_EQ(Log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            "file:///src/proj/");
  const json &Res = Log["runs"][0]["results"];
  ASSERT_EQ(Res.size(), 3u);
  const json &In = Res[0]["locations"][0]["physicalLocation"];
  EXPECT_EQ(In["artifactLocation"]["uri"], "my%20drv/a%231.c");
  const json &Dots = Res[1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(Dots["artifactLocation"]["uri"], "x.c");
  EXPECT_FALSE(Dots["region"].contains("startColumn"));
  const json &Out = Res[2]["locations"][0]["physicalLocation"];
  EXPECT_EQ(Out["artifactLocation"]["uri"], "file:///usr/include/ndis.h");
  EXPECT_FALSE(Out["artifactLocation"].contains("uriBaseId"));
  EXPECT_EQ(Log["runs"][0]["invocations"][0]["executionSuccessful"], true);
  EXPECT_FALSE(
      Log["runs"][0]["invocations"][0].contains("toolExecutionNotifications"));
}

TEST(SarifReportTest, FingerprintsIgnoreLinesButNotFunctions) {
  auto FingerprintOf = [](const RunResult &R, size_t I) {
    return sarif(R)["runs"][0]["results"][I]["partialFingerprints"]
                   ["ndisCheck/v1"]
                       .get<std::string>();
  };
  RunResult Before = sampleRun();
  RunResult After = sampleRun();
  // Five lines inserted above every finding of b.c.
  for (Finding &F : After.Findings)
    if (F.Loc.File == "/src/proj/drv/b.c")
      F.Loc.Line += 5;
  json A = sarif(Before), B = sarif(After);
  ASSERT_EQ(A["runs"][0]["results"].size(), B["runs"][0]["results"].size());
  for (size_t I = 0; I < A["runs"][0]["results"].size(); ++I)
    EXPECT_EQ(A["runs"][0]["results"][I]["partialFingerprints"],
              B["runs"][0]["results"][I]["partialFingerprints"]);
  EXPECT_NE(resultFor(A, "ndis-irql")["locations"],
            resultFor(B, "ndis-irql")["locations"]);

  // Same rule, file and message in two functions: two identities.
  RunResult Two;
  Two.Findings = {
      finding("ndis-tag", "warning", "/src/proj/a.c", 3, 1, "m",
              "MpInitialize"),
      finding("ndis-tag", "warning", "/src/proj/a.c", 30, 1, "m", "MpReset")};
  EXPECT_NE(FingerprintOf(Two, 0), FingerprintOf(Two, 1));

  // Same function twice: told apart by occurrence, and stable when both move.
  RunResult Twice = Two;
  Twice.Findings[1].Function = "MpInitialize";
  std::string First = FingerprintOf(Twice, 0), Second = FingerprintOf(Twice, 1);
  EXPECT_NE(First, Second);
  for (Finding &F : Twice.Findings)
    F.Loc.Line += 5;
  EXPECT_EQ(FingerprintOf(Twice, 0), First);
  EXPECT_EQ(FingerprintOf(Twice, 1), Second);

  // Independent of where the checkout lives.
  RunResult Moved = Two;
  for (Finding &F : Moved.Findings)
    F.Loc.File = "/home/ci/work" + F.Loc.File.substr(strlen("/src/proj"));
  json M = json::parse(renderSarif(Moved, testDb(), "/home/ci/work"));
  EXPECT_EQ(M["runs"][0]["results"][0]["partialFingerprints"]["ndisCheck/v1"],
            FingerprintOf(Two, 0));
}

TEST(SarifReportTest, DeterministicWhateverTheInputOrder) {
  RunResult R = sampleRun();
  std::string Expected = renderSarif(R, testDb(), Root);
  std::string ExpectedJson = renderJson(R, testDb());
  std::string ExpectedText = renderText(R, false);
  std::sort(
      R.Findings.begin(), R.Findings.end(),
      [](const Finding &A, const Finding &B) { return A.Message > B.Message; });
  do {
    EXPECT_EQ(renderSarif(R, testDb(), Root), Expected);
    EXPECT_EQ(renderJson(R, testDb()), ExpectedJson);
    EXPECT_EQ(renderText(R, false), ExpectedText);
  } while (std::next_permutation(R.Findings.begin(), R.Findings.end(),
                                 [](const Finding &A, const Finding &B) {
                                   return A.Message < B.Message;
                                 }));
}

TEST(SarifReportTest, UnknownRuleGetsADescriptor) {
  RunResult R;
  R.Findings = {
      finding("ndis-experimental", "note", "/src/proj/a.c", 1, 1, "m", "F")};
  json Log = sarif(R);
  const json &Rules = Log["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(Rules.size(), testDb().Rules.size() + 1);
  const json &Res = Log["runs"][0]["results"][0];
  EXPECT_EQ(Res["ruleIndex"], testDb().Rules.size());
  EXPECT_EQ(Rules[Res["ruleIndex"].get<size_t>()]["id"], "ndis-experimental");
  EXPECT_EQ(Res["level"], "note");
  EXPECT_TRUE(Rules.back()["shortDescription"]["text"].is_string());
}

TEST(SarifReportTest, InvalidUtf8DoesNotThrow) {
  RunResult R;
  R.Findings = {finding("ndis-tag", "warning", "/src/proj/a.c", 1, 1,
                        "tag '\xff\xfe' is invalid", "F")};
  std::string S;
  EXPECT_NO_THROW(S = renderSarif(R, testDb(), Root));
  EXPECT_NO_THROW((void)json::parse(S));
  EXPECT_NO_THROW((void)json::parse(renderJson(R, testDb())));
}
