//===- FieldWrites.h - What a file may write of its records -*- C++ -*-===//
//
// A field of the driver's own record that no code of the driver ever
// writes holds what the memory it lies in was given: NULL in a zeroed
// context. That is a whole-driver fact; each translation unit records the
// writes it can see, to be joined at the link (ResourceLink): the records
// it defines, the fields it may write (assigned, incremented, address
// taken, initialised to other than zero) and the records it may write whole
// (assigned, copied, or handed through a pointer of another type to code
// that is not known to leave it alone).
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_FIELDWRITES_H
#define NDISCHECK_FIELDWRITES_H

#include "summary/Summary.h"
#include "tu/BodyStatements.h"
#include "tu/DdiCallResolver.h"

#include "clang/AST/ASTContext.h"

#include <set>
#include <string>

namespace ndischeck {

/// The name the summaries give a record: its tag, or the typedef of an
/// anonymous one ("" when it has neither).
std::string recordName(const clang::RecordDecl *RD);

class FieldWrites {
public:
  FieldWrites(const DdiCallResolver &Resolver, clang::ASTContext &Ctx)
      : Resolver(Resolver), Ctx(Ctx), SM(Ctx.getSourceManager()) {}

  /// The writes of one function body.
  void addBody(const BodyStatements &Stmts);
  /// A record definition, and a variable's initialiser outside any body.
  void addRecord(const clang::RecordDecl *RD);
  void addGlobal(const clang::VarDecl *VD);

  /// Sorted into the summary's DriverRecords, WrittenFields and
  /// WrittenRecords.
  void exportTo(TuSummary &Out) const;

private:
  const DdiCallResolver &Resolver;
  clang::ASTContext &Ctx;
  const clang::SourceManager &SM;
  std::set<std::string> Records, Fields, Whole;

  void written(const clang::Expr *E);
  void writtenWhole(clang::QualType T, unsigned Depth = 0);
  void initialised(const clang::InitListExpr *ILE);
  void call(const clang::CallExpr *CE);
  bool zeroes(const clang::CallExpr *CE) const;
};

} // namespace ndischeck

#endif
