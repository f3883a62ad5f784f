//===- ProjectInputs.cpp - Compile commands from a project and a WDK ------===//

#include "ProjectInputs.h"

#include "CompileCommandList.h"
#include "VcxprojImport.h"
#include "WdkLayout.h"
#include "WdkOverlay.h"

#include "summary/AtomicFile.h"

#include "clang/Tooling/CommonOptionsParser.h"

using namespace llvm;
using namespace clang::tooling;

namespace ndischeck {

std::unique_ptr<CompilationDatabase>
prepareProjectInputs(std::unique_ptr<CompilationDatabase> Db,
                     ArrayRef<std::string> Files, const ProjectInputOptions &O,
                     ReportFn Error, ReportFn Note) {
  std::optional<WdkLayout> Wdk;
  if (O.Wdk) {
    std::string Err;
    Wdk.emplace();
    if (!locateWdk(*O.Wdk, *Wdk, Err)) {
      Error(Err);
      return nullptr;
    }
  }

  std::vector<std::string> TraceFunctions;
  if (!O.Vcxproj.empty()) {
    VcxprojOptions V;
    V.Configuration = O.Configuration;
    V.Platform = O.Platform;
    V.SolutionDir = O.SolutionDir;
    V.Wdk = Wdk ? &*Wdk : nullptr;
    std::vector<CompileCommand> All;
    for (const std::string &Project : O.Vcxproj) {
      ImportedProject P;
      std::string Err;
      if (!importVcxproj(Project, V, P, Err)) {
        Error(Err);
        return nullptr;
      }
      for (const std::string &N : P.Notes)
        Note(N);
      TraceFunctions.insert(TraceFunctions.end(), P.WppTraceFunctions.begin(),
                            P.WppTraceFunctions.end());
      std::move(P.Commands.begin(), P.Commands.end(), std::back_inserter(All));
    }
    Db = std::make_unique<CompileCommandList>(std::move(All));
  }

  // The commands of the files named (flags after "--" name no files).
  auto Commands = [&] {
    std::vector<CompileCommand> C = Db->getAllCompileCommands();
    if (C.empty())
      for (const std::string &F : Files)
        for (CompileCommand &X : Db->getCompileCommands(F))
          C.push_back(std::move(X));
    return C;
  };

  if (Wdk) {
    auto Overlay = std::make_shared<WdkOverlay>();
    std::string Err;
    if (!Overlay->prepare(*Wdk, Commands(), TraceFunctions, O.OverlayRoot,
                          Err)) {
      Error(Err);
      return nullptr;
    }
    for (const std::string &N : Overlay->notes())
      Note(N);
    auto Adjusted =
        std::make_unique<ArgumentsAdjustingCompilations>(std::move(Db));
    Adjusted->appendArgumentsAdjuster(
        [Overlay](const CommandLineArguments &C, StringRef) {
          return Overlay->adjust(C);
        });
    Db = std::move(Adjusted);
  }

  if (!O.ExportFile.empty()) {
    CompileCommandList List(Commands());
    std::string Err;
    if (!writeFileAtomically(O.ExportFile, List.toJson(), Err)) {
      Error(Err);
      return nullptr;
    }
  }
  return Db;
}

} // namespace ndischeck
