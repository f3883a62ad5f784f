//===- FunctionCfg.h - One CFG per function, shared by the analyses -*- C++
//-*-===//
//
// The IRQL flow, provenance and resource pairing all walk the same CFG of
// the function being summarised. Building it is a sizeable part of a run, so
// the function's CFG is built once, on the first request, and kept until the
// next function.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_FUNCTIONCFG_H
#define NDISCHECK_FUNCTIONCFG_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Analysis/CFG.h"

#include <memory>

namespace ndischeck {

class FunctionCfg {
public:
  explicit FunctionCfg(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The CFG of FD's body, every expression an element (AllAlwaysAdd), or
  /// null when Clang cannot build one.
  const clang::CFG *get(const clang::FunctionDecl *FD) {
    if (FD != For) {
      For = FD;
      clang::CFG::BuildOptions Opts;
      Opts.setAllAlwaysAdd();
      // Scope ends, so the resource analysis sees a local's last reference
      // go (and a function of many blocks keeps a small state).
      Opts.AddLifetime = true;
      G = FD->getBody() ? clang::CFG::buildCFG(FD, FD->getBody(), &Ctx, Opts)
                        : nullptr;
    }
    return G.get();
  }

private:
  clang::ASTContext &Ctx;
  const clang::FunctionDecl *For = nullptr;
  std::unique_ptr<clang::CFG> G;
};

} // namespace ndischeck

#endif
