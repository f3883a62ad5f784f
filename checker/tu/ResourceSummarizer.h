//===- ResourceSummarizer.h - Provenance and pairing for one TU -*- C++ -*-===//
//
// The per-function entry point of the provenance and resource analyses, so
// that the TU summariser makes one call per function: provenance facts go
// into the summary for the link step (ResourceLink), path findings (leak,
// double free, unchecked failure) into its local findings.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_RESOURCESUMMARIZER_H
#define NDISCHECK_RESOURCESUMMARIZER_H

#include "tu/Provenance.h"
#include "tu/ResourceFlow.h"

namespace ndischeck {

class ResourceSummarizer {
public:
  ResourceSummarizer(const ContractDb &Db, const DdiCallResolver &Resolver,
                     clang::ASTContext &Ctx, FunctionCfg &Cfgs,
                     Provenance::KeyFn KeyOf)
      : Prov(Db, Resolver, Ctx, Cfgs, std::move(KeyOf)),
        Flow(Db, Resolver, Ctx, Cfgs) {}

  void summarize(const clang::FunctionDecl *FD, TuSummary &Out) {
    Prov.summarize(FD, Out);
    Flow.run(FD, Out.LocalFindings);
  }

private:
  Provenance Prov;
  ResourceFlow Flow;
};

} // namespace ndischeck

#endif
