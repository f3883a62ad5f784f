//===- LocalRules.h - Rules one call proves on its own ----------*- C++ -*-===//
//
// ndis-tag, ndis-highest-address, ndis-memory-flags and ndis-ndis5-only need
// nothing but the call, its constant arguments and the translation unit's
// NDIS version. Each reads the parameter roles of the database entry, so a
// new DDI with a "tag" parameter is checked without new code.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_LOCALRULES_H
#define NDISCHECK_LOCALRULES_H

#include "db/ContractDb.h"
#include "report/Finding.h"
#include "summary/Summary.h"
#include "tu/BranchConditions.h"
#include "tu/DdiCallResolver.h"

#include "clang/AST/ASTContext.h"

#include <string>
#include <vector>

namespace ndischeck {

/// What makes a translation unit an NDIS 6 driver, if anything.
struct NdisVersionFacts {
  bool Ndis6 = false;
  std::string Macro; ///< the macro that says so
  SourcePoint MacroLoc;
};

class LocalRules {
public:
  LocalRules(const ContractDb &Db, clang::ASTContext &Ctx,
             const NdisVersionFacts &Version, const BranchConditions &Locals)
      : Db(Db), Ctx(Ctx), Version(Version), Locals(Locals) {}

  /// Findings the call proves on its own into Out; arguments that are
  /// Caller's parameters, for the link step to check, into Deferred.
  void check(const clang::CallExpr *CE, const ResolvedDdi &R,
             const clang::FunctionDecl *Caller, const std::string &CallerKey,
             std::vector<Finding> &Out,
             std::vector<ParamArgUse> &Deferred) const;

private:
  const ContractDb &Db;
  clang::ASTContext &Ctx;
  const NdisVersionFacts &Version;
  /// The calling function's locals: constants kept in one, parameters
  /// never written, and the statements that write them (computed once per
  /// function by ProgramBuilder).
  const BranchConditions &Locals;

  Finding make(const char *Rule, clang::SourceLocation Loc, std::string Message,
               const clang::FunctionDecl *Caller) const;
  /// The trace step for a value a local's initialiser gave (From may be
  /// null: nothing to add).
  void addInitialisedAt(Finding &F, const clang::VarDecl *From) const;
  void checkTag(const clang::CallExpr *CE, const ResolvedDdi &R,
                const clang::FunctionDecl *Caller,
                std::vector<Finding> &Out) const;
  void checkHighestAddress(const clang::CallExpr *CE, const ResolvedDdi &R,
                           const clang::FunctionDecl *Caller,
                           const std::string &CallerKey,
                           std::vector<Finding> &Out,
                           std::vector<ParamArgUse> &Deferred) const;
  /// Arg is Caller's parameter, never written: the link step checks the
  /// values Caller's callers pass for it as DdiParam.
  void deferParameter(const clang::Expr *Arg, const ResolvedDdi &R,
                      const std::string &DdiParam,
                      const clang::FunctionDecl *Caller,
                      const std::string &CallerKey,
                      std::vector<ParamArgUse> &Deferred) const;
  void checkMemoryFlags(const clang::CallExpr *CE, const ResolvedDdi &R,
                        const clang::FunctionDecl *Caller,
                        const std::string &CallerKey, std::vector<Finding> &Out,
                        std::vector<ParamArgUse> &Deferred) const;
};

/// The 64-bit value of a PHYSICAL_ADDRESS argument: a constant, a local's
/// initialiser (From), or constants written to its QuadPart or to both
/// halves (SetBy, NdisSetPhysicalAddressLow/High) that all agree, read in
/// the function's BodyStmts (BranchConditions::bodyStmts).
std::optional<int64_t>
physicalAddressOf(const clang::Expr *Arg,
                  llvm::ArrayRef<const clang::Stmt *> BodyStmts,
                  clang::ASTContext &Ctx, const clang::VarDecl **From = nullptr,
                  const clang::BinaryOperator **SetBy = nullptr);

/// Names of the bits of Mask set in Value, joined by " | ".
std::string flagNames(const ContractDb &Db, const FlagTest &T, uint64_t Value);

} // namespace ndischeck

#endif
