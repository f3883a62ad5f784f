//===- VcxprojImport.cpp - Compile commands from a .vcxproj ---------------===//

#include "VcxprojImport.h"

#include "MsBuildProject.h"
#include "WindowsPath.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace ndischeck {

namespace {

/// _NT_TARGET_VERSION constants of the WDK's MSBuild files (the values of
/// sdkddkver.h's _WIN32_WINNT_* and NTDDI_WIN10_*).
const std::pair<const char *, unsigned> NtTargetVersions[] = {
    {"_NT_TARGET_VERSION_WINXP", 0x501},
    {"_NT_TARGET_VERSION_WS03", 0x502},
    {"_NT_TARGET_VERSION_VISTA", 0x600},
    {"_NT_TARGET_VERSION_LONGHORN", 0x600},
    {"_NT_TARGET_VERSION_WIN7", 0x601},
    {"_NT_TARGET_VERSION_WIN8", 0x602},
    {"_NT_TARGET_VERSION_WINBLUE", 0x603},
    {"_NT_TARGET_VERSION_WIN10", 0xA000000},
    {"_NT_TARGET_VERSION_WIN10_TH2", 0xA000001},
    {"_NT_TARGET_VERSION_WIN10_RS1", 0xA000002},
    {"_NT_TARGET_VERSION_WIN10_RS2", 0xA000003},
    {"_NT_TARGET_VERSION_WIN10_RS3", 0xA000004},
    {"_NT_TARGET_VERSION_WIN10_RS4", 0xA000005},
    {"_NT_TARGET_VERSION_WIN10_RS5", 0xA000006},
    {"_NT_TARGET_VERSION_WIN10_19H1", 0xA000007},
    {"_NT_TARGET_VERSION_WIN10_VB", 0xA000008},
    {"_NT_TARGET_VERSION_WIN10_MN", 0xA000009},
    {"_NT_TARGET_VERSION_WIN10_FE", 0xA00000A},
    {"_NT_TARGET_VERSION_WIN10_CO", 0xA00000B},
    {"_NT_TARGET_VERSION_WIN10_NI", 0xA00000C},
};

std::string hex(unsigned long long V, unsigned Digits = 8) {
  std::string S;
  raw_string_ostream(S) << format_hex(V, Digits + 2, /*Upper=*/true);
  // format_hex upper-cases the "0X" too; keep C's usual "0x".
  S[1] = 'x';
  return S;
}

/// The WDK's defaults for properties the project leaves unset. They depend
/// on other properties (TargetVersion), so they are computed when read.
std::optional<std::string> wdkDefault(const WdkLayout *Wdk,
                                      const PropertyTable &P, StringRef Name) {
  for (const auto &[Const, Value] : NtTargetVersions)
    if (Name.equals_insensitive(Const))
      return hex(Value);
  if (Name.equals_insensitive("_NT_TARGET_VERSION")) {
    std::string T = StringRef(P.get("TargetVersion")).lower();
    if (T == "windows7")
      return hex(0x601);
    if (T == "windows8")
      return hex(0x602);
    if (T == "windowsv6.3" || T == "windows8.1")
      return hex(0x603);
    return hex(Wdk && Wdk->Ntddi ? Wdk->Ntddi : 0xA000000);
  }
  if (!Wdk)
    return std::nullopt;
  if (Name.equals_insensitive("WindowsSdkDir") ||
      Name.equals_insensitive("WDKContentRoot"))
    return Wdk->KitRoot.empty() ? "" : Wdk->KitRoot + "/";
  if (Name.equals_insensitive("TargetPlatformVersion") ||
      Name.equals_insensitive("WindowsTargetPlatformVersion"))
    return Wdk->Version;
  if (Name.equals_insensitive("DDK_INC_PATH") ||
      Name.equals_insensitive("KM_IncludePath"))
    return Wdk->Km;
  if (Name.equals_insensitive("CRT_INC_PATH"))
    return Wdk->KmCrt;
  if (Name.equals_insensitive("KIT_SHARED_INC_PATH") ||
      Name.equals_insensitive("SDK_INC_PATH"))
    return Wdk->Shared;
  return std::nullopt;
}

/// The .sln above the project that names it: Visual Studio builds a
/// project of a solution with $(SolutionDir) set to the solution's folder.
std::string findSolutionDir(StringRef ProjectPath) {
  StringRef File = sys::path::filename(ProjectPath);
  SmallString<256> Dir(sys::path::parent_path(ProjectPath));
  for (unsigned Up = 0; Up < 8 && !Dir.empty(); ++Up) {
    std::error_code EC;
    for (sys::fs::directory_iterator I(Dir, EC), E; !EC && I != E;
         I.increment(EC)) {
      if (!sys::path::extension(I->path()).equals_insensitive(".sln"))
        continue;
      auto Buf = MemoryBuffer::getFile(I->path());
      if (Buf && (*Buf)->getBuffer().contains_insensitive(File))
        return std::string(Dir);
    }
    StringRef Parent = sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return sys::path::parent_path(ProjectPath).str();
}

struct Arch {
  const char *Triple;
  std::vector<const char *> Defines;
};

std::optional<Arch> archFor(StringRef Platform) {
  if (Platform.equals_insensitive("x64") ||
      Platform.equals_insensitive("amd64"))
    return Arch{"x86_64-pc-windows-msvc", {"_WIN64", "_AMD64_", "AMD64"}};
  if (Platform.equals_insensitive("Win32") ||
      Platform.equals_insensitive("x86"))
    return Arch{"i686-pc-windows-msvc", {"_X86_=1", "i386=1", "STD_CALL"}};
  if (Platform.equals_insensitive("ARM64"))
    return Arch{
        "aarch64-pc-windows-msvc",
        {"_WIN64", "_ARM64_", "ARM64", "_USE_DECLSPECS_FOR_SAL=1", "STD_CALL"}};
  if (Platform.equals_insensitive("ARM"))
    return Arch{"thumbv7-pc-windows-msvc",
                {"_ARM_", "ARM", "_USE_DECLSPECS_FOR_SAL=1", "STD_CALL"}};
  return std::nullopt;
}

bool isTrue(StringRef V) { return V.trim().equals_insensitive("true"); }

std::vector<std::string> listOf(const MetadataMap &M, StringRef Key) {
  std::vector<std::string> Out;
  auto It = M.find(Key.str());
  if (It == M.end())
    return Out;
  SmallVector<StringRef, 16> Parts;
  StringRef(It->second).split(Parts, ';');
  for (StringRef P : Parts) {
    P = P.trim();
    // What an unset %(...) or $(...) left behind is not a value.
    if (P.empty() || P.contains("%(") || P.contains("$("))
      continue;
    Out.push_back(msbuildUnescape(P));
  }
  return Out;
}

std::string metadata(const MetadataMap &M, StringRef Key) {
  auto It = M.find(Key.str());
  return It == M.end() ? "" : StringRef(It->second).trim().str();
}

} // namespace

bool importVcxproj(StringRef Path, const VcxprojOptions &Options,
                   ImportedProject &Out, std::string &Error) {
  if (!sys::fs::is_regular_file(Path)) {
    Error = (Path + ": error: no such project file").str();
    return false;
  }
  std::optional<Arch> A = archFor(Options.Platform);
  if (!A) {
    Error = "unknown --platform '" + Options.Platform +
            "'; expected x64, Win32, ARM64 or ARM";
    return false;
  }
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);

  EvaluatedProject P;
  PropertyTable &Props = P.Properties;
  Props.setGlobal("Configuration", Options.Configuration);
  Props.setGlobal("Platform", Options.Platform);
  std::string SolutionDir =
      Options.SolutionDir.empty() ? findSolutionDir(Abs) : Options.SolutionDir;
  if (!StringRef(SolutionDir).ends_with("/"))
    SolutionDir += "/";
  Props.setGlobal("SolutionDir", SolutionDir);
  for (const auto &[Name, Value] : Options.Properties)
    Props.setGlobal(Name, Value);
  const WdkLayout *Wdk = Options.Wdk;
  Props.Fallback = [Wdk](const PropertyTable &T, StringRef Name) {
    return wdkDefault(Wdk, T, Name);
  };
  if (!evaluateMsBuildProject(Abs, P, Error))
    return false;

  // Does the project know this configuration at all?
  std::string ConfigurationType = Props.get("ConfigurationType");
  std::string Toolset = Props.get("PlatformToolset");
  std::string DriverType = Props.get("DriverType");
  if (P.ClCompile.empty())
    Out.Notes.push_back(Abs.str().str() + ": no ClCompile items for " +
                        Options.Configuration + "|" + Options.Platform);
  bool Kernel =
      StringRef(Toolset).starts_with_insensitive("WindowsKernelModeDriver") ||
      StringRef(DriverType).equals_insensitive("WDM") ||
      StringRef(DriverType).equals_insensitive("KMDF") ||
      StringRef(DriverType).equals_insensitive("ExportDriver") ||
      (StringRef(ConfigurationType).equals_insensitive("Driver") &&
       !StringRef(DriverType).equals_insensitive("UMDF") &&
       !StringRef(Toolset).starts_with_insensitive("WindowsUserModeDriver"));
  bool Kmdf = StringRef(DriverType).equals_insensitive("KMDF");
  std::string UseDebug = Props.get("UseDebugLibraries");
  bool Debug =
      UseDebug.empty()
          ? StringRef(Options.Configuration).contains_insensitive("debug")
          : isTrue(UseDebug);

  // What the WDK's targets define for the driver kind.
  std::vector<std::string> Kind;
  for (const char *D : A->Defines)
    Kind.push_back(D);
  if (Kernel) {
    unsigned long long Nt =
        msbuildNumber(Props.get("_NT_TARGET_VERSION")).value_or(0xA000000);
    unsigned long long Ntddi = Nt < 0x10000 ? Nt << 16 : Nt;
    unsigned long long WinNt = Ntddi >> 16;
    Kind.insert(Kind.end(),
                {"_KERNEL_MODE", "WINNT=1", "DEPRECATE_DDK_FUNCTIONS=1",
                 "MSC_NOOPT", "POOL_NX_OPTIN=1",
                 "_WIN32_WINNT=" + hex(WinNt, 4), "WINVER=" + hex(WinNt, 4),
                 "NTDDI_VERSION=" + hex(Ntddi)});
  }
  if (Debug)
    Kind.push_back("DBG=1");
  if (Kmdf) {
    std::string Major = Props.get("KMDF_VERSION_MAJOR");
    std::string Minor = Props.get("KMDF_VERSION_MINOR");
    if (Minor.empty() && Wdk && !Wdk->Kmdf.empty())
      Minor = std::to_string(Wdk->Kmdf.rbegin()->first);
    Kind.push_back("KMDF_VERSION_MAJOR=" + (Major.empty() ? "1" : Major));
    if (!Minor.empty())
      Kind.push_back("KMDF_VERSION_MINOR=" + Minor);
  }

  std::string ProjectDir = sys::path::parent_path(Abs).str();
  for (const MsBuildItem &Item : P.ClCompile) {
    const MetadataMap &M = Item.Metadata;
    if (isTrue(metadata(M, "ExcludedFromBuild")))
      continue;
    std::vector<std::string> Args = {"clang",
                                     std::string("--target=") + A->Triple,
                                     "-fms-extensions", "-fms-compatibility"};
    // MSVC reports these as warnings (C4133, C4047, C4013); clang 16+ makes
    // them errors by default.
    for (const char *W : {"incompatible-function-pointer-types",
                          "int-conversion", "implicit-function-declaration",
                          "implicit-int", "invalid-token-paste"})
      Args.push_back(std::string("-Wno-error=") + W);
    std::string CompileAs = metadata(M, "CompileAs");
    StringRef Ext = sys::path::extension(Item.Path);
    bool Cxx = CompileAs == "CompileAsCpp" ||
               (CompileAs != "CompileAsC" && !Ext.equals_insensitive(".c"));
    Args.push_back("-x");
    Args.push_back(Cxx ? "c++" : "c");
    std::string Std =
        StringRef(metadata(M, Cxx ? "LanguageStandard" : "LanguageStandard_C"))
            .lower();
    std::string Version = Std.substr(std::min<size_t>(Std.size(), Cxx ? 6 : 4));
    if (Version == "latest")
      Version = Cxx ? "2b" : "2x";
    if (Cxx && StringRef(Std).starts_with("stdcpp"))
      Args.push_back("-std=c++" + Version);
    else if (!Cxx && StringRef(Std).starts_with("stdc"))
      Args.push_back("-std=c" + Version);
    for (const std::string &D : Kind)
      Args.push_back("-D" + D);
    for (std::string D : listOf(M, "PreprocessorDefinitions")) {
      std::replace(D.begin(), D.end(), '#', '='); // cl's /DNAME#VALUE
      Args.push_back("-D" + D);
    }
    for (const std::string &U : listOf(M, "UndefinePreprocessorDefinitions"))
      Args.push_back("-U" + U);
    for (const std::string &I : listOf(M, "AdditionalIncludeDirectories")) {
      std::string Dir = resolveWindowsPath(I, ProjectDir);
      if (sys::fs::is_directory(Dir))
        Args.push_back("-I" + Dir);
    }
    // /Yu: cl takes the precompiled header for its #include, however that
    // include is written (<precomp.h> included); clang has to find the
    // header itself, so its folder joins the include path.
    std::string Pch = metadata(M, "PrecompiledHeaderFile");
    if (!Pch.empty() && (metadata(M, "PrecompiledHeader") == "Use" ||
                         metadata(M, "PrecompiledHeader") == "Create")) {
      for (StringRef Base :
           {StringRef(ProjectDir), sys::path::parent_path(Item.Path)}) {
        std::string Header = resolveWindowsPath(Pch, Base);
        if (sys::fs::is_regular_file(Header)) {
          Args.push_back("-I" + sys::path::parent_path(Header).str());
          break;
        }
      }
    }
    for (const std::string &F : listOf(M, "ForcedIncludeFiles")) {
      std::string File = resolveWindowsPath(F, ProjectDir);
      Args.push_back("-include");
      Args.push_back(sys::fs::exists(File) ? File : F);
    }
    Args.push_back(Item.Path);
    Out.Commands.emplace_back(ProjectDir, Item.Path, std::move(Args), "");

    if (isTrue(metadata(M, "WppEnabled")))
      for (const std::string &F : listOf(M, "WppTraceFunction")) {
        std::string Name = StringRef(F).split('(').first.trim().str();
        if (!Name.empty() && !llvm::is_contained(Out.WppTraceFunctions, Name))
          Out.WppTraceFunctions.push_back(Name);
      }
  }
  return true;
}

} // namespace ndischeck
