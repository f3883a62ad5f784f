//===- PrefixPch.cpp - The shared header prefix, parsed once per run ------===//

#include "tu/PrefixPch.h"

#include "tu/AbsentPathRecorder.h"
#include "tu/CrashContainment.h"
#include "tu/SourcePoints.h"
#include "tu/TuRunner.h"

#include "clang/Basic/CharInfo.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Serialization/ASTWriter.h"
#include "clang/Serialization/InMemoryModuleCache.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <condition_variable>

using namespace clang;
using namespace clang::tooling;
using llvm::StringRef;

namespace ndischeck {

//===----------------------------------------------------------------------===//
// Leading directives
//===----------------------------------------------------------------------===//

namespace {

/// One preprocessor directive as the raw lexer sees it.
struct RawDirective {
  StringRef Name;          ///< "include", "define", ...
  std::vector<Token> Args; ///< the tokens after the name
  StringRef Text;          ///< from '#' to the end of the last token
  StringRef Source;
  unsigned Start; ///< raw encoding of offset 0

  StringRef text(const Token &T) const {
    return Source.substr(T.getLocation().getRawEncoding() - Start,
                         T.getLength());
  }
  /// From the first argument to the end of the directive.
  StringRef argText() const {
    return Args.empty()
               ? StringRef()
               : Text.drop_front(text(Args.front()).data() - Text.data());
  }
};

/// Calls Visit for each directive Source starts with (comments and blank
/// lines aside) until another token or until Visit returns false.
void forEachLeadingDirective(
    StringRef Source, llvm::function_ref<bool(const RawDirective &)> Visit) {
  LangOptions LO;
  LO.MicrosoftExt = true;
  LO.LineComment = true;
  // Offset 1, as Lexer::ComputePreamble does, so locations give offsets.
  SourceLocation StartLoc = SourceLocation::getFromRawEncoding(1);
  Lexer L(StartLoc, LO, Source.begin(), Source.begin(), Source.end());
  RawDirective D;
  D.Source = Source;
  D.Start = StartLoc.getRawEncoding();
  auto Offset = [&](const Token &T) {
    return T.getLocation().getRawEncoding() - D.Start;
  };
  Token Tok;
  L.LexFromRawLexer(Tok);
  while (Tok.is(tok::hash) && Tok.isAtStartOfLine()) {
    unsigned Begin = Offset(Tok);
    Token Name;
    L.LexFromRawLexer(Name);
    if (Name.isAtStartOfLine() || !Name.is(tok::raw_identifier))
      return;
    D.Name = Name.getRawIdentifier();
    D.Args.clear();
    unsigned End = Offset(Name) + Name.getLength();
    for (L.LexFromRawLexer(Tok); !Tok.is(tok::eof) && !Tok.isAtStartOfLine();
         L.LexFromRawLexer(Tok)) {
      D.Args.push_back(Tok);
      End = Offset(Tok) + Tok.getLength();
    }
    D.Text = Source.slice(Begin, End);
    if (!Visit(D))
      return;
  }
}

/// Whether an #include names its file as "file" or <file> (not a macro).
bool isLiteralInclude(const RawDirective &D) {
  if (D.Args.size() == 1 && D.Args[0].is(tok::string_literal))
    return true;
  return !D.Args.empty() && D.Args.front().is(tok::less) &&
         D.argText().ends_with(">");
}

} // namespace

std::vector<PrefixDirective> leadingDirectives(StringRef Source) {
  std::vector<PrefixDirective> Out;
  forEachLeadingDirective(Source, [&](const RawDirective &D) {
    // "file" is one token, <file> several: take it as written.
    if (D.Name != "include" || !isLiteralInclude(D))
      return false;
    Out.push_back({"#include " + D.argText().str(), D.Text.str()});
    return true;
  });
  return Out;
}

//===----------------------------------------------------------------------===//
// Building a group's PCH
//===----------------------------------------------------------------------===//

namespace {

/// A fixed modification time for the virtual files: the PCH records the
/// header's, and every TU's file system must show the same.
constexpr time_t VirtualMTime = 1;

/// What the build found out besides the PCH itself.
struct BuildFacts {
  std::string Unsafe; ///< why the PCH must not be used
  std::vector<std::string> Dependencies;
  PrefixSal Sal;
};

/// The prefix header holds the directives twice. A TU that loads the PCH
/// reads its own copy of them once more, in the state the PCH ends in:
/// exactly what the second copy does in the build. So the second copy must
/// change nothing: no declaration, no macro (re)definition, no pragma but
/// MSVC's warning switches (which only silence warnings), no __COUNTER__,
/// no error; headers it includes are skipped
/// (include guards, #pragma once) or consist of such directives only.
class SecondReading {
public:
  SecondReading(const SourceManager &SM, unsigned SecondCopyAt,
                BuildFacts &Facts)
      : SM(SM), SecondCopyAt(SecondCopyAt), Facts(Facts) {}

  /// Whether L comes from the second copy (directly or through a header).
  bool contains(SourceLocation L) const {
    if (L.isInvalid())
      return false;
    L = SM.getExpansionLoc(L);
    FileID F = SM.getFileID(L);
    for (unsigned Depth = 0; F != SM.getMainFileID(); ++Depth) {
      L = SM.getIncludeLoc(F);
      if (L.isInvalid() || Depth > 256)
        return false;
      F = SM.getFileID(L);
    }
    return SM.getFileOffset(L) >= SecondCopyAt;
  }
  void changes(SourceLocation L, const char *What) {
    if (Facts.Unsafe.empty() && contains(L))
      Facts.Unsafe = std::string("reading the prefix again ") + What + " (" +
                     SM.getFilename(SM.getExpansionLoc(L)).str() + ":" +
                     std::to_string(SM.getPresumedLineNumber(L)) + ")";
  }

private:
  const SourceManager &SM;
  unsigned SecondCopyAt;
  BuildFacts &Facts;
};

class SecondReadingCallbacks : public PPCallbacks {
public:
  SecondReadingCallbacks(SecondReading &Second, const SourceManager &SM)
      : Second(Second), SM(SM) {}
  void MacroDefined(const Token &Name, const MacroDirective *) override {
    Second.changes(Name.getLocation(), "defines a macro");
  }
  void MacroUndefined(const Token &Name, const MacroDefinition &,
                      const MacroDirective *) override {
    Second.changes(Name.getLocation(), "undefines a macro");
  }
  void MacroExpands(const Token &Name, const MacroDefinition &, SourceRange,
                    const MacroArgs *) override {
    if (Name.getIdentifierInfo() &&
        Name.getIdentifierInfo()->getName() == "__COUNTER__")
      Second.changes(Name.getLocation(), "expands __COUNTER__");
  }
  void PragmaDirective(SourceLocation Loc, PragmaIntroducerKind) override {
    // MSVC's warning switches change only which warnings Clang shows, and
    // NdisCheck shows none (-Wno-everything); any other pragma may matter.
    bool Invalid = false;
    StringRef Rest = StringRef(SM.getCharacterData(Loc, &Invalid));
    Rest = Rest.take_until([](char C) { return C == '\n'; });
    Rest = Rest.drop_while([](char C) { return C != 'p'; });
    Rest = Rest.drop_front(std::min<size_t>(Rest.size(), 6)).ltrim();
    bool Warning = Rest.consume_front("warning") &&
                   (Rest.empty() || !isAsciiIdentifierContinue(Rest[0]));
    if (Invalid || !Warning)
      Second.changes(Loc, "runs a pragma");
  }

private:
  SecondReading &Second;
  const SourceManager &SM;
};

/// Writes the PCH if the prefix parsed cleanly and its second reading
/// changed nothing.
class PrefixConsumer : public PCHGenerator {
public:
  PrefixConsumer(Preprocessor &PP, InMemoryModuleCache &Cache,
                 std::shared_ptr<PCHBuffer> Buffer, const PrefixPch &Prefix,
                 SecondReading &Second, const SalAnnotationIndex &Sal,
                 BuildFacts &Facts)
      : PCHGenerator(PP, Cache, "", "", std::move(Buffer), {}), PP(PP),
        Prefix(Prefix), Second(Second), Sal(Sal), Facts(Facts) {}

  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    for (Decl *D : Group)
      Second.changes(D->getLocation(), "declares something");
    return PCHGenerator::HandleTopLevelDecl(Group);
  }

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (PP.getDiagnostics().hasErrorOccurred() && Facts.Unsafe.empty())
      Facts.Unsafe = "the prefix does not parse cleanly";
    if (!Facts.Unsafe.empty())
      return;
    const SourceManager &SM = PP.getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::string Path = absolutePath(SM, It->first.getName());
      if (Path != Prefix.HeaderPath)
        Facts.Dependencies.push_back(std::move(Path));
    }
    Facts.Sal =
        std::make_shared<SalAnnotationIndex::UsesByFile>(Sal.exportUses(SM));
    PCHGenerator::HandleTranslationUnit(Ctx);
  }

private:
  Preprocessor &PP;
  const PrefixPch &Prefix;
  SecondReading &Second;
  const SalAnnotationIndex &Sal;
  BuildFacts &Facts;
};

class PrefixAction : public ASTFrontendAction {
public:
  PrefixAction(std::shared_ptr<PCHBuffer> Buffer, const PrefixPch &Prefix,
               BuildFacts &Facts)
      : Buffer(std::move(Buffer)), Prefix(Prefix), Facts(Facts) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    Preprocessor &PP = CI.getPreprocessor();
    Second = std::make_unique<SecondReading>(CI.getSourceManager(),
                                             Prefix.SecondCopyAt, Facts);
    PP.addPPCallbacks(Sal.makeCallbacks(PP));
    PP.addPPCallbacks(std::make_unique<SecondReadingCallbacks>(
        *Second, CI.getSourceManager()));
    return std::make_unique<PrefixConsumer>(PP, CI.getModuleCache(), Buffer,
                                            Prefix, *Second, Sal, Facts);
  }
  TranslationUnitKind getTranslationUnitKind() override { return TU_Prefix; }
  bool hasASTFileSupport() const override { return false; }

private:
  std::shared_ptr<PCHBuffer> Buffer;
  const PrefixPch &Prefix;
  BuildFacts &Facts;
  SalAnnotationIndex Sal;
  std::unique_ptr<SecondReading> Second;
};

/// Runs a group member's own compile command with the prefix header as the
/// input and a PCH as the output: the driver turns it into exactly the
/// options the TUs are parsed with.
class BuildPch : public ToolAction {
public:
  BuildPch(const PrefixPch &Prefix, BuildFacts &Facts)
      : Prefix(Prefix), Facts(Facts) {}

  bool runInvocation(std::shared_ptr<CompilerInvocation> Inv,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHOps,
                     DiagnosticConsumer *Diags) override {
    FrontendOptions &FO = Inv->getFrontendOpts();
    if (FO.Inputs.size() != 1 ||
        FO.Inputs[0].getKind().getFormat() != InputKind::Source ||
        (FO.Inputs[0].getKind().getLanguage() != Language::C &&
         FO.Inputs[0].getKind().getLanguage() != Language::CXX)) {
      Facts.Unsafe = "not a C or C++ source compile command";
      return false;
    }
    FO.Inputs[0] = FrontendInputFile(Prefix.HeaderPath,
                                     FO.Inputs[0].getKind().getHeader());
    FO.ProgramAction = frontend::GeneratePCH;
    Inv->getLangOpts().CompilingPCH = true;

    IntrusiveRefCntPtr<FileManager> Own;
    Files = withCommandOverlays(*Inv, Files, Diags, Own);
    CompilerInstance CI(std::move(PCHOps));
    CI.setInvocation(std::move(Inv));
    CI.setFileManager(Files);
    CI.createDiagnostics(Diags, /*ShouldOwnClient=*/false);
    CI.createSourceManager(*Files);
    auto Buffer = std::make_shared<PCHBuffer>();
    PrefixAction Act(Buffer, Prefix, Facts);
    bool OK = CI.ExecuteAction(Act);
    Files->clearStatCache();
    if (OK && Facts.Unsafe.empty() && Buffer->IsComplete)
      Pch = std::move(Buffer->Data);
    else if (Facts.Unsafe.empty())
      Facts.Unsafe = "the prefix did not precompile";
    return OK;
  }

  llvm::SmallVector<char, 0> Pch;

private:
  const PrefixPch &Prefix;
  BuildFacts &Facts;
};

} // namespace

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> PrefixPch::fileSystem() const {
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(HeaderPath, VirtualMTime,
                  llvm::MemoryBuffer::getMemBuffer(HeaderText, HeaderPath,
                                                   /*RequiresNull=*/false));
  if (!Pch.empty())
    Memory->addFile(PchPath, VirtualMTime,
                    llvm::MemoryBuffer::getMemBuffer(
                        StringRef(Pch.data(), Pch.size()), PchPath,
                        /*RequiresNull=*/false));
  Overlay->pushOverlay(Memory);
  return Overlay;
}

//===----------------------------------------------------------------------===//
// Groups
//===----------------------------------------------------------------------===//

struct SharedPrefixes::Group {
  std::vector<std::string> Files;
  std::vector<PrefixDirective> Directives;
  std::string Dir; ///< the files' directory
  // Built once; the others wait.
  std::mutex M;
  std::condition_variable Built;
  bool Building = false, Done = false;
  std::shared_ptr<const PrefixPch> Pch;
  std::string WhyNot;
  unsigned Pending = 0; ///< files not yet released
};

namespace {

/// The command line ClangTool runs for Cmd, with the source file replaced by
/// a placeholder: what must be equal for two TUs to share a prefix.
std::string commandKey(const CompileCommand &Cmd) {
  ArgumentsAdjuster Adjust =
      combineAdjusters(combineAdjusters(getClangStripOutputAdjuster(),
                                        getClangSyntaxOnlyAdjuster()),
                       combineAdjusters(getClangStripDependencyFileAdjuster(),
                                        defaultArgumentsAdjuster()));
  std::string Key = Cmd.Directory;
  for (const std::string &Arg : Adjust(Cmd.CommandLine, Cmd.Filename)) {
    // cl.exe's output names (MSBuild gives every file its own /Fo) do not
    // change what is parsed; /FI (a forced include) does, and stays.
    StringRef A(Arg);
    if (llvm::any_of(
            std::initializer_list<StringRef>{"/Fo", "-Fo", "/Fd", "-Fd", "/Fa",
                                             "-Fa", "/Fi", "-Fi", "/Fe", "-Fe"},
            [&](StringRef Output) { return A.starts_with(Output); }))
      continue;
    // The file itself, also inside an option (cl.exe's /Tc<file>).
    std::string Generic = Arg;
    for (size_t At = Generic.find(Cmd.Filename); At != std::string::npos;
         At = Generic.find(Cmd.Filename, At + 8))
      Generic.replace(At, Cmd.Filename.size(), "<source>");
    Key += '\0';
    Key += Generic;
  }
  return Key;
}

std::string hashHex(StringRef Data) {
  return llvm::utohexstr(llvm::xxh3_64bits(Data), /*LowerCase=*/true);
}

} // namespace

SharedPrefixes::SharedPrefixes(const CompilationDatabase &Cdb,
                               llvm::ArrayRef<std::string> Files,
                               PrefixPchMode Mode)
    : Cdb(Cdb) {
  if (Mode == PrefixPchMode::Off)
    return;
  struct Candidate {
    std::string File, Key, Dir;
    std::vector<PrefixDirective> Directives;
  };
  std::map<std::string, std::vector<Candidate>> ByKey;
  for (const std::string &File : Files) {
    // As ClangTool looks a file up: a relative name is taken from the
    // working directory (a compile database knows only absolute names).
    llvm::SmallString<256> Abs(File);
    llvm::sys::fs::make_absolute(Abs);
    llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    std::vector<CompileCommand> Cmds = Cdb.getCompileCommands(Abs);
    if (Cmds.size() != 1) {
      note(File, "no prefix: not exactly one compile command");
      continue;
    }
    auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    if (!Buf)
      continue;
    Candidate C;
    C.File = File;
    C.Directives = leadingDirectives((*Buf)->getBuffer());
    if (C.Directives.empty()) {
      note(File, "no prefix: it does not start with #include or #define");
      continue;
    }
    C.Dir = llvm::sys::path::parent_path(Abs).str();
    // Same flags, directory and first directive: the group shares the
    // directives all its files start with.
    C.Key = commandKey(Cmds[0]) + '\0' + C.Dir + '\0' + C.Directives[0].Key;
    ByKey[C.Key].push_back(std::move(C));
  }
  // Precompiling costs about two parses and saves each TU about 60% of
  // one: it pays from four TUs on.
  size_t MinSize = Mode == PrefixPchMode::Always ? 1 : 4;
  for (auto &[Key, Members] : ByKey) {
    if (Members.size() < MinSize) {
      for (const Candidate &C : Members)
        note(C.File, "no prefix: fewer than four files start the same way");
      continue;
    }
    auto G = std::make_shared<Group>();
    G->Directives = Members[0].Directives;
    for (const Candidate &C : Members) {
      size_t N = 0;
      while (N < G->Directives.size() && N < C.Directives.size() &&
             G->Directives[N].Key == C.Directives[N].Key)
        ++N;
      G->Directives.resize(N);
      G->Files.push_back(C.File);
      ByFile[C.File] = G;
    }
    G->Dir = Members[0].Dir;
    G->Pending = G->Files.size();
  }
}

SharedPrefixes::~SharedPrefixes() = default;

std::shared_ptr<const PrefixPch> SharedPrefixes::get(const std::string &File) {
  auto It = ByFile.find(File);
  if (It == ByFile.end())
    return nullptr;
  Group &G = *It->second;
  std::unique_lock<std::mutex> Lock(G.M);
  if (G.Done || G.Building) {
    G.Built.wait(Lock, [&] { return G.Done; });
    return G.Pch;
  }
  G.Building = true;
  Lock.unlock();

  auto P = std::make_shared<PrefixPch>();
  std::string Text;
  for (const PrefixDirective &D : G.Directives)
    Text += D.Text + "\n";
  std::string Name = ".ndis-check-prefix-" + hashHex(Text);
  P->HeaderPath = G.Dir + "/" + Name + ".h";
  P->PchPath = G.Dir + "/" + Name + ".pch";
  // Twice: see SecondReading.
  P->SecondCopyAt = Text.size();
  P->HeaderText = Text + Text;
  P->NumDirectives = G.Directives.size();

  BuildFacts Facts;
  BuildPch Build(*P, Facts);
  auto Fs = llvm::makeIntrusiveRefCnt<AbsentPathRecorder>(P->fileSystem());
  ClangTool Tool(Cdb, {File}, std::make_shared<PCHContainerOperations>(), Fs);
  // A prefix that does not build cleanly is simply not used.
  IgnoringDiagConsumer Quiet;
  Tool.setDiagnosticConsumer(&Quiet);
  Tool.setPrintErrorMessage(false);
  Tool.appendArgumentsAdjuster(defaultArgumentsAdjuster());
  // Nor one that crashes Clang: the files are then parsed whole (and fail
  // alone if they crash too).
  if (runContained([&] { Tool.run(&Build); }))
    Facts.Unsafe = "the prefix crashed Clang";

  std::string WhyNot;
  if (!Facts.Unsafe.empty() || Build.Pch.empty()) {
    WhyNot =
        Facts.Unsafe.empty() ? "the prefix did not precompile" : Facts.Unsafe;
    P.reset();
  } else {
    P->Pch = std::move(Build.Pch);
    P->Dependencies = std::move(Facts.Dependencies);
    P->AbsentPaths = Fs->absentPaths();
    P->Sal = std::move(Facts.Sal);
  }

  Lock.lock();
  G.Pch = std::move(P);
  G.WhyNot = std::move(WhyNot);
  G.Done = true;
  Lock.unlock();
  G.Built.notify_all();
  return G.Pch;
}

void SharedPrefixes::done(const std::string &File, bool UsedPrefix) {
  auto It = ByFile.find(File);
  if (It == ByFile.end())
    return;
  Group &G = *It->second;
  std::string What;
  {
    std::lock_guard<std::mutex> Lock(G.M);
    if (G.Pch)
      What = UsedPrefix
                 ? "parsed with the prefix of " +
                       std::to_string(G.Directives.size()) +
                       " #include lines shared by " +
                       std::to_string(G.Files.size()) + " files (" +
                       std::to_string(G.Pch->Pch.size() >> 20) + " MB PCH)"
                 : "parsed without the prefix: not clean with it";
    if (G.Pending && --G.Pending == 0)
      G.Pch.reset();
  }
  if (!What.empty())
    note(File, std::move(What));
}

void SharedPrefixes::note(const std::string &File, std::string What) {
  std::lock_guard<std::mutex> Lock(M);
  Notes[File] = std::move(What);
}

std::vector<std::string> SharedPrefixes::log() const {
  std::map<std::string, std::string> Lines;
  {
    std::lock_guard<std::mutex> Lock(M);
    Lines = Notes;
  }
  for (const auto &[File, G] : ByFile) {
    std::lock_guard<std::mutex> Lock(G->M);
    if (!G->WhyNot.empty())
      Lines[File] = "prefix of " + std::to_string(G->Directives.size()) +
                    " directives not used: " + G->WhyNot;
    else if (!Lines.count(File))
      Lines[File] = "prefix of " + std::to_string(G->Directives.size()) +
                    " directives planned, not needed";
  }
  std::vector<std::string> Out;
  for (const auto &[File, What] : Lines)
    Out.push_back(File + ": " + What);
  return Out;
}

} // namespace ndischeck
