//===- PathMap.cpp - A Windows compile database read on Linux -------------===//

#include "PathMap.h"

#include "WindowsPath.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace ndischeck {

namespace {

bool sameSeparator(char A, char B) {
  auto Norm = [](char C) { return C == '\\' ? '/' : tolower(C); };
  return Norm(A) == Norm(B);
}

/// Whether Path starts with Prefix as a whole path component.
bool hasPrefix(StringRef Path, StringRef Prefix) {
  if (Prefix.empty() || Path.size() < Prefix.size())
    return false;
  for (size_t I = 0; I < Prefix.size(); ++I)
    if (!sameSeparator(Path[I], Prefix[I]))
      return false;
  return Path.size() == Prefix.size() || Path[Prefix.size()] == '\\' ||
         Path[Prefix.size()] == '/' || Prefix.ends_with("\\") ||
         Prefix.ends_with("/");
}

/// An argument with a mapped path in it: the whole argument (a file), or
/// after an option's name (/IC:\src\inc, -IC:\src\inc, /FoC:\out\a.obj).
std::string mapArgument(StringRef Arg, ArrayRef<PathMapping> Maps) {
  if (std::optional<std::string> P = mapPath(Arg, Maps))
    return *P;
  if (Arg.size() > 1 && (Arg[0] == '/' || Arg[0] == '-'))
    for (size_t Cut = 2; Cut < Arg.size() && Cut <= 12; ++Cut)
      if (std::optional<std::string> P = mapPath(Arg.drop_front(Cut), Maps))
        return Arg.take_front(Cut).str() + *P;
  return Arg.str();
}

} // namespace

std::optional<PathMapping> parsePathMapping(StringRef Spec,
                                            std::string &Error) {
  size_t Eq = Spec.rfind('=');
  if (Eq == StringRef::npos || Eq == 0 || Eq + 1 == Spec.size()) {
    Error = "--path-map '" + Spec.str() +
            "': expected WINDOWS-PREFIX=LOCAL-FOLDER, e.g. 'C:\\src=/work/src'";
    return std::nullopt;
  }
  return PathMapping{Spec.take_front(Eq).str(), Spec.drop_front(Eq + 1).str()};
}

std::optional<std::string> mapPath(StringRef Path, ArrayRef<PathMapping> Maps) {
  for (const PathMapping &M : Maps) {
    if (!hasPrefix(Path, M.From))
      continue;
    std::string Rest = Path.drop_front(M.From.size()).str();
    std::replace(Rest.begin(), Rest.end(), '\\', '/');
    std::string To = M.To;
    if (!Rest.empty() && Rest.front() != '/' && !StringRef(To).ends_with("/"))
      To += "/";
    // The file in the letter case this file system has it.
    return resolveWindowsPath(To + Rest, "");
  }
  return std::nullopt;
}

std::optional<std::string>
applyPathMap(StringRef Json, ArrayRef<PathMapping> Maps, std::string &Error) {
  Expected<json::Value> Doc = json::parse(Json);
  if (!Doc) {
    Error = toString(Doc.takeError());
    return std::nullopt;
  }
  json::Array *Entries = Doc->getAsArray();
  if (!Entries) {
    Error = "expected an array of compile commands";
    return std::nullopt;
  }
  bool Changed = false;
  size_t Index = 0;
  for (json::Value &V : *Entries) {
    ++Index;
    json::Object *E = V.getAsObject();
    if (!E)
      continue; // the loader reports it
    auto IsWindows = [&](StringRef Key) {
      std::optional<StringRef> S = E->getString(Key);
      return S && isWindowsAbsolute(*S);
    };
    // An entry made on Linux without a mapped path stays as it is.
    bool WindowsMade = IsWindows("directory") || IsWindows("file");
    if (!WindowsMade && Maps.empty())
      continue;
    Changed = true;
    for (StringRef Key : {"directory", "file", "output"})
      if (std::optional<StringRef> S = E->getString(Key))
        if (std::optional<std::string> P = mapPath(*S, Maps))
          (*E)[Key] = *P;
    for (StringRef Key : {"directory", "file"})
      if (IsWindows(Key)) {
        Error = "entry " + std::to_string(Index) + ": " + Key.str() + " '" +
                E->getString(Key)->str() +
                "' is a Windows path; say where it is here with --path-map "
                "'WINDOWS-FOLDER=LOCAL-FOLDER'";
        return std::nullopt;
      }
    std::vector<std::string> Args;
    std::optional<StringRef> Command = E->getString("command");
    if (Command && WindowsMade) {
      // A command made on Windows is split by Windows' rules: backslashes
      // in paths are not escapes.
      BumpPtrAllocator A;
      StringSaver Saver(A);
      SmallVector<const char *, 64> Argv;
      cl::TokenizeWindowsCommandLineFull(*Command, Saver, Argv);
      Args.assign(Argv.begin(), Argv.end());
      E->erase("command");
    } else if (Command) {
      BumpPtrAllocator A;
      StringSaver Saver(A);
      SmallVector<const char *, 64> Tokens;
      cl::TokenizeGNUCommandLine(*Command, Saver, Tokens);
      Args.assign(Tokens.begin(), Tokens.end());
      E->erase("command");
    } else if (const json::Array *Arr = E->getArray("arguments")) {
      for (const json::Value &A : *Arr)
        if (std::optional<StringRef> S = A.getAsString())
          Args.push_back(S->str());
    }
    for (std::string &A : Args)
      A = mapArgument(A, Maps);
    // clang-cl reads "/work/src/a.c" as the option /wo with a value: a
    // source file goes after "--", where nothing is an option.
    std::optional<StringRef> File = E->getString("file");
    bool Cl = !Args.empty() &&
              (sys::path::stem(Args[0]).equals_insensitive("cl") ||
               sys::path::stem(Args[0]).starts_with_insensitive("clang-cl") ||
               llvm::is_contained(Args, "--driver-mode=cl"));
    if (Cl && File && !llvm::is_contained(Args, "--")) {
      size_t Before = Args.size();
      llvm::erase_if(Args, [&](const std::string &A) { return A == *File; });
      if (Args.size() != Before) {
        Args.push_back("--");
        Args.push_back(File->str());
      }
    }
    json::Array Mapped;
    for (const std::string &A : Args)
      Mapped.push_back(A);
    (*E)["arguments"] = std::move(Mapped);
  }
  if (!Changed)
    return Json.str();
  std::string Out;
  raw_string_ostream OS(Out);
  OS << formatv("{0:2}", *Doc);
  return Out;
}

} // namespace ndischeck
