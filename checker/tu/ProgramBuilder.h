//===- ProgramBuilder.h - A function body to its FunctionProgram -*- C++
//-*-===//
//
// One walk over the function's CFG: every reachable DDI call and call of a
// driver function becomes a step (the caller of build() records the call
// itself in the summary and returns its index), every assignment to a
// boolean the function branches on becomes a step, and every two-way branch
// says what it tests. Blocks with nothing in them are skipped over, so a
// long function without locks or flags is a handful of blocks.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_PROGRAMBUILDER_H
#define NDISCHECK_PROGRAMBUILDER_H

#include "db/ContractDb.h"
#include "summary/FunctionProgram.h"
#include "tu/BodyStatements.h"
#include "tu/BranchConditions.h"
#include "tu/DdiCallResolver.h"
#include "tu/FunctionCfg.h"
#include "tu/SalAnnotations.h"
#include "tu/ValuePaths.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <string>

namespace ndischeck {

class ProgramBuilder {
public:
  /// Records a call in the summary; returns its index (DdiCalls / Calls).
  struct Recorder {
    std::function<unsigned(const clang::CallExpr *, const ResolvedDdi &)> Ddi;
    std::function<unsigned(const clang::CallExpr *,
                           const clang::FunctionDecl *Callee)>
        Call;
  };

  ProgramBuilder(const ContractDb &Db, const DdiCallResolver &Resolver,
                 const SalAnnotationIndex &Sal, clang::ASTContext &Ctx,
                 FunctionCfg &Cfgs)
      : Db(Db), Resolver(Resolver), Sal(Sal), Ctx(Ctx), Cfgs(Cfgs),
        Paths(Ctx, [this](const clang::CallExpr *CE) { return callValue(CE); }),
        Conditions(Db, Resolver, Ctx, Paths) {}

  /// Stmts: what the walk of FD's body collected.
  FunctionProgram build(const clang::FunctionDecl *FD,
                        const BodyStatements &Stmts, const Recorder &Rec);

  /// What the function being built says of its locals (constants kept in
  /// one, parameters never written); valid while the Recorder is called.
  const BranchConditions &conditions() const { return Conditions; }

  /// Whether a call is to a function of the driver (not a DDI, a builtin
  /// or something declared in a system header). With MaybePlatform, also a
  /// function declared only in a header included with `<...>`, which is
  /// the driver's only if the driver defines it (*MaybePlatform set).
  const clang::FunctionDecl *driverCallee(const clang::CallExpr *CE,
                                          bool *MaybePlatform = nullptr) const;

private:
  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  const SalAnnotationIndex &Sal;
  clang::ASTContext &Ctx;
  FunctionCfg &Cfgs;
  ValuePaths Paths;
  BranchConditions Conditions;
  /// The calls recorded so far in this function, by expression.
  llvm::DenseMap<const clang::CallExpr *, ProgValue> CallValues;

  const clang::FunctionDecl *Fn = nullptr;

  /// An argument of a function the database does not model: what it may
  /// keep is a typed pointer or a context.
  ProgArg platformArgument(const clang::CallExpr *CE,
                           const clang::FunctionDecl *Direct, unsigned I) const;
  /// Where `x = Call(...)` / `T x = Call(...)` stores a call's result.
  llvm::DenseMap<const clang::CallExpr *, const clang::Expr *> ResultLhs;
  llvm::DenseMap<const clang::CallExpr *, const clang::VarDecl *> ResultVar;

  /// A slot name with its root written as "$<param>" for a parameter and
  /// "@<name>" for a global, so the link step can tell what a caller sees.
  std::string rooted(const std::string &Key, const clang::Expr *E) const;
  std::string valueKey(const clang::Expr *E) const;
  std::string pointeeSlot(const clang::Expr *PointerExpr) const;

  ProgIrqlOp ddiOp(const clang::CallExpr *CE, const ResolvedDdi &R) const;
  ProgIrqlOp salOp(const clang::CallExpr *CE,
                   const clang::FunctionDecl *Callee) const;
  std::optional<ProgValue> callValue(const clang::CallExpr *CE) const;
  ProgArg argument(const clang::Expr *A, bool Keeps) const;
  void addCall(const clang::CallExpr *CE, const Recorder &Rec,
               std::vector<ProgStep> &Steps);
  void addStmt(const clang::Stmt *S, const Recorder &Rec,
               std::vector<ProgStep> &Steps);
  void addUse(const clang::Expr *Pointer, clang::SourceLocation Loc,
              std::vector<ProgStep> &Steps) const;
  void addAssign(const clang::Expr *Lhs, const clang::Expr *Rhs,
                 clang::SourceLocation Loc, std::vector<ProgStep> &Steps) const;
  void setAtom(const clang::VarDecl *VD, const clang::Expr *Value,
               std::vector<ProgStep> &Steps) const;
};

/// The condition a CFG block's two-way branch tests (for `a && b` the
/// operand evaluated in that block), or null.
const clang::Expr *branchCondition(const clang::CFGBlock *B);

} // namespace ndischeck

#endif
