//===- IrqlFlow.h - IRQL at every call of a function ------------*- C++ -*-===//
//
// A forward dataflow over Clang's CFG. The state is the IRQL relative to the
// function's entry (see IrqlState), the IRQLs saved by raises and lock
// acquisitions (keyed by the lvalue that keeps them), and the driver states
// (e.g. "dma-registered") established on every path. Joins are unions of
// intervals; a release whose save is not visible goes to "unknown", so the
// engine never guesses a level it cannot see.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_IRQLFLOW_H
#define NDISCHECK_IRQLFLOW_H

#include "db/ContractDb.h"
#include "summary/Summary.h"
#include "tu/DdiCallResolver.h"
#include "tu/FunctionCfg.h"
#include "tu/SalAnnotations.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <string>
#include <vector>

namespace ndischeck {

struct PointState {
  IrqlState Irql;
  std::vector<std::string> States; ///< sorted
};

class IrqlFlow {
public:
  IrqlFlow(const ContractDb &Db, const DdiCallResolver &Resolver,
           const SalAnnotationIndex &Sal, clang::ASTContext &Ctx,
           FunctionCfg &Cfgs)
      : Db(Db), Resolver(Resolver), Sal(Sal), Ctx(Ctx), Cfgs(Cfgs) {}

  using CallStates =
      std::vector<std::pair<const clang::CallExpr *, PointState>>;
  /// The state before each reachable call in FD's body, in source order.
  CallStates run(const clang::FunctionDecl *FD);

  struct State;

private:
  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  const SalAnnotationIndex &Sal;
  clang::ASTContext &Ctx;
  FunctionCfg &Cfgs;

  /// Where `x = Call(...)` / `T x = Call(...)` stores a call's result.
  llvm::DenseMap<const clang::CallExpr *, std::string> ResultSlots;

  bool hasEffect(const clang::CallExpr *CE) const;
  /// Whether E is one of the database's dispatch-level flags.
  bool isDispatchFlag(const clang::Expr *E) const;
  /// For a branch condition that tests a dispatch-level flag: true when the
  /// flag is set on the condition's true branch, false when it is clear.
  std::optional<bool> dispatchFlagSense(const clang::Expr *Cond) const;
  void transfer(const clang::CallExpr *CE, State &S) const;
};

} // namespace ndischeck

#endif
