//===- DdiCallResolver.h - Which DDI a call expression is -------*- C++ -*-===//
//
// In the WDK several DDIs are macros (NdisAcquireSpinLock expands to
// KeAcquireSpinLock, then to KeAcquireSpinLockRaiseToDpc on x64), in other
// headers they are functions. A call is recognised by the outermost macro
// name spelled at the call site that the database knows, and by the function
// finally called; the argument semantics come from the entry that matches
// the call's actual arguments.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_DDICALLRESOLVER_H
#define NDISCHECK_DDICALLRESOLVER_H

#include "db/ContractDb.h"

#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace ndischeck {

struct ResolvedDdi {
  /// The entry whose parameters describe the CallExpr's arguments.
  const DdiInfo *Semantics = nullptr;
  /// The entry named at the call site (for limits and messages).
  const DdiInfo *Spelled = nullptr;

  explicit operator bool() const { return Semantics != nullptr; }
  /// The argument for a parameter of the semantics entry, or null.
  const clang::Expr *arg(const clang::CallExpr *CE,
                         std::string_view Param) const;
};

class DdiCallResolver {
public:
  DdiCallResolver(const ContractDb &Db, const clang::SourceManager &SM,
                  const clang::LangOptions &LO)
      : Db(Db), SM(SM), LO(LO) {}

  /// Memoised: every analysis asks about the same calls.
  ResolvedDdi resolve(const clang::CallExpr *CE) const;

private:
  ResolvedDdi resolveUncached(const clang::CallExpr *CE) const;
  mutable llvm::DenseMap<const clang::CallExpr *, ResolvedDdi> Cache;
  const ContractDb &Db;
  const clang::SourceManager &SM;
  const clang::LangOptions &LO;
};

} // namespace ndischeck

#endif
