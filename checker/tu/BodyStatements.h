//===- BodyStatements.h - The one walk over a function body -----*- C++ -*-===//
//
// Besides the CFG, the per-TU analyses read a body's calls, declarations and
// writes: the program builder (where call results are stored, the booleans
// handed to driver functions), the reading of locals (BranchConditions,
// LocalRules), provenance (definitions of locals, field stores, pointer
// arguments) and the role bindings of TuSummarizer (handlers assigned to
// fields). One RecursiveASTVisitor walk collects those statements for all
// of them, in the two orders they are read in.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_BODYSTATEMENTS_H
#define NDISCHECK_BODYSTATEMENTS_H

#include "clang/AST/Stmt.h"

#include <vector>

namespace ndischeck {

struct BodyStatements {
  /// Calls, declarations, assignments, increments and decrements, `&x`,
  /// references to functions and initialiser lists (in the form the
  /// traversal meets them), each before what it contains (source order).
  std::vector<const clang::Stmt *> PreOrder;
  /// The same statements, each after what it contains.
  std::vector<const clang::Stmt *> PostOrder;
};

BodyStatements collectBodyStatements(const clang::Stmt *Body);

} // namespace ndischeck

#endif
