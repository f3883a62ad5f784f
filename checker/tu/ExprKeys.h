//===- ExprKeys.h - Naming lvalues and reading constant arguments -*- C++
//-*-===//
//
// The IRQL analysis remembers saved IRQLs in "slots" named by the lvalue that
// holds them (`OldIrql`, `Adapter->Lock`), so a save through `&OldIrql` and a
// restore from `OldIrql` meet in the same slot whatever macros produced them.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_EXPRKEYS_H
#define NDISCHECK_EXPRKEYS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <optional>
#include <string>

namespace ndischeck {

/// A stable textual name of the lvalue E denotes, or "" when E is not a
/// simple access path (variables, members, dereferences).
std::string lvalueKey(const clang::Expr *E);

/// The name of the object a pointer expression points to: `&X` names X,
/// any other pointer P names `*P`. "" when unknown.
std::string pointeeKey(const clang::Expr *PointerExpr);

/// The local (automatic) variable E names, through parentheses and casts,
/// or null.
const clang::VarDecl *localVariable(const clang::Expr *E);

/// For `&X` (through casts): X without parentheses; else null.
const clang::Expr *addressOperand(const clang::Expr *E);

/// E's value when it is an integer constant expression.
std::optional<int64_t> constantValue(const clang::Expr *E,
                                     const clang::ASTContext &Ctx);

} // namespace ndischeck

#endif
