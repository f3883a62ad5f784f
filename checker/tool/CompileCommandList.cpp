//===- CompileCommandList.cpp - Compile commands held in memory -----------===//

#include "CompileCommandList.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using clang::tooling::CompileCommand;

namespace ndischeck {

namespace {

std::string absolute(StringRef Dir, StringRef File) {
  SmallString<256> P(File);
  if (!sys::path::is_absolute(P)) {
    P = Dir;
    sys::path::append(P, File);
  }
  sys::fs::make_absolute(P);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

} // namespace

std::unique_ptr<CompileCommandList> CompileCommandList::from(
    const clang::tooling::CompilationDatabase &Db,
    const std::function<std::vector<std::string>(ArrayRef<std::string>)>
        &Adjust) {
  std::vector<CompileCommand> Out;
  for (CompileCommand C : Db.getAllCompileCommands()) {
    C.CommandLine = Adjust(C.CommandLine);
    Out.push_back(std::move(C));
  }
  return std::make_unique<CompileCommandList>(std::move(Out));
}

std::vector<CompileCommand>
CompileCommandList::getCompileCommands(StringRef FilePath) const {
  std::string Want = absolute("", FilePath);
  std::vector<CompileCommand> Out;
  for (const CompileCommand &C : Commands)
    if (absolute(C.Directory, C.Filename) == Want)
      Out.push_back(C);
  return Out;
}

std::vector<std::string> CompileCommandList::getAllFiles() const {
  std::vector<std::string> Out;
  for (const CompileCommand &C : Commands) {
    std::string F = absolute(C.Directory, C.Filename);
    if (std::find(Out.begin(), Out.end(), F) == Out.end())
      Out.push_back(std::move(F));
  }
  return Out;
}

std::string CompileCommandList::toJson() const {
  json::Array Entries;
  for (const CompileCommand &C : Commands) {
    json::Array Args;
    for (const std::string &A : C.CommandLine)
      Args.push_back(A);
    Entries.push_back(json::Object{{"directory", C.Directory},
                                   {"file", C.Filename},
                                   {"arguments", std::move(Args)}});
  }
  std::string S;
  raw_string_ostream OS(S);
  OS << formatv("{0:2}", json::Value(std::move(Entries))) << "\n";
  return S;
}

} // namespace ndischeck
