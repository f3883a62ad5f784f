//===- BranchConditions.h - What a condition says about the IRQL -*- C++
//-*-===//
//
// Drivers pick NdisDprAcquireSpinLock or NdisAcquireSpinLock by the
// dispatch-level flag of a send, receive or return handler, by a BOOLEAN
// that holds that flag (in a local or a helper's parameter), by a constant
// FALSE from a PASSIVE_LEVEL caller, or by KeGetCurrentIrql(). This reads a
// branch condition (or a boolean argument) as one of those, so the link step
// can follow both branches with what each one implies.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_BRANCHCONDITIONS_H
#define NDISCHECK_BRANCHCONDITIONS_H

#include "db/ContractDb.h"
#include "summary/FunctionProgram.h"
#include "tu/DdiCallResolver.h"
#include "tu/ValuePaths.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <vector>

namespace ndischeck {

class BranchConditions {
public:
  BranchConditions(const ContractDb &Db, const DdiCallResolver &Resolver,
                   clang::ASTContext &Ctx, const ValuePaths &Paths)
      : Db(Db), Resolver(Resolver), Ctx(Ctx), Paths(Paths) {}

  /// Starts a function: its atoms are the integral parameters and locals
  /// that some branch condition of the body tests (Conditions), except
  /// those that hold a call's result (Results): a status is tested as a
  /// status, and a call's boolean is unknown anyway. BodyStmts are the
  /// body's calls, declarations, assignments, increments, decrements and
  /// `&x`, last statement first and each before what it contains: a local
  /// is read as an earlier one only when that one's write came first in this
  /// order.
  void beginFunction(const clang::FunctionDecl *FD,
                     const std::vector<const clang::Expr *> &Conditions,
                     const llvm::DenseSet<const clang::VarDecl *> &Results,
                     std::vector<const clang::Stmt *> BodyStmts);
  /// The current function's BodyStmts, in their order.
  llvm::ArrayRef<const clang::Stmt *> bodyStmts() const { return Stmts; }
  const std::vector<ProgAtom> &atoms() const { return Atoms; }
  /// The atom a variable is, or -1.
  int atomOf(const clang::VarDecl *VD) const;

  /// E read as a boolean: first for what it says about the IRQL, then as
  /// a NULL test of a pointer or a success test of a status.
  ProgCond classify(const clang::Expr *E) const;

  /// Whether E is one of the database's dispatch-level flags.
  bool isDispatchFlag(const clang::Expr *E) const;

  /// E's integer value: a constant expression, or a local of the current
  /// function that nothing writes after its constant initialiser (From:
  /// that local, else null).
  std::optional<int64_t> constantOf(const clang::Expr *E,
                                    const clang::VarDecl *&From) const;
  /// Whether the current function never writes VD (a parameter) nor takes
  /// its address.
  bool neverWritten(const clang::VarDecl *VD) const {
    return !Written.contains(VD);
  }

private:
  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  clang::ASTContext &Ctx;
  const ValuePaths &Paths;
  std::vector<ProgAtom> Atoms;
  llvm::DenseMap<const clang::VarDecl *, int> AtomIndex;
  /// Locals that only ever hold KeGetCurrentIrql()'s result (`KIRQL Irql =
  /// KeGetCurrentIrql();`): a test of one is a test of the IRQL.
  llvm::DenseSet<const clang::VarDecl *> IrqlLocals;
  /// Locals written once (`BOOLEAN AtDispatch = NDIS_TEST_...(Flags);`,
  /// `BOOLEAN Dpc = AtDispatch;`): a test of one is a test of its value.
  llvm::DenseMap<const clang::VarDecl *, const clang::Expr *> SingleValue;
  /// Locals and parameters assigned, incremented or address-taken.
  llvm::DenseSet<const clang::VarDecl *> Written;
  std::vector<const clang::Stmt *> Stmts;
  void scanLocals();
  const clang::Expr *singleValue(const clang::VarDecl *VD) const;

  /// The variable a condition tests directly (`x`, `!x`, `x == FALSE`), or
  /// null.
  const clang::VarDecl *testedVariable(const clang::Expr *E) const;
  std::optional<bool> dispatchFlagSense(const clang::Expr *E) const;
  /// For `KeGetCurrentIrql() <op> LEVEL`: the IRQLs that make it true.
  std::optional<IrqlRange> currentIrqlTest(const clang::Expr *E) const;
  bool isCurrentIrqlQuery(const clang::Expr *E) const;
  ProgCond classifyIrql(const clang::Expr *E) const;
  /// `p`, `p != NULL`, `Status == NDIS_STATUS_SUCCESS`, `NT_SUCCESS(s)`...
  ProgCond resourceTest(const clang::Expr *E) const;
};

} // namespace ndischeck

#endif
