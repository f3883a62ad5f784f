//===- SarifReport.cpp - SARIF 2.1.0 output -------------------------------===//
//
// Written for GitHub code scanning's ingestion rules (Sarif.Multitool
// validate --rule-kind Gh): every rule has short and full descriptions and
// help, every result a relative URI under %SRCROOT%, a region and a
// partialFingerprint that survives unrelated edits, and traces are codeFlows.
//
//===----------------------------------------------------------------------===//

#include "report/Report.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#ifndef NDISCHECK_VERSION
#define NDISCHECK_VERSION "0.1.0"
#endif

using namespace llvm;
using ojson = nlohmann::ordered_json;

namespace ndischeck {

namespace {

constexpr const char *SrcRootId = "%SRCROOT%";
constexpr const char *FingerprintKey = "ndisCheck/v1";

/// Absolute, without "." and "..", with forward slashes.
std::string normalisePath(StringRef P) {
  SmallString<256> S(P);
  sys::fs::make_absolute(S);
  sys::path::remove_dots(S, /*remove_dot_dot=*/true);
  return sys::path::convert_to_slash(S);
}

/// Percent-encodes all but RFC 3986's unreserved characters and '/'. A colon
/// is kept only where asked (a drive letter in an absolute URI): in a
/// relative reference it would read as a scheme.
std::string uriEscape(StringRef S, bool KeepColon) {
  std::string Out;
  for (unsigned char C : S) {
    if (isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' ||
        C == '/' || (KeepColon && C == ':')) {
      Out.push_back(C);
      continue;
    }
    Out.push_back('%');
    Out.push_back(hexdigit(C >> 4));
    Out.push_back(hexdigit(C & 15));
  }
  return Out;
}

std::string fileUri(StringRef AbsSlashed) {
  // "C:/x" needs a third slash; "/x" already has it.
  return "file://" + std::string(AbsSlashed.starts_with("/") ? "" : "/") +
         uriEscape(AbsSlashed, /*KeepColon=*/true);
}

std::string hex128(StringRef Data) {
  XXH128_hash_t H = xxh3_128bits(arrayRefFromStringRef(Data));
  std::string S;
  raw_string_ostream OS(S);
  OS << format_hex_no_prefix(H.high64, 16) << format_hex_no_prefix(H.low64, 16);
  return S;
}

/// Backslash-escapes what would otherwise format: emphasis in identifiers
/// such as NDIS_MEMORY_CONTIGUOUS, "<=" read as HTML, links, headings.
std::string markdownEscape(StringRef S) {
  std::string Out;
  for (char C : S) {
    if (StringRef("\\`*_[]<>#&|").contains(C))
      Out.push_back('\\');
    Out.push_back(C);
  }
  return Out;
}

class SarifWriter {
public:
  SarifWriter(const RunResult &R, const ContractDb &Db, StringRef SrcRoot)
      : R(R), Db(Db) {
    Root = normalisePath(SrcRoot.empty() ? StringRef(".") : SrcRoot);
    if (!StringRef(Root).ends_with("/"))
      Root += '/';
  }

  std::string render();
  /// The fingerprint of every finding of R (duplicates share one).
  std::map<const Finding *, std::string> fingerprints() const;

private:
  /// The path relative to SrcRoot with forward slashes, or nullopt when the
  /// file lies outside it.
  std::optional<std::string> relative(const std::string &Abs) const {
    if (StringRef(Abs).starts_with(Root) && Abs.size() > Root.size())
      return Abs.substr(Root.size());
    return std::nullopt;
  }

  ojson artifactLocation(const std::string &File) const;
  ojson physicalLocation(const SourcePoint &P) const;
  ojson location(const SourcePoint &P, const std::string *Message) const;
  ojson ruleDescriptor(const RuleInfo &Rule) const;
  ojson result(const Finding &F, unsigned Occurrence) const;
  std::string fingerprint(const Finding &F, unsigned Occurrence) const;
  /// The path that identifies a file in fingerprints: relative when
  /// possible, so that another checkout gives the same fingerprints.
  std::string identity(const std::string &File) const {
    std::string Abs = normalisePath(File);
    if (std::optional<std::string> Rel = relative(Abs))
      return *Rel;
    return Abs;
  }

  const RunResult &R;
  const ContractDb &Db;
  std::string Root;
  std::vector<RuleInfo> Rules;
  std::map<std::string, unsigned> RuleIndex;
};

ojson SarifWriter::artifactLocation(const std::string &File) const {
  std::string Abs = normalisePath(File);
  if (std::optional<std::string> Rel = relative(Abs))
    return {{"uri", uriEscape(*Rel, /*KeepColon=*/false)},
            {"uriBaseId", SrcRootId}};
  return {{"uri", fileUri(Abs)}};
}

ojson SarifWriter::physicalLocation(const SourcePoint &P) const {
  ojson PL = {{"artifactLocation", artifactLocation(P.File)}};
  // SARIF lines and columns are 1-based; 0 means "unknown" here.
  if (P.Line) {
    ojson Region = {{"startLine", P.Line}};
    if (P.Col)
      Region["startColumn"] = P.Col;
    PL["region"] = std::move(Region);
  }
  return PL;
}

ojson SarifWriter::location(const SourcePoint &P,
                            const std::string *Message) const {
  ojson L = ojson::object();
  if (!P.File.empty())
    L["physicalLocation"] = physicalLocation(P);
  if (Message)
    L["message"] = {{"text", *Message}};
  return L;
}

ojson SarifWriter::ruleDescriptor(const RuleInfo &Rule) const {
  std::string Short = Rule.Short.empty() ? Rule.Id : Rule.Short;
  std::string Full = Rule.Full.empty() ? Short : Rule.Full;
  std::string Help = Rule.Help.empty() ? Full : Rule.Help;

  // The documentation sentences a rule enforces are its justification: show
  // them verbatim, quoted, under the advice.
  std::string HelpText = Help, HelpMd = markdownEscape(Help);
  if (!Rule.Cites.empty()) {
    HelpText += "\n\nDocumentation:";
    HelpMd += "\n\n**Documentation**";
    for (const Citation &C : Rule.Cites) {
      HelpText += "\n  \"" + C.Text + "\" (" + C.Ddi + ")";
      HelpMd += "\n\n> " + markdownEscape(C.Text) + "\n>\n> \xE2\x80\x94 " +
                markdownEscape(C.Ddi);
    }
  }

  ojson D = {{"id", Rule.Id}};
  if (!Rule.Name.empty())
    D["name"] = Rule.Name;
  D["shortDescription"] = {{"text", Short}};
  D["fullDescription"] = {{"text", Full}};
  D["help"] = {{"text", HelpText}, {"markdown", HelpMd}};
  D["defaultConfiguration"] = {{"level", severityLevel(Rule.Severity).str()}};
  D["properties"] = {{"tags", ojson::array({"ndis", "correctness"})},
                     {"precision", "high"}};
  return D;
}

ojson SarifWriter::result(const Finding &F, unsigned Occurrence) const {
  ojson Res = {{"ruleId", F.RuleId},
               {"ruleIndex", RuleIndex.at(F.RuleId)},
               {"level", severityLevel(F.Severity).str()},
               {"message", {{"text", F.Message}}}};
  if (!F.Loc.File.empty())
    Res["locations"] = ojson::array({location(F.Loc, nullptr)});

  std::string Fingerprint = fingerprint(F, Occurrence);
  Res["partialFingerprints"] = {{FingerprintKey, Fingerprint}};
  if (R.Baseline)
    Res["baselineState"] = R.Baseline->count(Fingerprint) ? "unchanged" : "new";

  if (!F.Trace.empty()) {
    ojson Locs = ojson::array();
    for (const TraceStep &T : F.Trace)
      Locs.push_back({{"location", location(T.Loc, &T.Message)},
                      {"importance", "essential"}});
    Locs.push_back({{"location", location(F.Loc, &F.Message)},
                    {"importance", "essential"}});
    Res["codeFlows"] = ojson::array(
        {{{"threadFlows", ojson::array({{{"locations", std::move(Locs)}}})}}});
  }

  if (F.Suppressed)
    Res["suppressions"] = ojson::array({{{"kind", "inSource"}}});
  return Res;
}

std::string SarifWriter::fingerprint(const Finding &F,
                                     unsigned Occurrence) const {
  // Not the line: a finding must keep its identity when code above it moves.
  // The occurrence index tells apart identical findings in one function.
  std::string Key = F.RuleId;
  for (const std::string &Part : {identity(F.Loc.File), F.Function, F.Message,
                                  std::to_string(Occurrence)}) {
    Key.push_back('\0');
    Key += Part;
  }
  return hex128(Key);
}

std::map<const Finding *, std::string> SarifWriter::fingerprints() const {
  std::map<const Finding *, std::string> Out;
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           unsigned>
      Seen;
  for (const Finding *F : sortedFindings(R.Findings)) {
    unsigned &N =
        Seen[{F->RuleId, identity(F->Loc.File), F->Function, F->Message}];
    Out[F] = fingerprint(*F, N++);
  }
  return Out;
}

std::string SarifWriter::render() {
  std::vector<const Finding *> Findings = sortedFindings(R.Findings);

  // Every rule of the database, in database order, so that rule indexes are
  // the same in every log; then any rule a finding names that the database
  // does not know, so that every ruleIndex is valid.
  for (const RuleInfo &Rule : Db.Rules)
    if (RuleIndex.emplace(Rule.Id, Rules.size()).second)
      Rules.push_back(Rule);
  std::set<std::string> Unknown;
  for (const Finding *F : Findings)
    if (!RuleIndex.count(F->RuleId))
      Unknown.insert(F->RuleId);
  for (const std::string &Id : Unknown) {
    RuleIndex.emplace(Id, Rules.size());
    RuleInfo Rule;
    Rule.Id = Id;
    Rule.Severity = "warning";
    Rules.push_back(Rule);
  }

  ojson RuleList = ojson::array();
  for (const RuleInfo &Rule : Rules)
    RuleList.push_back(ruleDescriptor(Rule));

  ojson Results = ojson::array();
  std::map<std::tuple<std::string, std::string, std::string, std::string>,
           unsigned>
      Seen;
  for (const Finding *F : Findings) {
    unsigned &N =
        Seen[{F->RuleId, identity(F->Loc.File), F->Function, F->Message}];
    Results.push_back(result(*F, N++));
  }

  std::vector<const InputError *> Errors;
  for (const InputError &E : R.Errors)
    Errors.push_back(&E);
  std::sort(Errors.begin(), Errors.end(),
            [](const InputError *A, const InputError *B) {
              return std::tie(A->File, A->Message) <
                     std::tie(B->File, B->Message);
            });
  ojson Invocation = {{"executionSuccessful", Errors.empty()}};
  if (!Errors.empty() || !R.Notes.empty()) {
    ojson Notes = ojson::array();
    for (const InputError *E : Errors) {
      ojson N = {{"level", "error"}, {"message", {{"text", E->Message}}}};
      if (!E->File.empty())
        N["locations"] = ojson::array(
            {{{"physicalLocation",
               {{"artifactLocation", artifactLocation(E->File)}}}}});
      Notes.push_back(std::move(N));
    }
    for (const RunNote &RN : R.Notes) {
      ojson Physical = {{"artifactLocation", artifactLocation(RN.Loc.File)}};
      if (RN.Loc.valid())
        Physical["region"] = {{"startLine", RN.Loc.Line},
                              {"startColumn", std::max(RN.Loc.Col, 1u)}};
      Notes.push_back(
          {{"level", "note"},
           {"message", {{"text", RN.Message}}},
           {"locations",
            ojson::array({{{"physicalLocation", std::move(Physical)}}})}});
    }
    Invocation["toolExecutionNotifications"] = std::move(Notes);
  }

  ojson Driver = {{"name", "ndis-check"},
                  {"informationUri", "https://github.com/ndischeck/ndischeck"},
                  {"version", NDISCHECK_VERSION},
                  {"semanticVersion", NDISCHECK_VERSION},
                  {"rules", std::move(RuleList)}};
  ojson Run = {{"tool", {{"driver", std::move(Driver)}}},
               {"invocations", ojson::array({std::move(Invocation)})},
               {"originalUriBaseIds", {{SrcRootId, {{"uri", fileUri(Root)}}}}},
               // Columns are clang's, which count bytes; for ASCII source lines
               // that is the same as code points.
               {"columnKind", "unicodeCodePoints"},
               {"results", std::move(Results)}};
  ojson Log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
               {"version", "2.1.0"},
               {"runs", ojson::array({std::move(Run)})}};
  return Log.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

} // namespace

std::string renderSarif(const RunResult &R, const ContractDb &Db,
                        StringRef SrcRoot) {
  return SarifWriter(R, Db, SrcRoot).render();
}

std::vector<std::string> findingFingerprints(const RunResult &R,
                                             StringRef SrcRoot) {
  ContractDb NoRules;
  std::map<const Finding *, std::string> ByFinding =
      SarifWriter(R, NoRules, SrcRoot).fingerprints();
  std::vector<std::string> Out;
  Out.reserve(R.Findings.size());
  for (const Finding &F : R.Findings) {
    auto It = ByFinding.find(&F);
    if (It == ByFinding.end()) {
      // An exact duplicate that sortedFindings dropped: it is reported as
      // the one that was kept, so it has that one's fingerprint.
      It = std::find_if(ByFinding.begin(), ByFinding.end(), [&](auto &KV) {
        return !(*KV.first < F) && !(F < *KV.first);
      });
    }
    Out.push_back(It == ByFinding.end() ? std::string() : It->second);
  }
  return Out;
}

bool readBaselineFingerprints(StringRef Path, std::set<std::string> &Out,
                              std::string &Error) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf) {
    Error = Path.str() + ": cannot read baseline: " + Buf.getError().message();
    return false;
  }
  ojson Log = ojson::parse((*Buf)->getBuffer().begin(),
                           (*Buf)->getBuffer().end(), nullptr,
                           /*allow_exceptions=*/false);
  auto Runs = Log.is_object() ? Log.find("runs") : Log.end();
  if (!Log.is_object() || Runs == Log.end() || !Runs->is_array()) {
    Error = Path.str() + ": not a SARIF log (no \"runs\" array)";
    return false;
  }
  for (const ojson &Run : *Runs) {
    if (!Run.is_object() || !Run.contains("results") ||
        !Run["results"].is_array())
      continue;
    for (const ojson &Res : Run["results"]) {
      if (!Res.is_object() || !Res.contains("partialFingerprints"))
        continue;
      const ojson &FP = Res["partialFingerprints"];
      if (FP.is_object() && FP.contains(FingerprintKey) &&
          FP[FingerprintKey].is_string())
        Out.insert(FP[FingerprintKey].get<std::string>());
    }
  }
  return true;
}

} // namespace ndischeck
