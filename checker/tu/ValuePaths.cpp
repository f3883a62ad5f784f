//===- ValuePaths.cpp - Expressions as the resource analysis names them ---===//

#include "tu/ValuePaths.h"

#include "tu/ExprKeys.h"

#include "clang/AST/Decl.h"

using namespace clang;

namespace ndischeck {

bool isPointerLike(QualType T) {
  return !T.isNull() && (T->isPointerType() || T->isArrayType());
}

std::string ValuePaths::pathOf(const Expr *E) const {
  if (!E)
    return "";
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return "";
    if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
      return "$" + std::to_string(PVD->getFunctionScopeIndex());
    if (VD->hasLocalStorage())
      return VD->getNameAsString();
    return "@" + VD->getNameAsString();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::string Field = ME->getMemberDecl()->getNameAsString();
    if (Field.empty())
      return "";
    // A member of an anonymous struct or union is named as a member of the
    // record around it (`Hdr->UserData`, not through the unnamed field).
    bool Arrow = ME->isArrow();
    const Expr *BaseExpr = ME->getBase();
    while (!Arrow) {
      const auto *Anon = dyn_cast<MemberExpr>(BaseExpr->IgnoreParenImpCasts());
      const auto *FD =
          Anon ? dyn_cast<FieldDecl>(Anon->getMemberDecl()) : nullptr;
      if (!FD || !FD->isAnonymousStructOrUnion())
        break;
      Arrow = Anon->isArrow();
      BaseExpr = Anon->getBase();
    }
    if (Arrow) {
      // The pointer's value names the object: `((PADAPTER)Ctx)->F` is a
      // field of what Ctx points to.
      ProgValue Base = valueOf(BaseExpr);
      if (Base.K != ProgValue::Read)
        return "";
      return Base.Path + "->" + Field;
    }
    std::string Base = pathOf(BaseExpr);
    return Base.empty() ? "" : Base + "." + Field;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() != UO_Deref)
      return "";
    ProgValue Base = valueOf(UO->getSubExpr());
    return Base.K == ProgValue::Read ? Base.Path + "*" : "";
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = ASE->getBase()->IgnoreParenImpCasts();
    // An array member or variable: its elements are part of it.
    if (Base->getType()->isArrayType()) {
      std::string P = pathOf(Base);
      return P.empty() ? "" : P + "[]";
    }
    ProgValue V = valueOf(ASE->getBase());
    return V.K == ProgValue::Read ? V.Path + "*[]" : "";
  }
  return "";
}

ProgValue ValuePaths::valueOf(const Expr *E) const {
  ProgValue V;
  if (!E)
    return V;
  E = E->IgnoreParens();
  // Casts keep the pointer; a cast to an integer type keeps a status.
  while (const auto *CE = dyn_cast<CastExpr>(E)) {
    if (CE->getCastKind() == CK_NullToPointer) {
      V.K = ProgValue::Null;
      return V;
    }
    E = CE->getSubExpr()->IgnoreParens();
  }
  if (isPointerLike(E->getType()) ||
      E->getType()->isIntegralOrEnumerationType()) {
    if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) &&
        isPointerLike(E->getType())) {
      V.K = ProgValue::Null;
      return V;
    }
    if (E->getType()->isIntegralOrEnumerationType())
      if (std::optional<int64_t> C = constantValue(E, Ctx)) {
        V.K = ProgValue::Int;
        V.Number = *C;
        return V;
      }
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    if (std::optional<ProgValue> R = Calls(CE))
      return *R;
    return V;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf) {
      std::string P = pathOf(UO->getSubExpr());
      if (P.empty())
        return V;
      V.K = ProgValue::Addr;
      V.Path = std::move(P);
      return V;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    // Pointer arithmetic stays inside the object: `(PUCHAR)B + sizeof(*B)`,
    // CONTAINING_RECORD's `(PCHAR)P - offset`.
    if ((BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
        isPointerLike(BO->getType())) {
      const Expr *Ptr =
          isPointerLike(BO->getLHS()->getType()) ? BO->getLHS() : BO->getRHS();
      ProgValue P = valueOf(Ptr);
      if (P.K == ProgValue::Read) {
        // An address into the object the pointer points to.
        P.K = ProgValue::Addr;
        P.Path += "*";
      }
      return P;
    }
    if (BO->getOpcode() == BO_Assign)
      return valueOf(BO->getRHS());
    if (BO->getOpcode() == BO_Comma)
      return valueOf(BO->getRHS());
    return V;
  }
  std::string P = pathOf(E);
  if (!P.empty()) {
    // An array decays to the address of its first element.
    if (E->getType()->isArrayType()) {
      V.K = ProgValue::Addr;
      V.Path = P + "[]";
      return V;
    }
    V.K = ProgValue::Read;
    V.Path = std::move(P);
  }
  return V;
}

} // namespace ndischeck
