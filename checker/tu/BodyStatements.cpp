//===- BodyStatements.cpp - The one walk over a function body -------------===//

#include "tu/BodyStatements.h"

#include "clang/AST/RecursiveASTVisitor.h"

using namespace clang;

namespace ndischeck {

namespace {

bool isCollected(const Stmt *S) {
  if (isa<CallExpr>(S) || isa<DeclStmt>(S) || isa<InitListExpr>(S))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    return BO->isAssignmentOp();
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    return UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    return isa<FunctionDecl>(DRE->getDecl());
  return false;
}

/// Visit* run in post-order; the pre-order comes from the hook that sees
/// every statement before its children.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  BodyStatements Out;

  bool shouldTraversePostOrder() const { return true; }
  bool dataTraverseStmtPre(Stmt *S) {
    if (isCollected(S))
      Out.PreOrder.push_back(S);
    return true;
  }
  bool VisitStmt(Stmt *S) {
    if (isCollected(S))
      Out.PostOrder.push_back(S);
    return true;
  }
};

} // namespace

BodyStatements collectBodyStatements(const Stmt *Body) {
  Collector C;
  C.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(C.Out);
}

} // namespace ndischeck
