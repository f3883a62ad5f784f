//===- WdkLayout.cpp - Where a WDK's headers are --------------------------===//

#include "WdkLayout.h"

#include "MsBuildExpr.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <optional>
#include <vector>

using namespace llvm;

namespace ndischeck {

namespace {

/// The entry of Dir named Name in any letter case, or "".
std::string child(StringRef Dir, StringRef Name) {
  SmallString<256> Exact(Dir);
  sys::path::append(Exact, Name);
  if (sys::fs::exists(Exact))
    return std::string(Exact);
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), E; !EC && I != E;
       I.increment(EC))
    if (sys::path::filename(I->path()).equals_insensitive(Name))
      return I->path();
  return "";
}

bool isDir(StringRef P) { return !P.empty() && sys::fs::is_directory(P); }

/// "10.0.22000.0" -> {10, 0, 22000, 0} for ordering versions.
std::vector<unsigned> versionKey(StringRef Name) {
  std::vector<unsigned> Key;
  SmallVector<StringRef, 4> Parts;
  Name.split(Parts, '.');
  for (StringRef P : Parts) {
    unsigned V = 0;
    P.getAsInteger(10, V);
    Key.push_back(V);
  }
  return Key;
}

/// The highest-versioned subfolder of Include that has a km folder.
std::string newestVersion(StringRef Include) {
  std::string Best;
  std::error_code EC;
  for (sys::fs::directory_iterator I(Include, EC), E; !EC && I != E;
       I.increment(EC)) {
    if (!isDir(child(I->path(), "km")))
      continue;
    if (Best.empty() || versionKey(sys::path::filename(Best)) <
                            versionKey(sys::path::filename(I->path())))
      Best = I->path();
  }
  return Best;
}

/// WDK_NTDDI_VERSION as sdkddkver.h defines it (a name or a number).
unsigned long long wdkNtddi(StringRef Shared) {
  std::string Header = child(Shared, "sdkddkver.h");
  if (Header.empty())
    return 0;
  auto Buf = MemoryBuffer::getFile(Header);
  if (!Buf)
    return 0;
  std::map<std::string, std::string> Defines;
  SmallVector<StringRef, 0> Lines;
  (*Buf)->getBuffer().split(Lines, '\n');
  for (StringRef L : Lines) {
    L = L.trim();
    if (!L.consume_front("#"))
      continue;
    L = L.ltrim();
    if (!L.consume_front("define"))
      continue;
    auto [Name, Value] = L.trim().split(' ');
    Value = Value.split("//").first.trim();
    if (!Name.contains('('))
      Defines.emplace(Name.str(), Value.str());
  }
  std::string V = Defines["WDK_NTDDI_VERSION"];
  for (int I = 0; I < 4 && Defines.count(V); ++I)
    V = Defines[V];
  return msbuildNumber(V).value_or(0);
}

} // namespace

bool locateWdk(StringRef DirIn, WdkLayout &Out, std::string &Error) {
  std::string Dir = DirIn.str();
  if (Dir.empty()) {
    std::optional<std::string> Env = sys::Process::GetEnv("WDK_ROOT");
    if (!Env || Env->empty()) {
      Error = "--wdk: no folder given and WDK_ROOT is not set";
      return false;
    }
    Dir = *Env;
  }
  SmallString<256> Abs(Dir);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  if (!sys::fs::is_directory(Abs)) {
    Error = ("WDK folder '" + Abs + "' does not exist").str();
    return false;
  }
  // Include/<version>, Include, or the kit root.
  std::string Versioned;
  if (isDir(child(Abs, "km")))
    Versioned = std::string(Abs);
  else if (std::string V = newestVersion(Abs); !V.empty())
    Versioned = V;
  else if (std::string Inc = child(Abs, "Include"); isDir(Inc))
    Versioned = newestVersion(Inc);
  if (Versioned.empty()) {
    Error = ("WDK folder '" + Abs +
             "' has no km header folder (expected Include/<version>/km, "
             "as in Windows Kits/10)")
                .str();
    return false;
  }
  Out.IncludeDir = Versioned;
  Out.Version = sys::path::filename(Versioned).str();
  StringRef IncludeFolder = sys::path::parent_path(Versioned);
  if (sys::path::filename(IncludeFolder).equals_insensitive("Include"))
    Out.KitRoot = sys::path::parent_path(IncludeFolder).str();
  Out.Km = child(Versioned, "km");
  Out.KmCrt = child(Out.Km, "crt");
  if (!isDir(Out.KmCrt))
    Out.KmCrt.clear();
  Out.Shared = child(Versioned, "shared");
  if (!isDir(Out.Shared)) {
    Error = "WDK folder '" + Versioned +
            "' has km but no shared header folder (the SDK's shared "
            "headers: driverspecs.h, sdkddkver.h, ...)";
    return false;
  }
  // Include/wdf/kmdf/1.N beside the version folders.
  std::string Kmdf = child(child(IncludeFolder, "wdf"), "kmdf");
  std::error_code EC;
  if (isDir(Kmdf))
    for (sys::fs::directory_iterator I(Kmdf, EC), E; !EC && I != E;
         I.increment(EC)) {
      auto [Major, Minor] = sys::path::filename(I->path()).split('.');
      unsigned N;
      if (Major == "1" && !Minor.getAsInteger(10, N) && isDir(I->path()))
        Out.Kmdf[N] = I->path();
    }
  Out.Ntddi = wdkNtddi(Out.Shared);
  return true;
}

} // namespace ndischeck
