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
             const NdisVersionFacts &Version)
      : Db(Db), Ctx(Ctx), Version(Version) {}

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

  Finding make(const char *Rule, clang::SourceLocation Loc, std::string Message,
               const clang::FunctionDecl *Caller) const;
  void checkTag(const clang::CallExpr *CE, const ResolvedDdi &R,
                const clang::FunctionDecl *Caller,
                std::vector<Finding> &Out) const;
  void checkHighestAddress(const clang::CallExpr *CE, const ResolvedDdi &R,
                           const clang::FunctionDecl *Caller,
                           std::vector<Finding> &Out) const;
  void checkMemoryFlags(const clang::CallExpr *CE, const ResolvedDdi &R,
                        const clang::FunctionDecl *Caller,
                        const std::string &CallerKey, std::vector<Finding> &Out,
                        std::vector<ParamArgUse> &Deferred) const;
  /// An integer argument's value: a constant, or a local of Caller whose
  /// constant initialiser nothing overwrites (From: that local).
  std::optional<int64_t> argumentValue(const clang::Expr *Arg,
                                       const clang::FunctionDecl *Caller,
                                       const clang::VarDecl *&From) const;
};

/// Names of the bits of Mask set in Value, joined by " | ".
std::string flagNames(const ContractDb &Db, const FlagTest &T, uint64_t Value);

} // namespace ndischeck

#endif
