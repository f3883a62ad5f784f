//===- WdkOverlay.cpp - The WDK as Clang on Linux needs it ----------------===//

#include "WdkOverlay.h"

#include "summary/AtomicFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <map>
#include <regex>
#include <set>

using namespace llvm;

namespace ndischeck {

namespace {

// Bounds for the folders walked: a project whose include path names "/"
// must not make the overlay list the whole disk.
constexpr unsigned MaxDepth = 8;
constexpr size_t MaxFiles = 200000;
constexpr uint64_t MaxScannedSize = 4u << 20;

bool isClMode(ArrayRef<std::string> Args) {
  if (!Args.empty()) {
    StringRef Prog = sys::path::stem(Args[0]);
    if (Prog.equals_insensitive("cl") ||
        Prog.starts_with_insensitive("clang-cl"))
      return true;
  }
  return llvm::any_of(
      Args, [](StringRef A) { return A.starts_with("--driver-mode=cl"); });
}

/// The include folders a command names (-I, -isystem, -iquote, /I).
std::vector<std::string> includeDirs(const clang::tooling::CompileCommand &C) {
  std::vector<std::string> Out;
  const auto &A = C.CommandLine;
  for (size_t I = 0; I < A.size(); ++I) {
    StringRef Arg = A[I];
    for (StringRef Flag : {"-I", "/I", "-isystem", "-iquote", "-imsvc",
                           "-idirafter", "/external:I"}) {
      if (!Arg.starts_with(Flag))
        continue;
      StringRef Value = Arg.drop_front(Flag.size());
      if (Value.empty() && I + 1 < A.size())
        Value = A[++I];
      if (!Value.empty()) {
        SmallString<256> P(Value);
        if (!sys::path::is_absolute(P)) {
          P = C.Directory;
          sys::path::append(P, Value);
        }
        sys::path::remove_dots(P, /*remove_dot_dot=*/true);
        Out.push_back(std::string(P));
      }
      break;
    }
  }
  return Out;
}

bool scannable(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  for (StringRef E :
       {".c", ".cpp", ".cc", ".cxx", ".h", ".hpp", ".hxx", ".inl"})
    if (Ext.equals_insensitive(E))
      return true;
  return false;
}

/// What the project's sources tell about WPP: the .tmh files they include
/// and the trace macros of their `begin_wpp config` blocks.
struct WppScan {
  std::set<std::string> TmhIncludes;
  std::set<std::string> TraceFunctions;

  void scan(StringRef Text, bool IncludesToo) {
    static const std::regex Include(
        R"re(#[ \t]*include[ \t]*"([^"/\\]+\.tmh)")re",
        std::regex::icase | std::regex::optimize);
    static const std::regex Func(
        R"re(FUNC[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\()re",
        std::regex::optimize);
    if (IncludesToo && Text.contains_insensitive(".tmh")) {
      std::string S = Text.str();
      for (std::sregex_iterator I(S.begin(), S.end(), Include), E; I != E; ++I)
        TmhIncludes.insert((*I)[1]);
    }
    // FUNC lines only count inside begin_wpp config ... end_wpp.
    size_t At = 0;
    while ((At = Text.find("begin_wpp", At)) != StringRef::npos) {
      size_t End = Text.find("end_wpp", At);
      std::string Block = Text.slice(At, End).str();
      for (std::sregex_iterator I(Block.begin(), Block.end(), Func), E; I != E;
           ++I)
        TraceFunctions.insert((*I)[1]);
      if (End == StringRef::npos)
        break;
      At = End;
    }
  }
};

/// Every file under Root (a bounded walk), as absolute paths.
void listFiles(StringRef Root, std::set<std::string> &Out, bool &Truncated) {
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator I(Root, EC), E; !EC && I != E;
       I.increment(EC)) {
    StringRef Name = sys::path::filename(I->path());
    if (Name.starts_with(".") || I.level() >= static_cast<int>(MaxDepth)) {
      I.no_push();
      if (Name.starts_with("."))
        continue;
    }
    if (Out.size() >= MaxFiles) {
      Truncated = true;
      return;
    }
    sys::fs::file_status St;
    if (sys::fs::status(I->path(), St) || !sys::fs::is_regular_file(St))
      continue;
    Out.insert(I->path());
  }
}

/// Writes Content to Path unless it already holds exactly that: concurrent
/// runs then neither race nor touch the files clang has open.
bool writeIfChanged(StringRef Path, StringRef Content, std::string &Error) {
  if (auto Old = MemoryBuffer::getFile(Path);
      Old && (*Old)->getBuffer() == Content)
    return true;
  return writeFileAtomically(Path, Content, Error);
}

std::string hashHex(StringRef Data) {
  std::string S;
  raw_string_ostream(S) << format_hex_no_prefix(xxh3_64bits(Data), 16);
  return S;
}

} // namespace

std::string fixNdisApiVersionMacro(StringRef Text) {
  size_t Def = Text.find("NDIS_API_VERSION_AVAILABLE(");
  // The definition, not a use: "#define" starts its line.
  while (Def != StringRef::npos) {
    size_t LineStart = Text.rfind('\n', Def);
    LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
    StringRef Head = Text.slice(LineStart, Def).trim();
    if (Head.consume_front("#") && Head.trim() == "define")
      break;
    Def = Text.find("NDIS_API_VERSION_AVAILABLE(", Def + 1);
  }
  if (Def == StringRef::npos)
    return "";
  size_t LineStart = Text.rfind('\n', Def);
  LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = Text.find('\n', Def);
  if (LineEnd == StringRef::npos)
    LineEnd = Text.size();
  std::string Line = Text.slice(LineStart, LineEnd).str();
  static const std::regex Paste(R"re(0x\s*##\s*([A-Za-z_][A-Za-z0-9_]*))re");
  std::string Fixed = std::regex_replace(Line, Paste, "NDIS_API_HEX_PASTE($1)");
  if (Fixed == Line)
    return "";
  bool Crlf = StringRef(Line).ends_with("\r");
  StringRef Nl = Crlf ? "\r\n" : "\n";
  std::string Out = Text.take_front(LineStart).str();
  Out += "#define NDIS_API_HEX_PASTE_(x) 0x ## x";
  Out += Nl;
  Out += "#define NDIS_API_HEX_PASTE(x) NDIS_API_HEX_PASTE_(x)";
  Out += Nl;
  Out += Fixed;
  Out += Text.drop_front(LineEnd);
  return Out;
}

bool WdkOverlay::prepare(const WdkLayout &W,
                         ArrayRef<clang::tooling::CompileCommand> Commands,
                         ArrayRef<std::string> ProjectTraceFunctions,
                         StringRef OutRoot, std::string &Error) {
  Wdk = W;
  // The folders whose files are found in any letter case.
  std::set<std::string> WdkRoots = {Wdk.Km, Wdk.Shared};
  for (const auto &[Minor, Dir] : Wdk.Kmdf)
    WdkRoots.insert(Dir);
  std::set<std::string> ProjectRoots;
  for (const clang::tooling::CompileCommand &C : Commands) {
    SmallString<256> Src(C.Filename);
    if (!sys::path::is_absolute(Src)) {
      Src = C.Directory;
      sys::path::append(Src, C.Filename);
    }
    sys::path::remove_dots(Src, /*remove_dot_dot=*/true);
    ProjectRoots.insert(sys::path::parent_path(Src).str());
    for (std::string &D : includeDirs(C))
      if (!WdkRoots.count(D) && sys::fs::is_directory(D))
        ProjectRoots.insert(std::move(D));
  }
  // A folder inside another one is walked with it.
  for (auto It = ProjectRoots.begin(); It != ProjectRoots.end();) {
    bool Inside = llvm::any_of(ProjectRoots, [&](const std::string &O) {
      return O != *It && StringRef(*It).starts_with(O + "/");
    });
    It = Inside ? ProjectRoots.erase(It) : std::next(It);
  }

  std::string Key = Wdk.IncludeDir;
  for (const std::string &R : ProjectRoots)
    Key += "\n" + R;
  SmallString<256> Dir(OutRoot);
  sys::path::append(Dir, "wdk-" + hashHex(Key));
  if (std::error_code EC = sys::fs::create_directories(Dir)) {
    Error = ("cannot create '" + Dir + "' for the WDK overlay: " + EC.message())
                .str();
    return false;
  }

  bool Truncated = false;
  std::set<std::string> WdkFiles, ProjectFiles;
  for (const std::string &R : WdkRoots)
    listFiles(R, WdkFiles, Truncated);
  for (const std::string &R : ProjectRoots)
    listFiles(R, ProjectFiles, Truncated);
  if (Truncated)
    Notes.push_back("the include folders hold more than " +
                    std::to_string(MaxFiles) +
                    " files; only the first are found in any letter case");

  // Virtual path -> the file it is: each file is itself, found in any case.
  std::map<std::string, std::string> Mappings;
  StringSet<> Known; // lower-case file names, to tell which .tmh is missing
  for (const std::set<std::string> *Files : {&WdkFiles, &ProjectFiles})
    for (const std::string &F : *Files) {
      Mappings[F] = F;
      Known.insert(sys::path::filename(F).lower());
    }

  // ndis.h with the token paste fixed, in place of the WDK's.
  for (const std::string &F : WdkFiles) {
    if (!sys::path::filename(F).equals_insensitive("ndis.h") ||
        sys::path::parent_path(F) != Wdk.Km)
      continue;
    auto Buf = MemoryBuffer::getFile(F);
    std::string Fixed = Buf ? fixNdisApiVersionMacro((*Buf)->getBuffer()) : "";
    if (Fixed.empty())
      continue;
    SmallString<256> FixPath(Dir);
    sys::path::append(FixPath, "ndis-fixed", "ndis.h");
    sys::fs::create_directories(sys::path::parent_path(FixPath));
    if (!writeIfChanged(FixPath, Fixed, Error))
      return false;
    Mappings[F] = std::string(FixPath);
  }

  // WPP: the .tmh files the sources include and nothing provides, and the
  // trace macros the project's headers declare.
  std::set<std::string> Sources;
  for (const clang::tooling::CompileCommand &C : Commands) {
    SmallString<256> Src(C.Filename);
    if (!sys::path::is_absolute(Src)) {
      Src = C.Directory;
      sys::path::append(Src, C.Filename);
    }
    Sources.insert(std::string(Src));
  }
  WppScan Wpp;
  for (const std::set<std::string> *Files : {&Sources, &ProjectFiles})
    for (const std::string &F : *Files) {
      uint64_t Size;
      if (!scannable(F) || sys::fs::file_size(F, Size) || Size > MaxScannedSize)
        continue;
      if (auto Buf = MemoryBuffer::getFile(F))
        Wpp.scan((*Buf)->getBuffer(), /*IncludesToo=*/Files == &Sources);
    }
  std::vector<std::string> Missing;
  for (const std::string &T : Wpp.TmhIncludes)
    if (!Known.count(StringRef(T).lower()))
      Missing.push_back(T);
  if (!Missing.empty()) {
    std::set<std::string> Functions(ProjectTraceFunctions.begin(),
                                    ProjectTraceFunctions.end());
    Functions.insert(Wpp.TraceFunctions.begin(), Wpp.TraceFunctions.end());
    SmallString<256> Stubs(Dir);
    sys::path::append(Stubs, "wpp");
    sys::fs::create_directories(Stubs);
    std::string Common =
        "/* ndis-check: WPP trace headers are generated by tracewpp, which "
        "runs on Windows only. */\n#pragma once\n"
        "#define WPP_INIT_TRACING(...) ((void)0)\n"
        "#define WPP_CLEANUP(...) ((void)0)\n";
    for (const std::string &F : Functions)
      Common += "#ifdef " + F + "\n#undef " + F + "\n#endif\n#define " + F +
                "(...) ((void)0)\n";
    SmallString<256> CommonPath(Stubs);
    sys::path::append(CommonPath, "ndis-check-wpp.h");
    if (!writeIfChanged(CommonPath, Common, Error))
      return false;
    for (const std::string &T : Missing) {
      SmallString<256> P(Stubs);
      sys::path::append(P, T);
      if (!writeIfChanged(P,
                          "/* ndis-check: empty stand-in for " + T +
                              " */\n#include \"ndis-check-wpp.h\"\n",
                          Error))
        return false;
    }
    StubDir = std::string(Stubs);
    std::string Names;
    for (const std::string &F : Functions)
      Names += (Names.empty() ? "" : ", ") + F;
    Notes.push_back(
        std::to_string(Missing.size()) +
        " WPP trace header(s) (*.tmh) do not exist: tracewpp generates them "
        "on Windows. Empty stubs stand in for them (" +
        StubDir + "): WPP_INIT_TRACING, WPP_CLEANUP" +
        (Names.empty() ? "" : ", " + Names) + " expand to nothing");
  }

  vfs::YAMLVFSWriter Yaml;
  Yaml.setCaseSensitivity(false);
  Yaml.setUseExternalNames(true);
  for (const auto &[Virtual, Real] : Mappings)
    Yaml.addFileMapping(Virtual, Real);
  std::string Text;
  raw_string_ostream OS(Text);
  Yaml.write(OS);
  OS.flush();
  SmallString<256> YamlPath(Dir);
  sys::path::append(YamlPath, "overlay.yaml");
  if (!writeIfChanged(YamlPath, Text, Error))
    return false;
  OverlayFile = std::string(YamlPath);
  return true;
}

std::vector<std::string> WdkOverlay::adjust(ArrayRef<std::string> Args) const {
  bool Cl = isClMode(Args);
  // The KMDF headers of the version the command asks for, else the newest.
  std::string Kmdf;
  bool WantsKmdf = false;
  for (StringRef A : Args) {
    if (A.consume_front("-D") || A.consume_front("/D")) {
      auto [Name, Value] = A.split('=');
      if (Name == "KMDF_VERSION_MAJOR")
        WantsKmdf = true;
      unsigned N;
      if (Name == "KMDF_VERSION_MINOR" && !Value.getAsInteger(10, N) &&
          Wdk.Kmdf.count(N))
        Kmdf = Wdk.Kmdf.at(N);
    }
  }
  if (WantsKmdf && Kmdf.empty() && !Wdk.Kmdf.empty())
    Kmdf = Wdk.Kmdf.rbegin()->second;

  std::vector<std::string> Dirs;
  for (const std::string &D : {Wdk.KmCrt, Wdk.Km, Wdk.Shared, Kmdf})
    if (!D.empty())
      Dirs.push_back(D);
  std::vector<std::string> Extra;
  // Only the WDK's headers, as the WDK's kernel-mode toolset has it.
  Extra.push_back(Cl ? "/X" : "-nostdinc");
  for (const std::string &D : Dirs) {
    Extra.push_back(Cl ? "-imsvc" : "-isystem");
    Extra.push_back(D);
  }
  Extra.push_back(Cl ? "-vfsoverlay" : "-ivfsoverlay");
  Extra.push_back(OverlayFile);
  if (!StubDir.empty()) {
    Extra.push_back(Cl ? "/I" : "-iquote");
    Extra.push_back(StubDir);
  }
  std::vector<std::string> Out(Args.begin(), Args.end());
  auto Pos = std::find(Out.begin(), Out.end(), "--");
  Out.insert(Pos, Extra.begin(), Extra.end());
  return Out;
}

} // namespace ndischeck
