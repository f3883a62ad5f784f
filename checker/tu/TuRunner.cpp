//===- TuRunner.cpp - Parse one file and summarise it
//----------------------===//

#include "tu/TuRunner.h"

#include "tu/AbsentPathRecorder.h"
#include "tu/CrashContainment.h"
#include "tu/PrefixPch.h"
#include "tu/SourcePoints.h"
#include "tu/TuSummarizer.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/TargetSelect.h"

#include <cstring>
#include <mutex>

using namespace clang;
using namespace clang::tooling;

namespace ndischeck {

namespace {

/// Keeps the first few errors instead of printing them.
class ErrorCollector : public DiagnosticConsumer {
public:
  std::vector<std::string> Errors;
  unsigned Count = 0;

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    ++Count;
    if (Errors.size() >= 3)
      return;
    SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      SourcePoint P =
          toSourcePoint(Info.getSourceManager(), Info.getLocation());
      Where = P.File + ":" + std::to_string(P.Line) + ":" +
              std::to_string(P.Col) + ": ";
    }
    Errors.push_back(
        Where +
        (Level == DiagnosticsEngine::Fatal ? "fatal error: " : "error: ") +
        std::string(Msg));
  }
};

class Factory : public FrontendActionFactory {
public:
  Factory(const ContractDb &Db, std::vector<TuSummary> &Out, PrefixSal Sal)
      : Db(Db), Out(Out), Sal(std::move(Sal)) {}
  std::unique_ptr<FrontendAction> create() override {
    Out.emplace_back();
    return std::make_unique<SummarizeAction>(Db, Out.back(), Sal);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCH,
                     DiagnosticConsumer *Diags) override {
    IntrusiveRefCntPtr<FileManager> Own;
    return FrontendActionFactory::runInvocation(
        Invocation, withCommandOverlays(*Invocation, Files, Diags, Own), PCH,
        Diags);
  }

private:
  const ContractDb &Db;
  std::vector<TuSummary> &Out;
  PrefixSal Sal;
};

/// The prefix's headers are dependencies of the TU as if it had parsed
/// them; the prefix's own virtual files are not.
void addPrefixDependencies(TuSummary &S, const PrefixPch &Prefix) {
  std::vector<std::string> &D = S.Dependencies;
  D.insert(D.end(), Prefix.Dependencies.begin(), Prefix.Dependencies.end());
  D.erase(std::remove_if(D.begin(), D.end(),
                         [&](const std::string &P) {
                           return P == Prefix.HeaderPath || P == Prefix.PchPath;
                         }),
          D.end());
  std::sort(D.begin(), D.end());
  D.erase(std::unique(D.begin(), D.end()), D.end());
}

/// Whether the command chooses its target itself: an explicit target, or
/// cl.exe / clang-cl, which default to MSVC. (Not "an argument starting with
/// '/'": every command carries the source file's absolute path.)
bool choosesTarget(const CommandLineArguments &Args) {
  if (!Args.empty()) {
    StringRef Prog = llvm::sys::path::stem(Args[0]);
    if (Prog.equals_insensitive("cl") ||
        Prog.starts_with_insensitive("clang-cl"))
      return true;
  }
  for (const std::string &A : Args)
    if (StringRef(A).starts_with("--target=") || A == "-target" ||
        StringRef(A).starts_with("--driver-mode=cl"))
      return true;
  return false;
}

} // namespace

ArgumentsAdjuster defaultArgumentsAdjuster() {
  return [](const CommandLineArguments &Args, StringRef) {
    CommandLineArguments Out = Args;
    // -fno-caret-diagnostics also keeps Clang from printing "N errors
    // generated" next to the errors this tool reports itself.
    std::vector<std::string> Extra = {"-resource-dir=" NDISCHECK_RESOURCE_DIR,
                                      "-Wno-everything", "-Xclang",
                                      "-fno-caret-diagnostics"};
    // Driver sources are written for MSVC: parse them as MSVC would.
    if (!choosesTarget(Args))
      Extra.insert(Extra.end(), {"--target=x86_64-pc-windows-msvc",
                                 "-fms-extensions", "-fms-compatibility"});
    // Before "--" (if any), so they stay options and not file names.
    auto Pos = std::find(Out.begin(), Out.end(), "--");
    Out.insert(Pos, Extra.begin(), Extra.end());
    return Out;
  };
}

std::string summaryCacheKey(const SummaryCache &Cache,
                            const CompilationDatabase &Cdb, StringRef File,
                            StringRef DbFingerprint) {
  std::vector<std::string> Line;
  for (const CompileCommand &C : Cdb.getCompileCommands(File)) {
    Line.push_back(C.Directory);
    Line.insert(Line.end(), C.CommandLine.begin(), C.CommandLine.end());
  }
  // The include path also comes from the environment (GCC-style and cl).
  for (const char *Var : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH",
                          "INCLUDE", "EXTERNAL_INCLUDE"})
    if (std::optional<std::string> V = llvm::sys::Process::GetEnv(Var))
      Line.push_back(std::string(Var) + "=" + *V);
  SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  return Cache.key(Abs, Line, DbFingerprint);
}

FileManager *withCommandOverlays(CompilerInvocation &Invocation,
                                 FileManager *Files, DiagnosticConsumer *Diags,
                                 IntrusiveRefCntPtr<FileManager> &Own) {
  if (Invocation.getHeaderSearchOpts().VFSOverlayFiles.empty())
    return Files;
  IntrusiveRefCntPtr<DiagnosticsEngine> Engine =
      CompilerInstance::createDiagnostics(&Invocation.getDiagnosticOpts(),
                                          Diags, /*ShouldOwnClient=*/false);
  IntrusiveRefCntPtr<llvm::vfs::FileSystem> Overlay =
      createVFSFromCompilerInvocation(Invocation, *Engine,
                                      Files->getVirtualFileSystemPtr());
  Own = new FileManager(Files->getFileSystemOpts(), Overlay);
  return Own.get();
}

void registerLlvmTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmParsers();
  });
}

TuResult summarizeFile(const ContractDb &Db, const CompilationDatabase &Cdb,
                       const std::string &File, const PrefixPch *Prefix) {
  registerLlvmTargets();
  TuResult R;
  // ClangTool aborts the process ("Cannot chdir") on a missing directory.
  for (const CompileCommand &C : Cdb.getCompileCommands(File))
    if (!llvm::sys::fs::is_directory(C.Directory)) {
      R.Failed = true;
      R.Errors.push_back(File + ": error: the directory '" + C.Directory +
                         "' of its compile command does not exist");
      return R;
    }
  // A physical file system of its own: ClangTool sets the working directory
  // of each compile command on it, and the real one is the process's, shared
  // by every -j thread.
  auto Fs = llvm::makeIntrusiveRefCnt<AbsentPathRecorder>(
      Prefix ? Prefix->fileSystem() : llvm::vfs::createPhysicalFileSystem());
  ClangTool Tool(Cdb, {File}, std::make_shared<PCHContainerOperations>(), Fs);
  Tool.appendArgumentsAdjuster(defaultArgumentsAdjuster());
  if (Prefix)
    Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
        {"-Xclang", "-include-pch", "-Xclang", Prefix->PchPath},
        ArgumentInsertPosition::BEGIN));
  ErrorCollector Errors;
  Tool.setDiagnosticConsumer(&Errors);
  // The errors are reported once, by the caller, from Errors.
  Tool.setPrintErrorMessage(false);
  Factory F(Db, R.Summaries, Prefix ? Prefix->Sal : nullptr);
  int Status = 1;
  // A crash (a stack overflow in Clang's parser on deeply nested code) fails
  // this file only; what it left behind is abandoned.
  if (int Signal = runContained([&] { Status = Tool.run(&F); })) {
    R.Summaries.clear();
    R.Failed = true;
    R.Errors = {File + ": error: clang crashed on this file (signal " +
                std::to_string(Signal) + ", " + strsignal(Signal) +
                "; a stack overflow on deeply nested code?); not analysed"};
    return R;
  }
  R.Errors = std::move(Errors.Errors);
  R.Failed = Status != 0 || Errors.Count > 0;
  R.AbsentPaths = Fs->absentPaths();
  if (Prefix) {
    // Whatever went wrong, the file's own parse says it best.
    if (R.Failed)
      return summarizeFile(Db, Cdb, File);
    for (TuSummary &S : R.Summaries)
      addPrefixDependencies(S, *Prefix);
    // What the prefix's headers looked for, the TU would have too.
    R.AbsentPaths.insert(R.AbsentPaths.end(), Prefix->AbsentPaths.begin(),
                         Prefix->AbsentPaths.end());
    std::sort(R.AbsentPaths.begin(), R.AbsentPaths.end());
    R.AbsentPaths.erase(std::unique(R.AbsentPaths.begin(), R.AbsentPaths.end()),
                        R.AbsentPaths.end());
    R.UsedPrefix = true;
  }
  if (R.Failed && R.Errors.empty())
    R.Errors.push_back(File + ": error: clang could not process this file");
  return R;
}

} // namespace ndischeck
