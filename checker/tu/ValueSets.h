//===- ValueSets.h - The few integers an argument can be --------*- C++ -*-===//
//
// A free must be passed the Length (and Cached) of its allocation. Drivers
// compute lengths in locals assigned on branches (`Size =
// sizeof(DESC_64)` or `sizeof(DESC_32)`), so a single constant is often
// not known where the set of values is: when the allocation's set and the
// free's share no value, they cannot match on any path.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_VALUESETS_H
#define NDISCHECK_VALUESETS_H

#include "tu/BodyStatements.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace ndischeck {

class ValueSets {
public:
  explicit ValueSets(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// The writes of the locals of the body about to be summarised.
  void reset(const BodyStatements &Stmts);

  /// Every value E can have, sorted, when they are few and all known:
  /// constants, and locals whose every write is such an expression
  /// (through +, -, *, <<, >>, |, & and ?:). Nothing otherwise.
  std::optional<std::vector<int64_t>> valuesOf(const clang::Expr *E) const;

private:
  clang::ASTContext &Ctx;
  llvm::DenseMap<const clang::VarDecl *, std::vector<const clang::Expr *>>
      Writes;
  /// Written in a way not followed (+=, ++, its address taken).
  llvm::DenseSet<const clang::VarDecl *> Opaque;

  std::optional<std::vector<int64_t>>
  valuesOf(const clang::Expr *E, unsigned Depth,
           llvm::DenseSet<const clang::VarDecl *> &Visiting) const;
};

} // namespace ndischeck

#endif
