//===- ValuePaths.h - Expressions as the resource analysis names them -*- C++
//-*-//
//
// The resource analysis follows pointers through locals, parameters,
// globals and struct fields. It names an lvalue by a path from its root
// ("Adapter->RxRing", "$0->Name.Buffer", "@Head", "Out*") and reads a
// pointer expression as a ProgValue: NULL, a path's value, an address into
// an object (`&Wrap->Request`, pointer arithmetic, CONTAINING_RECORD), or a
// call's result. Casts do not change what a pointer points to.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_VALUEPATHS_H
#define NDISCHECK_VALUEPATHS_H

#include "summary/FunctionProgram.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <functional>
#include <string>

namespace ndischeck {

class ValuePaths {
public:
  /// The index of a call already recorded in the program, by kind.
  using CallIndex =
      std::function<std::optional<ProgValue>(const clang::CallExpr *)>;

  ValuePaths(clang::ASTContext &Ctx, CallIndex Calls)
      : Ctx(Ctx), Calls(std::move(Calls)) {}

  /// The path of an lvalue, or "" when it is not one the analysis follows.
  std::string pathOf(const clang::Expr *E) const;
  /// An rvalue read as a pointer or status value.
  ProgValue valueOf(const clang::Expr *E) const;

private:
  clang::ASTContext &Ctx;
  CallIndex Calls;
};

/// Whether a type is a pointer (or an array, which decays to one).
bool isPointerLike(clang::QualType T);

} // namespace ndischeck

#endif
