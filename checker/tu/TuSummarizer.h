//===- TuSummarizer.h - One translation unit to a TuSummary -----*- C++ -*-===//
//
// The first phase of a run: parses nothing itself, but turns a parsed AST
// into the facts the link step needs (functions, their roles and SAL
// annotations, calls with the IRQL state at each, role bindings) plus the
// findings a single call proves. Used by the CLI and the clang-tidy module.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TUSUMMARIZER_H
#define NDISCHECK_TUSUMMARIZER_H

#include "db/ContractDb.h"
#include "summary/Summary.h"
#include "tu/SalAnnotations.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/FrontendAction.h"

#include <memory>

namespace clang {
class CompilerInstance;
}

namespace ndischeck {

/// What the preprocessor saw in a precompiled header prefix, which a parse
/// that loads the prefix does not see again (PrefixPch.h).
using PrefixSal = std::shared_ptr<const SalAnnotationIndex::UsesByFile>;

class TuSummarizer {
public:
  TuSummarizer(const ContractDb &Db, TuSummary &Out, PrefixSal Prefix = nullptr)
      : Db(Db), Out(Out) {
    Sal.importUses(std::move(Prefix));
  }

  /// Registers the preprocessor hooks; call before parsing starts.
  void attach(clang::Preprocessor &PP);
  /// Fills the summary from a parsed translation unit.
  void summarize(clang::ASTContext &Ctx, clang::Preprocessor &PP);

private:
  const ContractDb &Db;
  TuSummary &Out;
  SalAnnotationIndex Sal;
};

/// A frontend action that summarises the translation unit it parses.
class SummarizeAction : public clang::ASTFrontendAction {
public:
  SummarizeAction(const ContractDb &Db, TuSummary &Out,
                  PrefixSal Prefix = nullptr)
      : Summarizer(Db, Out, std::move(Prefix)) {}

protected:
  std::unique_ptr<clang::ASTConsumer>
  CreateASTConsumer(clang::CompilerInstance &CI, llvm::StringRef) override;

private:
  TuSummarizer Summarizer;
};

} // namespace ndischeck

#endif
