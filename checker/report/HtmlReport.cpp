//===- HtmlReport.cpp - One self-contained HTML page ----------------------===//
//
// For reviewers who do not use a SARIF viewer: open one file and read each
// finding with its trace drawn over the source, as Static Driver Verifier's
// defect viewer and scan-build's reports show them. Everything (style,
// script, source excerpts) is inside the page: it works offline, from a CI
// artifact or an e-mail attachment.
//
//===----------------------------------------------------------------------===//

#include "report/Report.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

#ifndef NDISCHECK_VERSION
#define NDISCHECK_VERSION "0.1.0"
#endif

using namespace llvm;

namespace ndischeck {

namespace {

constexpr unsigned ContextLines = 2;
constexpr uint64_t MaxSourceSize = 16u << 20;

std::string esc(StringRef S) {
  std::string Out;
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out.push_back(C);
    }
  }
  return Out;
}

/// Source lines, read once per file.
class SourceLines {
public:
  const std::vector<std::string> *get(const std::string &File) {
    auto [It, New] = Cache.try_emplace(File);
    if (New) {
      uint64_t Size;
      if (!sys::fs::file_size(File, Size) && Size <= MaxSourceSize)
        if (auto Buf = MemoryBuffer::getFile(File)) {
          SmallVector<StringRef, 0> Lines;
          (*Buf)->getBuffer().split(Lines, '\n');
          for (StringRef L : Lines)
            It->second.push_back(L.rtrim("\r").str());
        }
    }
    return It->second.empty() ? nullptr : &It->second;
  }

private:
  std::map<std::string, std::vector<std::string>> Cache;
};

class HtmlWriter {
public:
  HtmlWriter(const RunResult &R, const ContractDb &Db, StringRef SrcRoot)
      : R(R), Db(Db) {
    SmallString<256> Root(SrcRoot.empty() ? StringRef(".") : SrcRoot);
    sys::fs::make_absolute(Root);
    sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
    this->Root = std::string(Root) + "/";
  }

  std::string render();

private:
  std::string display(const std::string &File) const {
    SmallString<256> Abs(File);
    sys::fs::make_absolute(Abs);
    sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    StringRef A(Abs);
    if (A.starts_with(Root))
      return A.drop_front(Root.size()).str();
    return A.str();
  }
  std::string where(const SourcePoint &P) const {
    std::string S = display(P.File);
    if (P.Line)
      S += ":" + std::to_string(P.Line);
    if (P.Col)
      S += ":" + std::to_string(P.Col);
    return S;
  }
  const RuleInfo *rule(StringRef Id) const {
    for (const RuleInfo &Rule : Db.Rules)
      if (Rule.Id == Id)
        return &Rule;
    return nullptr;
  }
  std::string severity(const Finding &F) const {
    std::string S = F.Severity;
    if (S.empty())
      if (const RuleInfo *Rule = rule(F.RuleId))
        S = Rule->Severity;
    return severityLevel(S).str();
  }
  void step(raw_ostream &OS, unsigned N, StringRef Kind, const SourcePoint &P,
            StringRef Message);
  void finding(raw_ostream &OS, const Finding &F, StringRef State);
  void section(raw_ostream &OS, StringRef Id, StringRef Title, StringRef State,
               const std::vector<const Finding *> &Fs);

  const RunResult &R;
  const ContractDb &Db;
  std::string Root;
  SourceLines Sources;
  unsigned NextId = 0;
};

void HtmlWriter::step(raw_ostream &OS, unsigned N, StringRef Kind,
                      const SourcePoint &P, StringRef Message) {
  OS << "<li class=\"step\" data-kind=\"" << Kind << "\"><div class=\"where\">"
     << "<span class=\"badge\">" << N << "</span> <span class=\"kind\">" << Kind
     << "</span> <code>" << esc(where(P)) << "</code> " << esc(Message)
     << "</div>\n";
  const std::vector<std::string> *Lines =
      P.valid() ? Sources.get(P.File) : nullptr;
  if (Lines && P.Line <= Lines->size()) {
    unsigned First = P.Line > ContextLines ? P.Line - ContextLines : 1;
    unsigned Last = std::min<unsigned>(Lines->size(), P.Line + ContextLines);
    OS << "<pre class=\"src\">";
    for (unsigned L = First; L <= Last; ++L) {
      bool Here = L == P.Line;
      OS << "<span class=\"line" << (Here ? " here" : "") << "\">"
         << "<span class=\"ln\">" << L << "</span>";
      const std::string &Text = (*Lines)[L - 1];
      if (Here && P.Col >= 1 && P.Col <= Text.size() + 1) {
        OS << esc(StringRef(Text).take_front(P.Col - 1))
           << "<span class=\"mark\" title=\"step " << N << "\">" << N
           << "</span>" << esc(StringRef(Text).drop_front(P.Col - 1));
      } else {
        OS << esc(Text);
      }
      // Each line is a block of its own: no newline between them in <pre>.
      OS << "</span>";
    }
    OS << "</pre>";
  }
  OS << "</li>\n";
}

/// What a trace step is, from the engine's wording of it.
StringRef stepKind(StringRef Message, bool First) {
  if (First && Message.contains("entered as"))
    return "entry point";
  if (Message.contains_insensitive("acquir") ||
      Message.contains_insensitive("lock"))
    return "lock";
  if (Message.contains_insensitive("rais") ||
      Message.contains_insensitive("irql"))
    return "raise";
  if (Message.contains(" calls ") || Message.contains("called"))
    return "call";
  return "step";
}

void HtmlWriter::finding(raw_ostream &OS, const Finding &F, StringRef State) {
  std::string Sev = severity(F);
  std::string Id = "f" + std::to_string(++NextId);
  OS << "<article class=\"finding\" id=\"" << Id << "\" data-rule=\""
     << esc(F.RuleId) << "\" data-severity=\"" << Sev << "\" data-state=\""
     << State << "\">\n<h4><span class=\"sev sev-" << Sev << "\">" << Sev
     << "</span> " << esc(F.Message) << " <a class=\"loc\" href=\"#" << Id
     << "\">" << esc(where(F.Loc)) << "</a> <code class=\"rule\">"
     << esc(F.RuleId) << "</code></h4>\n";
  if (!F.Function.empty())
    OS << "<p class=\"fn\">in <code>" << esc(F.Function) << "</code></p>\n";
  OS << "<ol class=\"trace\">\n";
  unsigned N = 0;
  for (const TraceStep &T : F.Trace) {
    StringRef Kind = stepKind(T.Message, /*First=*/N == 0);
    step(OS, ++N, Kind, T.Loc, T.Message);
  }
  step(OS, ++N, "the call", F.Loc, F.Message);
  OS << "</ol>\n</article>\n";
}

void HtmlWriter::section(raw_ostream &OS, StringRef Id, StringRef Title,
                         StringRef State,
                         const std::vector<const Finding *> &Fs) {
  OS << "<section id=\"" << Id << "\" class=\"findings\"><h2>" << Title
     << " <span class=\"count\">" << Fs.size() << "</span></h2>\n";
  if (Fs.empty())
    OS << "<p class=\"none\">None.</p>\n";
  // By file, then by rule, each with its count.
  std::map<std::string, std::map<std::string, std::vector<const Finding *>>>
      Groups;
  for (const Finding *F : Fs)
    Groups[display(F->Loc.File)][F->RuleId].push_back(F);
  for (const auto &[File, ByRule] : Groups) {
    size_t Count = 0;
    for (const auto &[Rule, List] : ByRule)
      Count += List.size();
    OS << "<div class=\"file-group\"><h3><code>" << esc(File)
       << "</code> <span class=\"count\">" << Count << "</span></h3>\n";
    for (const auto &[RuleId, List] : ByRule) {
      const RuleInfo *Rule = rule(RuleId);
      OS << "<div class=\"rule-group\" data-rule=\"" << esc(RuleId)
         << "\"><h3 class=\"rule-title\"><code>" << esc(RuleId) << "</code> "
         << (Rule ? esc(Rule->Short) : std::string())
         << " <span class=\"count\">" << List.size() << "</span></h3>\n";
      for (const Finding *F : List)
        finding(OS, *F, State);
      OS << "</div>\n";
    }
    OS << "</div>\n";
  }
  OS << "</section>\n";
}

constexpr const char *Style = R"css(
:root { --err: #b00020; --warn: #a15c00; --note: #00639b; --line: #fff3bf; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fafafa; }
header { background: #1f2937; color: #fff; padding: 12px 20px; }
header h1 { font-size: 20px; margin: 0 0 4px; }
main { padding: 0 20px 40px; }
nav#filters { background: #fff; border-bottom: 1px solid #ddd; padding: 8px 20px; position: sticky; top: 0; z-index: 1; }
nav#filters fieldset { display: inline-block; border: 1px solid #ccc; margin: 0 12px 0 0; padding: 2px 8px; }
nav#filters label { margin-right: 10px; white-space: nowrap; }
table.overview { border-collapse: collapse; margin: 12px 0; background: #fff; }
table.overview td, table.overview th { border: 1px solid #ddd; padding: 2px 8px; text-align: left; }
h2 { border-bottom: 2px solid #1f2937; padding-top: 12px; }
.count { display: inline-block; min-width: 1.4em; padding: 0 6px; border-radius: 9px; background: #e5e7eb; font-size: 12px; text-align: center; }
.file-group { margin: 10px 0 18px; }
.file-group > h3 { font-size: 15px; margin: 8px 0; }
.rule-group { margin-left: 12px; }
.rule-title { font-size: 14px; font-weight: 600; margin: 6px 0; }
article.finding { background: #fff; border: 1px solid #ddd; border-left: 4px solid var(--warn); border-radius: 4px; margin: 8px 0 14px; padding: 6px 12px; }
article.finding[data-severity=error] { border-left-color: var(--err); }
article.finding[data-severity=note] { border-left-color: var(--note); }
article.finding h4 { margin: 4px 0; font-size: 14px; }
.sev { color: #fff; border-radius: 3px; padding: 0 5px; font-size: 12px; text-transform: uppercase; }
.sev-error { background: var(--err); } .sev-warning { background: var(--warn); } .sev-note { background: var(--note); }
a.loc { font-family: ui-monospace, monospace; font-size: 12px; margin-left: 6px; }
code.rule { color: #555; font-size: 12px; }
ol.trace { list-style: none; padding-left: 0; margin: 6px 0; }
li.step { margin: 4px 0 8px; padding-left: 10px; border-left: 2px dashed #9ca3af; }
li.step:last-child { border-left-style: solid; border-left-color: #1f2937; }
.badge, .mark { display: inline-block; background: #1f2937; color: #fff; border-radius: 50%; width: 1.5em; height: 1.5em; line-height: 1.5em; text-align: center; font-size: 11px; font-weight: bold; }
.mark { background: #c2410c; margin: 0 2px; }
.kind { font-weight: 600; color: #374151; }
pre.src { background: #f6f8fa; border: 1px solid #e5e7eb; margin: 4px 0 0; padding: 4px 0; overflow-x: auto; font: 12px/1.5 ui-monospace, monospace; }
pre.src .line { display: block; padding-right: 8px; white-space: pre; }
pre.src .line.here { background: var(--line); }
pre.src .ln { display: inline-block; width: 4em; color: #9ca3af; text-align: right; margin-right: 10px; user-select: none; }
section#suppressed article.finding, section#unchanged article.finding { opacity: .75; }
p.none { color: #666; }
ul.errors li { font-family: ui-monospace, monospace; }
)css";

constexpr const char *Script = R"js(
(function () {
  'use strict';
  var boxes = document.querySelectorAll('#filters input[type=checkbox]');
  function apply() {
    var rules = {}, sevs = {};
    boxes.forEach(function (b) {
      if (b.checked) (b.getAttribute('data-filter') === 'rule' ? rules : sevs)[b.value] = true;
    });
    document.querySelectorAll('article.finding').forEach(function (f) {
      f.hidden = !(rules[f.getAttribute('data-rule')] && sevs[f.getAttribute('data-severity')]);
    });
    document.querySelectorAll('.rule-group, .file-group').forEach(function (g) {
      var n = g.querySelectorAll('article.finding:not([hidden])').length;
      g.hidden = n === 0;
      var c = g.querySelector('h3 .count');
      if (c) c.textContent = String(n);
    });
    document.querySelectorAll('section.findings').forEach(function (s) {
      var c = s.querySelector('h2 .count');
      if (c) c.textContent = String(s.querySelectorAll('article.finding:not([hidden])').length);
    });
  }
  // A link can carry a filtered view: report.html#rule=ndis-irql&severity=error
  var wanted = {};
  location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
    var p = kv.split('=');
    if (p.length === 2 && p[1]) wanted[decodeURIComponent(p[0])] = decodeURIComponent(p[1]).split(',');
  });
  boxes.forEach(function (b) {
    var only = wanted[b.getAttribute('data-filter')];
    if (only) b.checked = only.indexOf(b.value) >= 0;
    b.addEventListener('change', apply);
  });
  apply();
})();
)js";

std::string HtmlWriter::render() {
  std::vector<const Finding *> All = sortedFindings(R.Findings);
  // Baseline state by fingerprint, as SARIF computes it.
  std::vector<std::string> Prints;
  if (R.Baseline)
    Prints = findingFingerprints(R, StringRef(Root).drop_back());
  std::vector<const Finding *> Active, Suppressed, Unchanged;
  for (const Finding *F : All) {
    size_t Index = F - R.Findings.data();
    if (F->Suppressed)
      Suppressed.push_back(F);
    else if (R.Baseline && Index < Prints.size() &&
             R.Baseline->count(Prints[Index]))
      Unchanged.push_back(F);
    else
      Active.push_back(F);
  }

  std::string Out;
  raw_string_ostream OS(Out);
  OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
        "\n<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n<meta name=\"generator\" content=\"ndis-check "
     << NDISCHECK_VERSION << "\">\n<title>NdisCheck report</title>\n<style>"
     << Style << "</style>\n</head>\n<body>\n<header><h1>NdisCheck report</h1>"
     << "<p class=\"summary\"><span id=\"total\">" << Active.size()
     << "</span> finding" << (Active.size() == 1 ? "" : "s") << " in "
     << R.FilesAnalysed << " file" << (R.FilesAnalysed == 1 ? "" : "s")
     << " analysed; " << Suppressed.size() << " suppressed in the source";
  if (R.Baseline)
    OS << "; " << Unchanged.size() << " unchanged since the baseline";
  if (!R.Errors.empty())
    OS << "; " << R.Errors.size() << " input error"
       << (R.Errors.size() == 1 ? "" : "s");
  OS << "</p></header>\n";

  // Filters: every rule and severity that occurs, all on.
  std::map<std::string, size_t> RuleCounts, SevCounts;
  for (const Finding *F : All) {
    ++RuleCounts[F->RuleId];
    ++SevCounts[severity(*F)];
  }
  OS << "<nav id=\"filters\"><fieldset><legend>Rules</legend>";
  for (const auto &[Rule, N] : RuleCounts)
    OS << "<label><input type=\"checkbox\" data-filter=\"rule\" value=\""
       << esc(Rule) << "\" checked> <code>" << esc(Rule) << "</code> (" << N
       << ")</label>";
  OS << "</fieldset><fieldset><legend>Severity</legend>";
  for (const auto &[Sev, N] : SevCounts)
    OS << "<label><input type=\"checkbox\" data-filter=\"severity\" value=\""
       << Sev << "\" checked> " << Sev << " (" << N << ")</label>";
  OS << "</fieldset></nav>\n<main>\n";

  // Overview: findings per file and rule.
  std::map<std::pair<std::string, std::string>, size_t> Table;
  for (const Finding *F : Active)
    ++Table[{display(F->Loc.File), F->RuleId}];
  if (!Table.empty()) {
    OS << "<table class=\"overview\"><thead><tr><th>file</th><th>rule</th>"
          "<th>findings</th></tr></thead><tbody>\n";
    for (const auto &[Key, N] : Table)
      OS << "<tr><td><code>" << esc(Key.first) << "</code></td><td><code>"
         << esc(Key.second) << "</code></td><td>" << N << "</td></tr>\n";
    OS << "</tbody></table>\n";
  }

  section(OS, "active", "Findings", "new", Active);
  section(OS, "suppressed", "Suppressed in the source (NOLINT)", "suppressed",
          Suppressed);
  if (R.Baseline)
    section(OS, "unchanged", "Unchanged since the baseline", "unchanged",
            Unchanged);
  if (!R.Errors.empty()) {
    OS << "<section id=\"errors\"><h2>Input errors <span class=\"count\">"
       << R.Errors.size() << "</span></h2><ul class=\"errors\">\n";
    for (const InputError &E : R.Errors)
      OS << "<li>" << esc(display(E.File)) << ": " << esc(E.Message)
         << "</li>\n";
    OS << "</ul></section>\n";
  }
  OS << "</main>\n<script>" << Script << "</script>\n</body>\n</html>\n";
  OS.flush();
  return Out;
}

} // namespace

std::string renderHtml(const RunResult &R, const ContractDb &Db,
                       StringRef SrcRoot) {
  return HtmlWriter(R, Db, SrcRoot).render();
}

} // namespace ndischeck
