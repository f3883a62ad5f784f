//===- NdisCheckMain.cpp - The ndis-check command-line tool ---------------===//
//
// Phase one summarises each translation unit (in parallel, through the
// summary cache); phase two links the driver and reports. Input problems are
// reported and the rest of the run goes on; the report is written whole or
// not at all.
//
//===----------------------------------------------------------------------===//

#include "HeapSetup.h"
#include "PathMap.h"
#include "ProjectInputs.h"
#include "SummarizeLink.h"

#include "db/ContractDb.h"
#include "link/DriverLink.h"
#include "report/Report.h"
#include "report/Suppressions.h"
#include "summary/LinkCache.h"
#include "summary/OutputFile.h"
#include "summary/SummaryCache.h"
#include "tu/CompileDbLoader.h"
#include "tu/PrefixPch.h"
#include "tu/TuRunner.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/BuryPointer.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <atomic>
#include <mutex>

using namespace llvm;
using namespace clang::tooling;
using namespace ndischeck;

extern const char *const NdisCheckBuiltinContracts;

namespace {

enum ExitCode {
  Clean = 0,
  Findings = 1,
  UsageOrInputError = 2,
  ParseFailure = 3,
  ReportNotWritten = 4
};

cl::OptionCategory Category("ndis-check options");

cl::opt<std::string>
    BuildPath("p", cl::desc("Directory holding compile_commands.json"),
              cl::value_desc("dir"), cl::cat(Category));
cl::list<std::string> Sources(cl::Positional, cl::desc("[<file> ...]"),
                              cl::cat(Category));
enum class Format { Text, Sarif, Json, Html };
cl::opt<Format>
    OutFormat("format", cl::desc("Report format"), cl::init(Format::Text),
              cl::values(clEnumValN(Format::Text, "text",
                                    "clang-style diagnostics (default)"),
                         clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
                         clEnumValN(Format::Json, "json", "NdisCheck's JSON"),
                         clEnumValN(Format::Html, "html",
                                    "one self-contained HTML page")),
              cl::cat(Category));
cl::opt<std::string> OutFile(
    "o",
    cl::desc("Write the report to <file> instead of stdout (\"-\"): a "
             "regular file is replaced atomically, a symbolic link's target "
             "likewise, a device or FIFO is written through"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<unsigned> Jobs(
    "j",
    cl::desc("Translation units analysed in parallel (default: all cores)"),
    cl::init(0), cl::Prefix, cl::cat(Category));
cl::opt<std::string> RulesFile(
    "rules", cl::desc("Use this contract database instead of the built-in one"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc("Summary cache directory (default: "
                      "$XDG_CACHE_HOME/ndis-check or ~/.cache/ndis-check)"),
             cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> NoCache("no-cache",
                      cl::desc("Neither read nor write the summary cache"),
                      cl::cat(Category));
cl::opt<std::string>
    SrcRoot("src-root",
            cl::desc("Root that SARIF artifact URIs are relative to (default: "
                     "current directory)"),
            cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> NoProgress("no-progress",
                         cl::desc("Do not print the progress line"),
                         cl::cat(Category));
cl::opt<std::string> BaselineFile(
    "baseline",
    cl::desc("An earlier --format sarif report: its findings (matched by "
             "partialFingerprints, so moved code still matches) are "
             "\"unchanged\", the others \"new\"; text and JSON output and "
             "the exit code consider new findings only, SARIF records "
             "baselineState, HTML shows them apart"),
    cl::value_desc("old.sarif"), cl::cat(Category));
// A Windows driver on Linux: its project, its WDK, its Windows paths.
cl::list<std::string> Vcxproj(
    "vcxproj",
    cl::desc("Analyse the ClCompile items of this MSBuild project, compiled "
             "as the WDK's targets would for --configuration/--platform "
             "(repeatable: a driver and the static libraries it links)"),
    cl::value_desc("driver.vcxproj"), cl::cat(Category));
cl::opt<std::string> Configuration("configuration",
                                   cl::desc("With --vcxproj (default: Debug)"),
                                   cl::init("Debug"), cl::cat(Category));
cl::opt<std::string>
    Platform("platform",
             cl::desc("With --vcxproj: x64 (default), Win32, ARM64 or ARM"),
             cl::init("x64"), cl::cat(Category));
cl::opt<std::string> SolutionDir(
    "solution-dir",
    cl::desc("With --vcxproj: $(SolutionDir) (default: the folder of the "
             ".sln above the project that names it)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> WdkDir(
    "wdk",
    cl::desc("The WDK's Include/<version> folder (or Include, or the kit "
             "root; empty, or --vcxproj without --wdk: $WDK_ROOT if set): "
             "its headers, found in any letter case, with ndis.h fixed for "
             "Clang and stubs for missing WPP .tmh files"),
    cl::value_desc("dir"), cl::cat(Category));
cl::list<std::string> PathMaps(
    "path-map",
    cl::desc("Read a compile_commands.json made on Windows: WINDOWS-FOLDER "
             "is LOCAL-FOLDER here (repeatable)"),
    cl::value_desc("'C:\\src=/work/src'"), cl::cat(Category));
cl::opt<std::string> ExportCommands(
    "export-compile-commands",
    cl::desc("Also write the compile commands used (after --vcxproj, "
             "--path-map, --wdk) as a compile_commands.json"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<bool> Summarize(
    "summarize",
    cl::desc("Per-file step for a build system: analyse the one source file "
             "and write its summary to the -o file (FILE.ndis) instead of a "
             "report; --link reports on such files"),
    cl::cat(Category));
cl::opt<bool>
    Link("link",
         cl::desc("Link summary files written by --summarize, given instead of "
                  "sources, and report exactly what a run over their sources "
                  "reports (same findings, same exit code)"),
         cl::cat(Category));
cl::opt<std::string> DepsFile(
    "deps-file",
    cl::desc("With --summarize: also write the files the summary depends on "
             "as a Makefile rule (a depfile for Ninja or Make)"),
    cl::value_desc("file"), cl::cat(Category));
cl::opt<PrefixPchMode> PrefixPchOpt(
    "prefix-pch",
    cl::desc("Parse the headers that files of one directory and command line "
             "start with once per run, as an in-memory precompiled header, "
             "where that provably changes nothing"),
    cl::init(PrefixPchMode::Auto),
    cl::values(clEnumValN(PrefixPchMode::Auto, "auto",
                          "for four or more such files (default)"),
               clEnumValN(PrefixPchMode::Off, "off", "parse every file whole"),
               clEnumValN(PrefixPchMode::Always, "always",
                          "also for a file alone (for testing)")),
    cl::cat(Category));
cl::opt<bool>
    PrefixPchLog("prefix-pch-log", cl::Hidden,
                 cl::desc("Print what became of each file's header prefix"),
                 cl::cat(Category));
cl::opt<bool> ListRules("list-rules",
                        cl::desc("Print the rules of the database and exit"),
                        cl::cat(Category));

const char *Overview = R"(ndis-check: static contract checker for NDIS drivers

Checks the documented contracts of the NDIS allocation DDIs over a whole
driver (IRQL limits through locks and the call graph, initialisation-only
flags, tags, HighestAcceptableAddress, NDIS 5-only DDIs, DMA before shared
memory, NdisAllocateMdl on nonpaged memory, buffer pools, leaks, double and
wrong frees, init/halt pairing, unchecked failures), and explains each
finding with the call chain that proves it. `--list-rules` names them.

Usage:
  ndis-check [options] <file>... [-- <compiler flags>]
  ndis-check [options] -p <build-dir> [<file>...]
  ndis-check [options] --vcxproj <driver.vcxproj> [--wdk <dir>]
  ndis-check --summarize <file> -o <file.ndis> [-p <build-dir> | -- <flags>]
  ndis-check --link [options] <file.ndis>...

  With -p, the files (default: all) and their flags come from
  <build-dir>/compile_commands.json; cl.exe / clang-cl entries as MSBuild
  exports them are understood. Without -p, the flags after "--" apply to
  every file. Unless a command names a target, sources are parsed as
  x86_64-pc-windows-msvc with -fms-extensions -fms-compatibility.

A Windows driver on Linux:
  --vcxproj reads the project as the WDK's MSBuild targets compile it (the
  configuration's defines, include folders and forced includes, the
  defines of the driver kind). --wdk adds the WDK's headers, found in any
  letter case through a generated Clang VFS overlay. --path-map reads a
  compile_commands.json made on Windows. --export-compile-commands writes
  the commands for clang-tidy, clangd or a later -p run.

Suppressions and baselines:
  A finding whose line says // NOLINT or // NOLINT(rule-id[, ...]), or whose
  previous line says // NOLINTNEXTLINE(...) (or inside NOLINTBEGIN/NOLINTEND),
  is suppressed: hidden from text, ignored by the exit code, and recorded in
  SARIF as a suppression. With --baseline old.sarif, findings whose
  fingerprint is in old.sarif are "unchanged": left out of text and JSON,
  recorded in SARIF, shown apart in HTML.
  Give both runs the same --src-root (default: the current directory).

Exit codes:
  0  no findings (none that is new and not suppressed)
  1  findings reported
  2  usage or input error (missing file, bad compile_commands.json or rules file)
  3  some file failed to parse, or crashed clang (the others are still
     analysed and reported)
  4  the report could not be written (stdout or -o: full disk, no such
     directory, a directory as -o; also --summarize's -o file); this wins
     over the codes above
)";

/// Whether the errors' path names the translation unit's main file.
bool isMainFile(StringRef ErrorPath, StringRef MainFile) {
  SmallString<256> A(ErrorPath), B(MainFile);
  sys::fs::make_absolute(A);
  sys::fs::make_absolute(B);
  sys::path::remove_dots(A, true);
  sys::path::remove_dots(B, true);
  return A == B || sys::fs::equivalent(A, B);
}

/// One line for the report about a file that did not parse: its first
/// error, at "line L:C" of the file itself, or at "HEADER:L:C" when the
/// error is in a header it includes.
std::string parseFailureSummary(const TuResult &R, StringRef MainFile) {
  if (R.Errors.empty())
    return "does not parse";
  StringRef First = R.Errors.front();
  for (StringRef Kind : {": fatal error: ", ": error: "}) {
    size_t At = First.find(Kind);
    if (At == StringRef::npos)
      continue;
    // "path:line:col" -> "line:col" in the main file, else "path:line:col"
    auto [Rest, Col] = First.take_front(At).rsplit(':');
    auto [Path, Line] = Rest.rsplit(':');
    unsigned N;
    std::string Where;
    if (!Line.getAsInteger(10, N) && !Col.getAsInteger(10, N))
      Where = isMainFile(Path, MainFile)
                  ? "line " + Line.str() + ":" + Col.str() + ": "
                  : First.take_front(At).str() + ": ";
    return "does not parse: " + Where +
           First.drop_front(At + Kind.size()).str();
  }
  return "does not parse: " + First.str();
}

void error(const Twine &Message) {
  WithColor::error(errs(), "ndis-check") << Message << "\n";
}

/// The --path-map rewrite of a compile_commands.json made on Windows (C:\
/// paths, PathMap.h); without --path-map it refuses Windows paths, naming
/// them. False on a bad mapping.
bool pathMapRewrite(CompileDbRewrite &Out) {
  std::vector<PathMapping> Maps;
  for (const std::string &Spec : PathMaps) {
    std::string Err;
    std::optional<PathMapping> M = parsePathMapping(Spec, Err);
    if (!M) {
      error(Err);
      return false;
    }
    Maps.push_back(*M);
  }
  Out = [Maps](StringRef Text, std::string &Err) {
    return applyPathMap(Text, Maps, Err);
  };
  return true;
}

class ProgressLine {
public:
  ProgressLine(size_t Total, bool Enabled) : Total(Total), Enabled(Enabled) {}
  void step(StringRef File) {
    if (!Enabled)
      return;
    std::lock_guard<std::mutex> Lock(M);
    ++Done;
    std::string Line = "[" + std::to_string(Done) + "/" +
                       std::to_string(Total) + "] " +
                       sys::path::filename(File).str();
    errs() << "\r\x1b[K" << Line;
    errs().flush();
  }
  ~ProgressLine() {
    if (Enabled && Done)
      errs() << "\r\x1b[K";
  }

private:
  size_t Total, Done = 0;
  bool Enabled;
  std::mutex M;
};

/// The link cache's result for a run whose every summary is a hit.
std::optional<LinkedRun>
lookupLinked(const std::vector<std::optional<SummaryCache::Hit>> &Hits,
             const LinkCache &Links, StringRef Tool) {
  std::vector<std::string> Entries;
  for (const std::optional<SummaryCache::Hit> &H : Hits) {
    if (!H)
      return std::nullopt;
    Entries.push_back(H->Fingerprint);
  }
  return Links.lookup(Entries, Tool);
}

/// Stores the result of a run whose every summary is now in the cache.
void storeLinked(const SummaryCache &Cache, const LinkCache &Links,
                 const std::vector<std::string> &Keys,
                 std::vector<std::optional<SummaryCache::Hit>> &Hits,
                 StringRef Tool, const LinkedRun &Run) {
  std::vector<std::string> Entries;
  for (size_t I = 0; I < Keys.size(); ++I) {
    if (!Hits[I] && !Keys[I].empty())
      Hits[I] = Cache.current(Keys[I]); // stored by this run, if at all
    if (!Hits[I])
      return;
    Entries.push_back(Hits[I]->Fingerprint);
  }
  Links.store(Entries, Tool, Run);
}

} // namespace

int main(int argc, const char **argv) {
  useHugePages(argv);
  keepFreedMemory();
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "ndis-check " NDISCHECK_VERSION " (LLVM " LLVM_VERSION_STRING ")\n";
  });

  // Everything after "--" is compiler flags for every file.
  std::string FixedErr;
  std::unique_ptr<CompilationDatabase> Fixed =
      FixedCompilationDatabase::loadFromCommandLine(argc, argv, FixedErr);
  if (!FixedErr.empty()) {
    error(FixedErr);
    return UsageOrInputError;
  }
  if (!cl::ParseCommandLineOptions(argc, argv, Overview, &errs()))
    return UsageOrInputError;
  // Before any parsing: 32-bit driver headers hold MS-style __asm blocks.
  registerLlvmTargets();

  ContractDb Db;
  std::string DbErr;
  std::string DbText;
  if (RulesFile.empty()) {
    DbText = NdisCheckBuiltinContracts;
    if (!loadBuiltinContractDb(Db, DbErr)) {
      error("built-in contract database: " + DbErr);
      return UsageOrInputError;
    }
  } else {
    if (auto Buf = MemoryBuffer::getFile(RulesFile))
      DbText = (*Buf)->getBuffer().str();
    if (!loadContractDb(RulesFile, Db, DbErr)) {
      errs() << DbErr << "\n";
      return UsageOrInputError;
    }
  }
  if (ListRules) {
    std::string List;
    for (const RuleInfo &R : Db.Rules)
      List += R.Id + " (" + R.Severity + "): " + R.Short + "\n";
    std::string WriteErr;
    if (!writeStdout(List, WriteErr)) {
      error(WriteErr);
      return ReportNotWritten;
    }
    return Clean;
  }

  std::unique_ptr<CompilationDatabase> Cdb;
  std::vector<std::string> Files(Sources.begin(), Sources.end());
  if (!Vcxproj.empty() && (!BuildPath.empty() || Fixed)) {
    error("--vcxproj gives the compile commands; it takes neither -p nor "
          "flags after \"--\"");
    return UsageOrInputError;
  }
  RunResult Result;
  bool InputError = false;
  if (!BuildPath.empty()) {
    // A bad entry is reported and left out; the others are analysed.
    CompileDbRewrite Rewrite;
    if (!pathMapRewrite(Rewrite))
      return UsageOrInputError;
    LoadedCompileDb Loaded = loadCompileDb(BuildPath, Rewrite);
    for (const std::string &E : Loaded.Errors)
      errs() << E << "\n";
    InputError = !Loaded.Errors.empty();
    if (!Loaded.Db)
      return UsageOrInputError;
    Cdb = std::move(Loaded.Db);
    if (Files.empty())
      Files = Cdb->getAllFiles();
    for (auto &[File, Why] : Loaded.LeftOut)
      Result.Errors.push_back({File, "not analysed: " + Why});
    if (Files.empty())
      return UsageOrInputError;
  }
  if (!Vcxproj.empty() || WdkDir.getNumOccurrences() ||
      !ExportCommands.empty()) {
    ProjectInputOptions O{
        {Vcxproj.begin(), Vcxproj.end()}, Configuration, Platform, SolutionDir};
    if (WdkDir.getNumOccurrences())
      O.Wdk = WdkDir.getValue();
    else if (!Vcxproj.empty() && sys::Process::GetEnv("WDK_ROOT"))
      O.Wdk = ""; // the WDK of $WDK_ROOT
    O.OverlayRoot =
        CacheDir.empty() ? SummaryCache::defaultDir() : CacheDir.getValue();
    O.ExportFile = ExportCommands;
    if (!Cdb && Vcxproj.empty())
      Cdb = Fixed ? std::move(Fixed)
                  : std::make_unique<FixedCompilationDatabase>(
                        ".", std::vector<std::string>{});
    Cdb = prepareProjectInputs(
        std::move(Cdb), Files, O, [](const Twine &E) { error(E); },
        [](const Twine &N) {
          WithColor::note(errs(), "ndis-check") << N << "\n";
        });
    if (!Cdb)
      return UsageOrInputError;
  }
  if (!Vcxproj.empty()) {
    if (Files.empty())
      Files = Cdb->getAllFiles();
  } else if (!BuildPath.empty()) {
    // Files and commands came from -p above.
  } else if (Cdb) {
    // --wdk or --export-compile-commands over the files and flags given.
  } else if (Fixed) {
    Cdb = std::move(Fixed);
  } else {
    Cdb = std::make_unique<FixedCompilationDatabase>(
        ".", std::vector<std::string>{});
  }
  if (Files.empty()) {
    error("no input files (give files, or -p <build-dir>); see --help");
    return UsageOrInputError;
  }
  if (Summarize && (Link || Files.size() != 1 || OutFile.empty())) {
    error("--summarize takes one source file and -o <file.ndis>");
    return UsageOrInputError;
  }
  if (Link && !BuildPath.empty()) {
    error("--link takes summary files, not -p");
    return UsageOrInputError;
  }
  std::sort(Files.begin(), Files.end());
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());

  bool MissingInput = InputError;
  std::vector<std::string> Existing;
  for (const std::string &F : Files) {
    if (sys::fs::exists(F)) {
      Existing.push_back(F);
      continue;
    }
    Result.Errors.push_back({F, "no such file"});
    error(F + ": no such file");
    MissingInput = true;
  }

  std::string DbFingerprint = SummaryCache::dbFingerprint(DbText);
  std::optional<SummaryCache> Cache;
  if (!NoCache) {
    std::string Dir =
        CacheDir.empty() ? SummaryCache::defaultDir() : CacheDir.getValue();
    if (!Dir.empty())
      Cache.emplace(Dir);
  }

  if (Summarize && MissingInput)
    return UsageOrInputError;
  std::vector<TuResult> PerFile(Existing.size());
  std::vector<std::string> Keys(Existing.size());
  std::vector<std::optional<SummaryCache::Hit>> Hits(Existing.size());
  std::optional<LinkCache> Links;
  if (Cache)
    Links.emplace(Cache->directory());
  std::string ToolFingerprint =
      LinkCache::toolFingerprint(argv[0], reinterpret_cast<void *>(&main));
  if (!ToolFingerprint.empty())
    ToolFingerprint += '\n' + linkSettings();
  // The findings of an earlier run over the same summaries.
  std::optional<LinkedRun> Linked;
  // What reports call each file: its path, or with --link the source path
  // its summary file records.
  std::vector<std::string> Names = Existing;
  if (Link) {
    if (!readSummaryFiles(DbFingerprint, PerFile, Names, Result.Errors))
      MissingInput = true;
  } else {
    ProgressLine Progress(Existing.size(),
                          !NoProgress && Existing.size() > 1 &&
                              sys::Process::StandardErrIsDisplayed());
    ThreadPoolStrategy Strategy = hardware_concurrency(Jobs);
    limitMallocArenas(Strategy.compute_thread_count());
    DefaultThreadPool Pool(Strategy);
    // The cache first: which files are parsed decides which of them share a
    // precompiled header prefix; when none is, the link may be cached too.
    if (Cache) {
      for (size_t I = 0; I < Existing.size(); ++I)
        Pool.async([&, I] {
          Keys[I] = summaryCacheKey(*Cache, *Cdb, Existing[I], DbFingerprint);
          if (!Keys[I].empty())
            Hits[I] = Cache->current(Keys[I]);
        });
      Pool.wait();
      // --summarize writes the summaries themselves.
      if (!Summarize)
        Linked = lookupLinked(Hits, *Links, ToolFingerprint);
      for (size_t I = 0; I < Existing.size(); ++I)
        if (Hits[I])
          Pool.async([&, I] {
            std::optional<TuSummary> S =
                Linked ? TuSummary() : SummaryCache::decode(*Hits[I]);
            if (S) {
              PerFile[I].Summaries.push_back(std::move(*S));
              PerFile[I].FromCache = true;
              Progress.step(Existing[I]);
            }
          });
      Pool.wait();
    }
    std::vector<std::string> ToParse;
    for (size_t I = 0; I < Existing.size(); ++I)
      if (!PerFile[I].FromCache)
        ToParse.push_back(Existing[I]);
    SharedPrefixes Prefixes(*Cdb, ToParse, PrefixPchOpt);
    for (size_t I = 0; I < Existing.size(); ++I)
      if (!PerFile[I].FromCache)
        Pool.async([&, I] {
          const std::string &File = Existing[I];
          std::shared_ptr<const PrefixPch> Prefix = Prefixes.get(File);
          PerFile[I] = summarizeFile(Db, *Cdb, File, Prefix.get());
          Prefix.reset();
          Prefixes.done(File, PerFile[I].UsedPrefix);
          // A summary of a file that did not parse is not worth keeping.
          if (Cache && !Keys[I].empty() && !PerFile[I].Failed &&
              PerFile[I].Summaries.size() == 1)
            Cache->store(Keys[I], PerFile[I].Summaries.front(),
                         PerFile[I].AbsentPaths);
          Progress.step(File);
        });
    Pool.wait();
    if (PrefixPchLog)
      for (const std::string &Line : Prefixes.log())
        errs() << "prefix-pch: " << Line << "\n";
  }
  if (Summarize) {
    std::string WriteErr;
    if (writeSummaryFile(Existing[0], PerFile[0], DbFingerprint, OutFile,
                         DepsFile, WriteErr))
      return Clean;
    error(WriteErr);
    return ReportNotWritten;
  }

  std::vector<TuSummary> Summaries;
  bool ParseFailed = false;
  for (size_t I = 0; I < PerFile.size(); ++I) {
    TuResult &R = PerFile[I];
    if (R.Failed) {
      ParseFailed = true;
      for (const std::string &E : R.Errors)
        errs() << E << "\n";
      WithColor::note(errs(), "ndis-check")
          << Names[I]
          << " did not parse cleanly; its findings may be incomplete\n";
      Result.Errors.push_back({Names[I], parseFailureSummary(R, Names[I])});
    }
    for (TuSummary &S : R.Summaries)
      Summaries.push_back(std::move(S));
  }
  Result.FilesAnalysed = PerFile.size();
  if (!Linked) {
    Linked.emplace();
    std::vector<GaveUp> GaveUps;
    Linked->Findings = linkDriver(Db, Summaries, &GaveUps);
    for (const GaveUp &G : GaveUps)
      Linked->Notes.push_back({G.Loc, G.message()});
    if (Links && !Link)
      storeLinked(*Cache, *Links, Keys, Hits, ToolFingerprint, *Linked);
  }
  Result.Findings = std::move(Linked->Findings);
  for (TraceStep &N : Linked->Notes)
    Result.Notes.push_back({N.Loc, std::move(N.Message)});
  std::sort(Result.Notes.begin(), Result.Notes.end());
  // The summaries are done with, and the process ends soon: freeing their
  // millions of small objects one by one would cost more than the report.
  // Left to the exit, as clang's -disable-free leaves its AST.
  BuryPointer(std::make_unique<std::vector<TuSummary>>(std::move(Summaries)));
  // `// NOLINT(rule)` and friends, as clang-tidy reads them: suppressed
  // findings stay in SARIF (as suppressions) but count for nothing else.
  applySuppressions(Result.Findings);

  SmallString<256> Root(SrcRoot.empty() ? "." : SrcRoot.getValue());
  sys::fs::make_absolute(Root);
  sys::path::remove_dots(Root, true);

  // With a baseline, findings already in it are "unchanged": SARIF keeps
  // them (baselineState), text output and the exit code drop them.
  std::vector<bool> Unchanged(Result.Findings.size(), false);
  if (!BaselineFile.empty()) {
    std::set<std::string> Known;
    std::string BaselineErr;
    if (!readBaselineFingerprints(BaselineFile, Known, BaselineErr)) {
      error(BaselineErr);
      return UsageOrInputError;
    }
    std::vector<std::string> Fingerprints = findingFingerprints(Result, Root);
    for (size_t I = 0; I < Fingerprints.size(); ++I)
      Unchanged[I] = Known.count(Fingerprints[I]) != 0;
    Result.Baseline = std::move(Known);
  }
  RunResult NewOnly;
  const RunResult *Shown = &Result;
  if (Result.Baseline) {
    NewOnly.Errors = Result.Errors;
    NewOnly.FilesAnalysed = Result.FilesAnalysed;
    for (size_t I = 0; I < Result.Findings.size(); ++I)
      if (!Unchanged[I])
        NewOnly.Findings.push_back(Result.Findings[I]);
    Shown = &NewOnly;
  }

  std::string Report;
  switch (OutFormat) {
  case Format::Text:
    Report = renderText(*Shown, (OutFile.empty() || OutFile == "-") &&
                                    sys::Process::StandardOutHasColors());
    break;
  case Format::Json:
    Report = renderJson(*Shown, Db);
    break;
  case Format::Sarif:
    Report = renderSarif(Result, Db, Root);
    break;
  case Format::Html:
    Report = renderHtml(Result, Db, Root);
    break;
  }
  // CI reads exit 1 as "findings reported": a lost report must not say so.
  std::string WriteErr;
  if (!(OutFile.empty() ? writeStdout(Report, WriteErr)
                        : writeOutputFile(OutFile, Report, WriteErr))) {
    error(WriteErr);
    return ReportNotWritten;
  }

  if (MissingInput)
    return UsageOrInputError;
  if (ParseFailed)
    return ParseFailure;
  bool Any = std::any_of(Shown->Findings.begin(), Shown->Findings.end(),
                         [](const Finding &F) { return !F.Suppressed; });
  return Any ? Findings : Clean;
}
