//===- ValueSets.cpp - The few integers an argument can be ----------------===//

#include "tu/ValueSets.h"

#include "tu/ExprKeys.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

namespace ndischeck {

using namespace clang;

namespace {

/// More values than this say too little to be worth carrying.
constexpr size_t MaxValues = 8;
constexpr unsigned MaxDepth = 8;

const VarDecl *localVar(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

} // namespace

void ValueSets::reset(const BodyStatements &Stmts) {
  Writes.clear();
  Opaque.clear();
  for (const Stmt *S : Stmts.PreOrder) {
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->hasLocalStorage() && VD->getInit())
            Writes[VD].push_back(VD->getInit());
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (const VarDecl *VD = localVar(BO->getLHS())) {
        if (BO->getOpcode() == BO_Assign)
          Writes[VD].push_back(BO->getRHS());
        else if (BO->isCompoundAssignmentOp())
          Opaque.insert(VD);
      }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
        if (const VarDecl *VD = localVar(UO->getSubExpr()))
          Opaque.insert(VD);
    }
  }
}

std::optional<std::vector<int64_t>> ValueSets::valuesOf(const Expr *E) const {
  llvm::DenseSet<const VarDecl *> Visiting;
  return valuesOf(E, 0, Visiting);
}

std::optional<std::vector<int64_t>>
ValueSets::valuesOf(const Expr *E, unsigned Depth,
                    llvm::DenseSet<const VarDecl *> &Visiting) const {
  if (!E || Depth > MaxDepth)
    return std::nullopt;
  if (std::optional<int64_t> V = constantValue(E, Ctx))
    return std::vector<int64_t>{*V};
  E = E->IgnoreParenCasts();
  std::vector<int64_t> Out;
  auto AddAll = [&](const std::optional<std::vector<int64_t>> &Vs) {
    if (!Vs)
      return false;
    Out.insert(Out.end(), Vs->begin(), Vs->end());
    return true;
  };
  if (const VarDecl *VD = localVar(E)) {
    auto It = Writes.find(VD);
    // A parameter, or a local never written: its value is not known here.
    if (isa<ParmVarDecl>(VD) || VD->getType().isVolatileQualified() ||
        Opaque.count(VD) || It == Writes.end() || !Visiting.insert(VD).second)
      return std::nullopt;
    for (const Expr *W : It->second)
      if (!AddAll(valuesOf(W, Depth + 1, Visiting)))
        return std::nullopt;
    Visiting.erase(VD);
  } else if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    if (!AddAll(valuesOf(CO->getTrueExpr(), Depth + 1, Visiting)) ||
        !AddAll(valuesOf(CO->getFalseExpr(), Depth + 1, Visiting)))
      return std::nullopt;
  } else if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    auto L = valuesOf(BO->getLHS(), Depth + 1, Visiting);
    auto R = L ? valuesOf(BO->getRHS(), Depth + 1, Visiting) : std::nullopt;
    if (!L || !R)
      return std::nullopt;
    for (int64_t A : *L)
      for (int64_t B : *R) {
        int64_t V = 0;
        bool Overflow = false;
        switch (BO->getOpcode()) {
        case BO_Add:
          Overflow = llvm::AddOverflow(A, B, V);
          break;
        case BO_Sub:
          Overflow = llvm::SubOverflow(A, B, V);
          break;
        case BO_Mul:
          Overflow = llvm::MulOverflow(A, B, V);
          break;
        case BO_Or:
          V = A | B;
          break;
        case BO_And:
          V = A & B;
          break;
        case BO_Shl:
          Overflow = A < 0 || B < 0 || B > 62 || (A >> (62 - B)) != 0;
          V = Overflow ? 0 : A << B;
          break;
        case BO_Shr:
          Overflow = A < 0 || B < 0 || B > 62;
          V = Overflow ? 0 : A >> B;
          break;
        default:
          return std::nullopt;
        }
        if (Overflow)
          return std::nullopt;
        Out.push_back(V);
      }
  } else {
    return std::nullopt;
  }
  std::sort(Out.begin(), Out.end());
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  if (Out.empty() || Out.size() > MaxValues)
    return std::nullopt;
  return Out;
}

} // namespace ndischeck
