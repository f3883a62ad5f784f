//===- ExprKeys.cpp - Naming lvalues and reading constant arguments
//--------===//

#include "tu/ExprKeys.h"

#include "clang/AST/Decl.h"

using namespace clang;

namespace ndischeck {

std::string lvalueKey(const Expr *E) {
  if (!E)
    return "";
  E = E->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl()->getNameAsString();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    // `P->F` and `(*P).F` name the same object.
    std::string Base =
        ME->isArrow() ? pointeeKey(ME->getBase()) : lvalueKey(ME->getBase());
    if (Base.empty())
      return "";
    return Base + "." + ME->getMemberDecl()->getNameAsString();
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointeeKey(UO->getSubExpr());
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string Base = lvalueKey(ASE->getBase());
    return Base.empty() ? "" : Base + "[]";
  }
  return "";
}

std::string pointeeKey(const Expr *PointerExpr) {
  if (!PointerExpr)
    return "";
  const Expr *E = PointerExpr->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      return lvalueKey(UO->getSubExpr());
  std::string Inner = lvalueKey(E);
  return Inner.empty() ? "" : "*" + Inner;
}

const VarDecl *localVariable(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  if (!DRE)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

const Expr *addressOperand(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  return UO->getSubExpr()->IgnoreParens();
}

/// Whether E reads a variable the constant evaluator cannot read (neither
/// const nor constexpr): most operands and arguments the analyses ask
/// about, answered without setting an evaluation up.
static bool readsMutableVariable(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || VD->isConstexpr())
    return false;
  QualType T = VD->getType().getCanonicalType();
  // An array decays to its address without being read.
  return !T.isConstQualified() && !T->isArrayType();
}

std::optional<int64_t> constantValue(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  // What Clang's evaluator gives for these, without it.
  if (const auto *IL = dyn_cast<IntegerLiteral>(E->IgnoreParens()))
    return llvm::APSInt(IL->getValue(),
                        IL->getType()->isUnsignedIntegerOrEnumerationType())
        .getExtValue();
  if (readsMutableVariable(E))
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().getExtValue();
}

} // namespace ndischeck
