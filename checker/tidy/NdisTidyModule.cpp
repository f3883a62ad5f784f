//===- NdisTidyModule.cpp - The ndis-* clang-tidy checks ------------------===//

#include "NdisTidyModule.h"

#include "db/ContractDb.h"
#include "link/DriverLink.h"
#include "summary/SummaryCache.h"
#include "tu/CompileDbLoader.h"
#include "tu/TuRunner.h"
#include "tu/TuSummarizer.h"

#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <map>
#include <mutex>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;

extern const char *const NdisCheckBuiltinContracts;

namespace ndischeck {
namespace tidy {

namespace {

/// A contract database and the fingerprint its summaries are cached under.
struct LoadedDb {
  ContractDb Db;
  std::string Fingerprint;
  std::string Error; ///< set when the file could not be loaded
};

/// The built-in contract database, loaded once per process.
const ContractDb *builtinDb() {
  static const ContractDb *Db = [] {
    auto *D = new ContractDb;
    std::string Error;
    if (!loadBuiltinContractDb(*D, Error)) {
      llvm::errs() << "ndis-tidy: built-in contract database: " << Error
                   << "\n";
      delete D;
      return static_cast<ContractDb *>(nullptr);
    }
    return D;
  }();
  return Db;
}

/// The database of the RulesFile option (empty: the built-in one), each
/// file loaded once per process. ndis-check --rules FILE uses the same
/// fingerprint, so the plugin finds that run's summaries.
const LoadedDb &databaseFor(const std::string &RulesFile) {
  static std::mutex M;
  static std::map<std::string, std::unique_ptr<LoadedDb>> Loaded;
  std::lock_guard<std::mutex> Lock(M);
  std::unique_ptr<LoadedDb> &Entry = Loaded[RulesFile];
  if (Entry)
    return *Entry;
  Entry = std::make_unique<LoadedDb>();
  if (RulesFile.empty()) {
    if (const ContractDb *B = builtinDb())
      Entry->Db = *B;
    else
      Entry->Error = "the built-in contract database does not load";
    Entry->Fingerprint = SummaryCache::dbFingerprint(NdisCheckBuiltinContracts);
    return *Entry;
  }
  auto Buf = llvm::MemoryBuffer::getFile(RulesFile);
  if (!Buf) {
    Entry->Error = RulesFile + ": cannot read: " + Buf.getError().message();
    return *Entry;
  }
  std::string Error;
  if (!loadContractDb(RulesFile, Entry->Db, Error)) {
    Entry->Error = Error;
    return *Entry;
  }
  Entry->Fingerprint = SummaryCache::dbFingerprint((*Buf)->getBuffer());
  return *Entry;
}

} // namespace

/// The engine's result for one translation unit, shared by all ndis-*
/// checks of that translation unit. clangd builds several files at once, so
/// runs are per preprocessor and guarded by a mutex.
struct SharedTuRun {
  std::mutex M;
  TuSummary Summary;
  std::unique_ptr<TuSummarizer> Summarizer;
  Preprocessor *PP = nullptr;
  ASTContext *Ctx = nullptr;
  bool Done = false;
  std::vector<Finding> Findings;
  std::vector<GaveUp> GaveUps;
  const LoadedDb *Db = nullptr;

  /// Summaries of the driver's other translation units, from the cache an
  /// earlier ndis-check -p run filled.
  std::vector<TuSummary> otherSummaries(const std::string &CdbDir,
                                        const std::string &CacheDir) const;
};

namespace {

std::mutex RunsM;
std::map<const Preprocessor *, std::weak_ptr<SharedTuRun>> Runs;

std::shared_ptr<SharedTuRun> runFor(const Preprocessor *PP) {
  std::lock_guard<std::mutex> Lock(RunsM);
  for (auto It = Runs.begin(); It != Runs.end();)
    It = It->second.expired() ? Runs.erase(It) : std::next(It);
  std::shared_ptr<SharedTuRun> R = Runs[PP].lock();
  if (!R) {
    R = std::make_shared<SharedTuRun>();
    Runs[PP] = R;
  }
  return R;
}

std::string normalised(llvm::StringRef P) {
  llvm::SmallString<256> S(P);
  llvm::sys::fs::make_absolute(S);
  llvm::sys::path::remove_dots(S, /*remove_dot_dot=*/true);
  return std::string(S);
}

} // namespace

std::vector<TuSummary>
SharedTuRun::otherSummaries(const std::string &CdbDir,
                            const std::string &CacheDir) const {
  std::vector<TuSummary> Out;
  if (CdbDir.empty() || CacheDir.empty())
    return Out;
  // Read as the CLI reads it, so the keys are those `ndis-check -p CdbDir`
  // stored under.
  std::unique_ptr<tooling::CompilationDatabase> Cdb = loadCompileDb(CdbDir).Db;
  if (!Cdb)
    return Out;
  const std::string &DbFingerprint = Db->Fingerprint;
  SummaryCache Cache(CacheDir);
  std::string Self = normalised(Summary.MainFile);
  for (const std::string &File : Cdb->getAllFiles()) {
    llvm::SmallString<256> Abs(File);
    llvm::sys::fs::make_absolute(Abs);
    if (normalised(Abs) == Self)
      continue;
    std::string Key = summaryCacheKey(Cache, *Cdb, File, DbFingerprint);
    if (Key.empty())
      continue;
    if (std::optional<TuSummary> S = Cache.lookup(Key))
      Out.push_back(std::move(*S));
  }
  return Out;
}

NdisRuleCheck::NdisRuleCheck(llvm::StringRef Name,
                             clang::tidy::ClangTidyContext *Context,
                             std::string RuleId)
    : ClangTidyCheck(Name, Context), RuleId(std::move(RuleId)),
      CompileCommandsDir(Options.getLocalOrGlobal("CompileCommandsDir", "")),
      SummaryCacheDir(Options.getLocalOrGlobal("SummaryCacheDir", "")),
      RulesFile(Options.getLocalOrGlobal("RulesFile", "")) {}

NdisRuleCheck::~NdisRuleCheck() = default;

void NdisRuleCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CompileCommandsDir", CompileCommandsDir);
  Options.store(Opts, "SummaryCacheDir", SummaryCacheDir);
  Options.store(Opts, "RulesFile", RulesFile);
}

void NdisRuleCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                                        Preprocessor *) {
  const LoadedDb &Db = databaseFor(RulesFile);
  if (!Db.Error.empty()) {
    // Once per file and process: every ndis-* check shares the option.
    static std::mutex M;
    static std::set<std::string> Told;
    std::lock_guard<std::mutex> Lock(M);
    if (Told.insert(RulesFile).second)
      configurationDiag("RulesFile: %0") << Db.Error;
    return;
  }
  Run = runFor(PP);
  std::lock_guard<std::mutex> Lock(Run->M);
  if (Run->Summarizer)
    return; // another ndis-* check of this translation unit got here first
  Run->PP = PP;
  Run->Db = &Db;
  Run->Summarizer = std::make_unique<TuSummarizer>(Db.Db, Run->Summary);
  Run->Summarizer->attach(*PP);
}

void NdisRuleCheck::registerMatchers(MatchFinder *Finder) {
  // Only to learn the ASTContext: clangd restricts the traversal to the main
  // file's top-level declarations, where the translation unit never shows.
  Finder->addMatcher(
      decl(anyOf(translationUnitDecl(), functionDecl(isDefinition()))), this);
}

void NdisRuleCheck::check(const MatchFinder::MatchResult &Result) {
  if (!Run)
    return;
  std::lock_guard<std::mutex> Lock(Run->M);
  if (!Run->Ctx)
    Run->Ctx = Result.Context;
}

void NdisRuleCheck::onEndOfTranslationUnit() {
  if (!Run)
    return;
  std::lock_guard<std::mutex> Lock(Run->M);
  if (!Run->Ctx || !Run->PP || !Run->Summarizer || !Run->Db)
    return;
  if (!Run->Done) {
    Run->Done = true;
    Run->Summarizer->summarize(*Run->Ctx, *Run->PP);
    std::vector<TuSummary> Tus;
    std::string CacheDir =
        SummaryCacheDir.empty() ? SummaryCache::defaultDir() : SummaryCacheDir;
    if (!CompileCommandsDir.empty())
      Tus = Run->otherSummaries(CompileCommandsDir, CacheDir);
    Tus.push_back(Run->Summary);
    Run->Findings = linkDriver(Run->Db->Db, Tus, &Run->GaveUps);
  }

  SourceManager &SM = Run->Ctx->getSourceManager();
  // Where a point of a finding is in this translation unit. Trace steps may
  // lie in files this translation unit never included (the entry point of a
  // driver split over files): those files are loaded, so that the notes
  // point there (clangd turns them into relatedInformation links).
  auto LocOf = [&SM](const SourcePoint &P, bool LoadFile) -> SourceLocation {
    if (!P.valid())
      return {};
    auto FE = SM.getFileManager().getOptionalFileRef(P.File);
    if (!FE)
      return {};
    FileID FID = SM.translateFile(*FE);
    if (FID.isInvalid() && LoadFile)
      FID = SM.createFileID(*FE, SourceLocation(), SrcMgr::C_User);
    if (FID.isInvalid())
      return {};
    return SM.translateLineCol(FID, P.Line, P.Col ? P.Col : 1);
  };

  // A function an analysis gave up on, as a remark of the check whose
  // findings it lacks (one check says it, not every check of the analysis).
  for (const GaveUp &G : Run->GaveUps) {
    if (RuleId != (G.Analysis == "IRQL" ? "ndis-irql" : "ndis-leak"))
      continue;
    SourceLocation Loc = LocOf(G.Loc, /*LoadFile=*/false);
    if (Loc.isValid())
      diag(Loc, "%0", DiagnosticIDs::Remark) << G.message();
  }

  for (const Finding &F : Run->Findings) {
    if (F.RuleId != RuleId)
      continue;
    SourceLocation Loc = LocOf(F.Loc, /*LoadFile=*/false);
    if (Loc.isInvalid())
      continue; // in a file of another translation unit
    diag(Loc, "%0") << F.Message;
    for (const TraceStep &T : F.Trace) {
      SourceLocation NoteLoc = LocOf(T.Loc, /*LoadFile=*/true);
      if (NoteLoc.isValid()) {
        diag(NoteLoc, "%0", DiagnosticIDs::Note) << T.Message;
        continue;
      }
      // A step in a file that is gone: say where, at the finding.
      std::string Where = T.Loc.File;
      if (T.Loc.valid())
        Where +=
            ":" + std::to_string(T.Loc.Line) + ":" + std::to_string(T.Loc.Col);
      diag(Loc, "%0: %1", DiagnosticIDs::Note) << Where << T.Message;
    }
  }
}

namespace {

class NdisTidyModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(
      clang::tidy::ClangTidyCheckFactories &CheckFactories) override {
    const ContractDb *Db = builtinDb();
    if (!Db)
      return;
    // One check per rule of the database: a rule added to the JSON is a
    // check without a line of C++.
    for (const RuleInfo &Rule : Db->Rules) {
      std::string Id = Rule.Id;
      CheckFactories.registerCheckFactory(
          Id, [Id](llvm::StringRef Name, clang::tidy::ClangTidyContext *Ctx) {
            return std::make_unique<NdisRuleCheck>(Name, Ctx, Id);
          });
    }
  }
};

} // namespace

} // namespace tidy
} // namespace ndischeck

static clang::tidy::ClangTidyModuleRegistry::Add<
    ndischeck::tidy::NdisTidyModule>
    X("ndis-module", "Adds the NdisCheck ndis-* checks.");

// Referenced by ndis-clangd so that the linker keeps the registration above.
volatile int NdisTidyModuleAnchorSource = 0;
