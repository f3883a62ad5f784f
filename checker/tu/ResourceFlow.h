//===- ResourceFlow.h - Allocation/free pairing along the paths -*- C++ -*-===//
//
// A forward dataflow over Clang's CFG, one function at a time, that follows
// each allocating DDI call (the database's "allocates") through the local
// variables holding its result and its status:
//
//   ndis-leak               a path returns (or overwrites the last local
//                           reference) while the allocation is live and was
//                           neither freed nor stored somewhere longer-lived
//                           (a field, a global, an out parameter, NDIS via an
//                           NDIS_HANDLE context, a helper) nor returned;
//   ndis-double-free        a free DDI reaches an allocation already freed on
//                           the same path;
//   ndis-unchecked-failure  the pointer is dereferenced or passed on before
//                           its NULL / status check.
//
// The branch of the allocation's own check refines the state: on the
// failure branch (`if (Status != NDIS_STATUS_SUCCESS)`, `if (p == NULL)`,
// `if (!p)`) there is nothing to free, and a branch that contradicts what is
// known (`if (p != NULL)` after a failed allocation) is not taken, which is
// what makes goto-cleanup code come out right. Wrong free functions and
// mismatched free arguments are decided from provenance in the link step
// (ResourceLink), where fields and parameters are known too.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_RESOURCEFLOW_H
#define NDISCHECK_RESOURCEFLOW_H

#include "db/ContractDb.h"
#include "report/Finding.h"
#include "tu/DdiCallResolver.h"
#include "tu/FunctionCfg.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace ndischeck {

class ResourceFlow {
public:
  ResourceFlow(const ContractDb &Db, const DdiCallResolver &Resolver,
               clang::ASTContext &Ctx, FunctionCfg &Cfgs)
      : Db(Db), Resolver(Resolver), Ctx(Ctx), Cfgs(Cfgs) {}

  /// Appends FD's leak, double-free and unchecked-failure findings to Out.
  void run(const clang::FunctionDecl *FD, std::vector<Finding> &Out);

private:
  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  clang::ASTContext &Ctx;
  FunctionCfg &Cfgs;
};

} // namespace ndischeck

#endif
