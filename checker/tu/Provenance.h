//===- Provenance.h - Where a pointer value comes from ----------*- C++ -*-===//
//
// For every pointer argument a rule cares about (NdisAllocateMdl's
// VirtualAddress, NdisAllocateBuffer's PoolHandle and VirtualAddress, the
// pointer a free DDI releases) this records where the value can come from:
// the stack, global data, a string literal, an allocation (paged, nonpaged or
// shared, decided from the contract database's allocation kind and the
// pool-type / pool-flags argument), a struct field or a parameter.
//
// Inside a function the analysis is flow-insensitive: a local variable can
// hold anything that is ever assigned to it, followed through casts,
// pointer arithmetic, `&P->F` (the block P points to) and out-parameter
// allocations. Fields (per record type and field name) and parameters are
// left as references in the TU summary, because the store or the call that
// decides them may be in another file; ResourceLink resolves them over the
// whole driver. Anything else is "unknown", which silences every rule.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_PROVENANCE_H
#define NDISCHECK_PROVENANCE_H

#include "db/ContractDb.h"
#include "summary/Summary.h"
#include "tu/BodyStatements.h"
#include "tu/DdiCallResolver.h"
#include "tu/FunctionCfg.h"
#include "tu/ValueSets.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ndischeck {

using PtrValue = std::vector<PtrSource>;

class Provenance {
public:
  using KeyFn = std::function<std::string(const clang::FunctionDecl *)>;

  Provenance(const ContractDb &Db, const DdiCallResolver &Resolver,
             clang::ASTContext &Ctx, FunctionCfg &Cfgs, KeyFn KeyOf)
      : Db(Db), Resolver(Resolver), Ctx(Ctx), Cfgs(Cfgs),
        KeyOf(std::move(KeyOf)), Values(Ctx) {}

  /// Computes the provenance of FD's local variables and appends FD's field
  /// stores, argument facts and checked DDI arguments to Out. Stmts: what
  /// the walk of FD's body collected.
  void summarize(const clang::FunctionDecl *FD, const BodyStatements &Stmts,
                 TuSummary &Out);

  /// The possible sources of a pointer expression of the function last
  /// summarised. Never empty; {"unknown"} when nothing is known.
  PtrValue sourcesOf(const clang::Expr *E) const;

  /// What an allocating DDI call produces (kind from the database entry and,
  /// for "pool-type", from the pool-type / pool-flags argument).
  PtrSource allocationSource(const clang::CallExpr *CE,
                             const ResolvedDdi &R) const;

private:
  const ContractDb &Db;
  const DdiCallResolver &Resolver;
  clang::ASTContext &Ctx;
  FunctionCfg &Cfgs;
  KeyFn KeyOf;
  /// The few values of integer arguments (a free's Length), in the body
  /// last summarised.
  ValueSets Values;
  std::string FunctionKey;

  /// A definition of a local variable (or parameter): what it assigns is
  /// evaluated where it happens, with the definitions reaching that point.
  struct Def {
    const clang::VarDecl *Var = nullptr;
    const void *At = nullptr; ///< the statement (or VarDecl) defining it
    const clang::Expr *Rhs = nullptr; ///< assigned value, or
    std::optional<PtrSource> Fixed;   ///< a value known outright
  };
  using Reaching = std::map<const clang::VarDecl *, std::set<unsigned>>;
  std::vector<Def> Defs;
  std::map<const void *, std::vector<unsigned>> DefsAt;
  /// Reaching definitions before each statement that evaluates pointers.
  /// Shared snapshots: the state changes only at definitions, so the points
  /// between two definitions share one copy.
  llvm::DenseMap<const void *, std::shared_ptr<const Reaching>> AtPoint;
  /// Every definition of a variable, for code the CFG does not reach.
  Reaching AllDefs;
  /// Variables with more than one definition: the only ones whose value
  /// depends on the program point, so the only ones the flow tracks.
  llvm::DenseSet<const clang::VarDecl *> MultiDef;
  mutable const Reaching *Cur = nullptr;
  mutable std::map<unsigned, PtrValue> DefCache;
  mutable std::set<unsigned> InProgress;

  void reachingDefinitions(const clang::FunctionDecl *FD);
  PtrValue defValue(unsigned D) const;
  PtrValue localValue(const clang::VarDecl *VD) const;

public:
  /// The few values an integer argument of the body last summarised can
  /// have (ValueSets.h).
  std::optional<std::vector<int64_t>> valuesOf(const clang::Expr *E) const {
    if (!E || !E->getType()->isIntegerType())
      return std::nullopt;
    return Values.valuesOf(E);
  }

  /// The sources of E evaluated at statement At (a call, an assignment or a
  /// VarDecl of the function last summarised).
  PtrValue sourcesAt(const clang::Expr *E, const void *At) const;
  /// Where the object an lvalue names lives, evaluated at At.
  PtrValue addressAt(const clang::Expr *LValue, const void *At) const;

private:
  PtrValue eval(const clang::Expr *E) const;
  PtrValue addressOf(const clang::Expr *LValue) const;
  PtrSource memoryOf(const clang::VarDecl *VD, bool Array) const;
  PtrSource fieldRef(const clang::MemberExpr *ME) const;
  PtrSource globalRef(const clang::VarDecl *VD) const;
  PtrSource make(std::string Kind, clang::SourceLocation Loc,
                 std::string What) const;
};

/// Adds the sources of B to A: "unknown" absorbs everything, duplicates
/// (same kind, place and reference) are dropped, and too many sources make
/// the value unknown.
void joinSources(PtrValue &A, const PtrValue &B);
bool isUnknown(const PtrValue &V);

} // namespace ndischeck

#endif
