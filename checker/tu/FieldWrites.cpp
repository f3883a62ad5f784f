//===- FieldWrites.cpp - What a translation unit may write of its records -===//

#include "tu/FieldWrites.h"

#include "tu/ExprKeys.h"
#include "tu/SourcePoints.h"

#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/StringSwitch.h"

namespace ndischeck {

using namespace clang;

std::string recordName(const RecordDecl *RD) {
  if (!RD)
    return "";
  if (!RD->getName().empty())
    return RD->getNameAsString();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getNameAsString();
  return "";
}

namespace {

const RecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getCanonicalType();
  while (const auto *AT = dyn_cast<ArrayType>(T.getTypePtr()))
    T = AT->getElementType().getCanonicalType();
  const auto *RT = T->getAs<RecordType>();
  return RT ? RT->getDecl() : nullptr;
}

const RecordDecl *pointeeRecord(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getCanonicalType();
  if (const auto *PT = T->getAs<PointerType>())
    return recordOf(PT->getPointeeType());
  if (T->isArrayType())
    return recordOf(T);
  return nullptr;
}

/// Zero, NULL or nothing written: the value a zeroed record already has.
bool isZero(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return true;
  E = E->IgnoreParenImpCasts();
  if (isa<ImplicitValueInitExpr>(E))
    return true;
  if (E->isValueDependent())
    return false;
  if (E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return true;
  std::optional<int64_t> V = constantValue(E, Ctx);
  return V && *V == 0;
}

} // namespace

void FieldWrites::addRecord(const RecordDecl *RD) {
  if (!RD || !RD->isThisDeclarationADefinition())
    return;
  std::string Name = recordName(RD);
  if (!Name.empty() &&
      whereDeclared(SM, RD->getLocation()) == DeclaredIn::Driver)
    Records.insert(std::move(Name));
}

void FieldWrites::writtenWhole(QualType T, unsigned Depth) {
  const RecordDecl *RD = recordOf(T);
  if (!RD || Depth > 8)
    return;
  std::string Name = recordName(RD);
  if (!Name.empty() && !Whole.insert(Name).second)
    return;
  // The records it holds by value are written with it.
  if (const RecordDecl *Def = RD->getDefinition())
    for (const FieldDecl *FD : Def->fields())
      writtenWhole(FD->getType(), Depth + 1);
}

void FieldWrites::written(const Expr *E) {
  if (!E)
    return;
  E = E->IgnoreParenCasts();
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    // An element of an array field is that field; what a pointer field
    // points to is not the field, but is counted as it to be safe.
    written(AS->getBase());
    writtenWhole(AS->getType());
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
      const RecordDecl *RD = FD->getParent();
      // A member of a union is every member; a member of an anonymous
      // struct or union has no name of its own the reads could use.
      if (RD->isUnion() || recordName(RD).empty())
        writtenWhole(Ctx.getRecordType(RD));
      else
        Fields.insert(recordName(RD) + "." + FD->getNameAsString());
    }
  }
  writtenWhole(E->getType());
}

void FieldWrites::initialised(const InitListExpr *ILE) {
  if (!ILE)
    return;
  if (!ILE->isSemanticForm() && ILE->getSemanticForm())
    ILE = ILE->getSemanticForm();
  const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
  if (!RD) {
    // An array: each element that is a record.
    for (const Expr *Init : ILE->inits())
      if (const auto *Sub = dyn_cast_or_null<InitListExpr>(
              Init ? Init->IgnoreParenImpCasts() : nullptr))
        initialised(Sub);
      else if (Init && !isZero(Init, Ctx))
        writtenWhole(Init->getType());
    return;
  }
  std::string Name = recordName(RD);
  if (RD->isUnion() || Name.empty()) {
    for (const Expr *Init : ILE->inits())
      if (!isZero(Init, Ctx)) {
        writtenWhole(ILE->getType());
        return;
      }
    return;
  }
  unsigned I = 0;
  for (const FieldDecl *FD : RD->fields()) {
    if (I >= ILE->getNumInits())
      break;
    const Expr *Init = ILE->getInit(I++);
    if (isZero(Init, Ctx))
      continue;
    if (const auto *Sub = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts())) {
      initialised(Sub);
      continue;
    }
    Fields.insert(Name + "." + FD->getNameAsString());
    writtenWhole(FD->getType());
  }
}

bool FieldWrites::zeroes(const CallExpr *CE) const {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  StringRef Name = FD->getName();
  if (Name == "memset" || Name == "__builtin_memset")
    return CE->getNumArgs() == 3 && isZero(CE->getArg(1), Ctx);
  // The WDK's zeroing routines (most are macros for memset).
  return llvm::StringSwitch<bool>(Name)
      .Cases("RtlZeroMemory", "RtlSecureZeroMemory", "NdisZeroMemory", true)
      .Default(false);
}

void FieldWrites::call(const CallExpr *CE) {
  // A DDI of the database writes only through its out parameters, which
  // take a field's address (seen as such).
  if (Resolver.resolve(CE) || zeroes(CE))
    return;
  const FunctionDecl *Callee = CE->getDirectCallee();
  for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
    const Expr *Arg = CE->getArg(I)->IgnoreParenCasts();
    // An array field handed on (copied into, most likely).
    if (isa<MemberExpr>(Arg) && Arg->getType()->isArrayType())
      written(Arg);
    const RecordDecl *RD = pointeeRecord(Arg->getType());
    if (!RD)
      continue;
    // Handed on as what it is: the callee's own writes name its fields.
    if (Callee && I < Callee->getNumParams()) {
      const RecordDecl *Param =
          pointeeRecord(Callee->getParamDecl(I)->getType());
      if (Param && Param->getCanonicalDecl() == RD->getCanonicalDecl())
        continue;
    }
    writtenWhole(Ctx.getRecordType(RD));
  }
}

void FieldWrites::addBody(const BodyStatements &Stmts) {
  for (const Stmt *S : Stmts.PreOrder) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp())
        written(BO->getLHS());
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf)
        written(UO->getSubExpr());
    } else if (const auto *ILE = dyn_cast<InitListExpr>(S)) {
      initialised(ILE);
    } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
      call(CE);
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const Expr *Init = VD->getInit())
            if (!isa<InitListExpr>(Init->IgnoreParenImpCasts()) &&
                recordOf(VD->getType()))
              writtenWhole(VD->getType()); // a copy of some other record
    }
  }
}

void FieldWrites::addGlobal(const VarDecl *VD) {
  const Expr *Init = VD ? VD->getInit() : nullptr;
  if (!Init)
    return;
  // Initialisers outside any body: lists, addresses of fields, copies.
  std::vector<std::pair<const Stmt *, unsigned>> Work{{Init, 0}};
  while (!Work.empty()) {
    auto [S, Depth] = Work.back();
    Work.pop_back();
    if (!S || Depth > 64)
      continue;
    if (const auto *ILE = dyn_cast<InitListExpr>(S))
      initialised(ILE);
    else if (const auto *UO = dyn_cast<UnaryOperator>(S);
             UO && UO->getOpcode() == UO_AddrOf)
      written(UO->getSubExpr());
    for (const Stmt *Child : S->children())
      Work.push_back({Child, Depth + 1});
  }
  if (!isa<InitListExpr>(Init->IgnoreParenImpCasts()) &&
      recordOf(VD->getType()))
    writtenWhole(VD->getType());
}

void FieldWrites::exportTo(TuSummary &Out) const {
  Out.DriverRecords.assign(Records.begin(), Records.end());
  Out.WrittenFields.assign(Fields.begin(), Fields.end());
  Out.WrittenRecords.assign(Whole.begin(), Whole.end());
}

} // namespace ndischeck
