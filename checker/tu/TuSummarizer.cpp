//===- TuSummarizer.cpp - One translation unit to a TuSummary
//--------------===//

#include "tu/TuSummarizer.h"

#include "tu/BodyStatements.h"
#include "tu/DdiCallResolver.h"
#include "tu/ExprKeys.h"
#include "tu/FieldWrites.h"
#include "tu/LocalRules.h"
#include "tu/ProgramBuilder.h"
#include "tu/Provenance.h"
#include "tu/SourcePoints.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Lex/Preprocessor.h"

#include <set>

using namespace clang;

namespace ndischeck {

namespace {

/// Name's definition, unless it is missing or `#define Name 0`.
const MacroInfo *definedNonZero(Preprocessor &PP, const std::string &Name) {
  const MacroInfo *MI = PP.getMacroInfo(PP.getIdentifierInfo(Name));
  if (MI && MI->getNumTokens() == 1 &&
      MI->getReplacementToken(0).is(tok::numeric_constant) &&
      PP.getSpelling(MI->getReplacementToken(0)) == "0")
    return nullptr;
  return MI;
}

/// Reads whether the translation unit is an NDIS 6 driver from the macros the
/// database names. `#define NDIS_SUPPORT_NDIS6 0` (what the WDK writes for
/// NDIS 5 drivers) does not count.
NdisVersionFacts ndisVersion(const ContractDb &Db, Preprocessor &PP) {
  NdisVersionFacts V;
  const SourceManager &SM = PP.getSourceManager();
  SourceLocation Best;
  for (const std::string &Name : Db.Ndis6Macros) {
    const MacroInfo *MI = definedNonZero(PP, Name);
    if (!MI)
      continue;
    // Name the driver's own choice, the earliest definition (NDIS60_MINIPORT
    // before #include <ndis.h>, or on the command line), rather than what
    // the header derives from it.
    SourceLocation Def = MI->getDefinitionLoc();
    if (V.Ndis6 && !SM.isBeforeInTranslationUnit(Def, Best))
      continue;
    V.Ndis6 = true;
    V.Macro = Name;
    V.MacroLoc = toSourcePoint(SM, Def);
    Best = Def;
  }
  return V;
}

/// Whether the translation unit defines one of Names to other than 0.
bool definesAny(Preprocessor &PP, const std::vector<std::string> &Names) {
  for (const std::string &Name : Names)
    if (definedNonZero(PP, Name))
      return true;
  return false;
}

class Builder : public RecursiveASTVisitor<Builder> {
public:
  Builder(const ContractDb &Db, ASTContext &Ctx, TuSummary &Out,
          const SalAnnotationIndex &Sal, const NdisVersionFacts &Version)
      : Db(Db), Ctx(Ctx), SM(Ctx.getSourceManager()), Out(Out), Sal(Sal),
        Resolver(Db, SM, Ctx.getLangOpts()), Cfgs(Ctx),
        Programs(Db, Resolver, Sal, Ctx, Cfgs),
        Rules(Db, Ctx, Version, Programs.conditions()),
        Prov(Db, Resolver, Ctx, Cfgs,
             [this](const FunctionDecl *FD) { return keyOf(FD); }),
        Writes(Resolver, Ctx) {}

  /// What the whole file may write of the driver's records.
  void exportWrites() { Writes.exportTo(Out); }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || !FD->getBody())
      return true;
    SourceLocation Loc = SM.getExpansionLoc(FD->getLocation());
    if (SM.isInSystemHeader(Loc))
      return true;
    // The NDIS library itself (ReactOS's ndis/) defines the DDIs.
    if (SM.isInMainFile(Loc) && FD->getIdentifier() && Db.ddi(FD->getName()) &&
        FD->isExternallyVisible())
      Out.ImplementsDdis = true;
    summarizeFunction(FD);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    bindAssignment(BO);
    return true;
  }
  bool VisitRecordDecl(RecordDecl *RD) {
    Writes.addRecord(RD);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    // Bodies' variables are in their BodyStatements.
    if (VD->hasGlobalStorage() && !VD->isStaticLocal() &&
        !SM.isInSystemHeader(SM.getExpansionLoc(VD->getLocation())))
      Writes.addGlobal(VD);
    return true;
  }
  bool VisitInitListExpr(InitListExpr *ILE) {
    bindInitList(ILE);
    return true;
  }
  /// A body summarised is not walked again: its assignments and
  /// initialiser lists come from its BodyStatements, in the same order.
  bool dataTraverseStmtPre(Stmt *S) { return S != SummarizedBody; }

private:
  const ContractDb &Db;
  ASTContext &Ctx;
  const SourceManager &SM;
  TuSummary &Out;
  const SalAnnotationIndex &Sal;
  DdiCallResolver Resolver;
  FunctionCfg Cfgs; // one CFG per function, shared by every analysis
  ProgramBuilder Programs;
  LocalRules Rules;
  Provenance Prov; // where DDI pointer arguments come from
  FieldWrites Writes;
  std::set<const InitListExpr *> SeenInitLists;
  const Stmt *SummarizedBody = nullptr;

  /// `X.Field = Handler` or `P->Field = Handler` for a role's field.
  void bindAssignment(const BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return;
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenCasts());
    if (!ME)
      return;
    QualType Base = ME->getBase()->getType();
    if (ME->isArrow())
      Base = Base->getPointeeType();
    bindField(structNames(Base), ME->getMemberDecl()->getName(), BO->getRHS(),
              BO->getOperatorLoc());
  }

  /// `{ .Field = Handler }` for a role's field (each list once, in either
  /// of its forms).
  void bindInitList(const InitListExpr *ILE) {
    const InitListExpr *Sem =
        ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    if (!Sem || !SeenInitLists.insert(Sem).second)
      return;
    const RecordDecl *RD = Sem->getType()->getAsRecordDecl();
    if (!RD)
      return;
    unsigned I = 0;
    std::vector<std::string> Names = structNames(Sem->getType());
    for (const FieldDecl *Field : RD->fields()) {
      if (I >= Sem->getNumInits())
        break;
      bindField(Names, Field->getName(), Sem->getInit(I++), Sem->getBeginLoc());
    }
  }

  std::string keyOf(const FunctionDecl *FD) const {
    std::string Name = FD->getQualifiedNameAsString();
    // Functions with internal linkage are distinct per translation unit.
    if (!FD->isExternallyVisible())
      return Name + "@" + Out.MainFile;
    return Name;
  }

  static const FunctionDecl *functionRef(const Expr *E) {
    if (!E)
      return nullptr;
    E = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf)
        E = UO->getSubExpr()->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return dyn_cast<FunctionDecl>(DRE->getDecl());
    return nullptr;
  }

  void bind(const FunctionDecl *Fn, const RoleInfo &Role, SourceLocation Loc,
            std::string How) {
    RoleBinding B;
    B.Function = keyOf(Fn);
    B.FunctionName = Fn->getNameAsString();
    B.Role = Role.Name;
    B.Loc = toSourcePoint(SM, Loc);
    B.How = std::move(How);
    Out.Bindings.push_back(std::move(B));
  }

  /// The names a structure type goes by: its typedefs and its tag, with
  /// and without the WDK's leading underscore.
  static std::vector<std::string> structNames(QualType T) {
    std::vector<std::string> Names;
    while (const auto *TT = T->getAs<TypedefType>()) {
      Names.push_back(TT->getDecl()->getName().str());
      T = TT->desugar();
    }
    if (const RecordDecl *RD = T->getAsRecordDecl()) {
      StringRef Tag = RD->getName();
      Names.push_back(Tag.str());
      if (Tag.starts_with("_"))
        Names.push_back(Tag.drop_front().str());
    }
    return Names;
  }

  void bindField(const std::vector<std::string> &Structs, StringRef Field,
                 const Expr *Value, SourceLocation Loc) {
    const RoleInfo *Role = Db.roleForField(Structs, Field.str());
    if (!Role)
      return;
    if (const FunctionDecl *Fn = functionRef(Value))
      bind(Fn, *Role, Loc, "assigned to " + Field.str());
  }

  std::vector<std::string> rolesOf(const FunctionDecl *FD) const {
    std::vector<std::string> Roles;
    for (const FunctionDecl *D : FD->redecls()) {
      QualType T = D->getType();
      while (const auto *TT = T->getAs<TypedefType>()) {
        if (const RoleInfo *R = Db.roleForType(TT->getDecl()->getName().str()))
          if (std::find(Roles.begin(), Roles.end(), R->Name) == Roles.end())
            Roles.push_back(R->Name);
        T = TT->desugar();
      }
    }
    // DriverEntry is the image's entry symbol whether or not it is declared
    // with DRIVER_INITIALIZE (NDIS 5 drivers rarely do).
    if (Roles.empty() && FD->getName() == "DriverEntry" &&
        FD->isExternallyVisible())
      if (const RoleInfo *R = Db.roleForType("DRIVER_INITIALIZE"))
        Roles.push_back(R->Name);
    return Roles;
  }

  void summarizeFunction(const FunctionDecl *FD) {
    FunctionSummary F;
    F.Key = keyOf(FD);
    F.Name = FD->getNameAsString();
    F.Loc = toSourcePoint(SM, FD->getLocation());
    F.Roles = rolesOf(FD);
    F.Sal = Sal.forFunction(FD, SM);

    ProgramBuilder::Recorder Rec;
    Rec.Ddi = [&](const CallExpr *CE, const ResolvedDdi &R) {
      summarizeDdiCall(FD, F, CE, R);
      return static_cast<unsigned>(F.DdiCalls.size() - 1);
    };
    Rec.Call = [&](const CallExpr *CE, const FunctionDecl *Callee) {
      CallSite C;
      C.Callee = keyOf(Callee);
      C.CalleeName = Callee->getNameAsString();
      C.Loc = toSourcePoint(SM, CE->getBeginLoc());
      F.Calls.push_back(std::move(C));
      return static_cast<unsigned>(F.Calls.size() - 1);
    };
    BodyStatements Stmts = collectBodyStatements(FD->getBody());
    F.Program = Programs.build(FD, Stmts, Rec);
    Prov.summarize(FD, Stmts, Out);
    Writes.addBody(Stmts);
    Out.Functions.push_back(std::move(F));
    for (const Stmt *S : Stmts.PreOrder)
      if (const auto *BO = dyn_cast<BinaryOperator>(S))
        bindAssignment(BO);
      else if (const auto *ILE = dyn_cast<InitListExpr>(S))
        bindInitList(ILE);
    SummarizedBody = FD->getBody();
  }

  /// A flag argument's value, also through a local that keeps a constant
  /// (the same reading ndis-memory-flags makes of it).
  std::optional<int64_t> flagValue(const Expr *A) const {
    const VarDecl *From;
    return Programs.conditions().constantOf(A, From);
  }

  void summarizeDdiCall(const FunctionDecl *FD, FunctionSummary &F,
                        const CallExpr *CE, const ResolvedDdi &R) {
    const DdiInfo &Limits = *R.Spelled;
    DdiCall C;
    C.Ddi = R.Semantics->Name;
    C.SpelledName = Limits.Name;
    C.Loc = toSourcePoint(SM, CE->getBeginLoc());
    C.MaxIrql = Limits.MaxIrql;
    C.MinIrql = Limits.MinIrql;
    C.ReturnsValue = !CE->getType()->isVoidType();
    for (const ConditionalIrql &W : Limits.IrqlWhen) {
      const Expr *A = R.arg(CE, W.When.Param);
      std::optional<int64_t> V = A ? flagValue(A) : std::nullopt;
      if (!V || !(static_cast<uint64_t>(*V) & W.When.Mask))
        continue;
      if (W.Max < *C.MaxIrql) {
        C.MaxIrql = W.Max;
        C.MaxReason = "with " + flagNames(Db, W.When, *V);
      }
    }
    if (const std::optional<FlagTest> &Init = Limits.InitOnlyFlags) {
      const Expr *A = R.arg(CE, Init->Param);
      std::optional<int64_t> V = A ? flagValue(A) : std::nullopt;
      if (V && (static_cast<uint64_t>(*V) & Init->Mask))
        C.InitOnlyFlags = flagNames(Db, *Init, *V);
    }

    // How an NDIS 5 miniport declares itself deserialized.
    if (const std::optional<DeserializationDecl> &Decl = Db.Deserialized)
      if (R.Semantics->Name == Decl->Ddi)
        if (const Expr *A = R.arg(CE, Decl->When.Param))
          if (std::optional<int64_t> V = constantValue(A, Ctx)) {
            bool Set = static_cast<uint64_t>(*V) & Decl->When.Mask;
            Out.Deserialized = Set || Out.Deserialized.value_or(false);
          }

    if (const std::optional<CallbackRegistration> &Reg = R.Semantics->Registers)
      if (const RoleInfo *Role = Db.role(Reg->Role))
        if (const FunctionDecl *Fn = functionRef(R.arg(CE, Reg->Param)))
          bind(Fn, *Role, CE->getBeginLoc(), "registered by " + Limits.Name);
    for (const std::string &State : R.Semantics->Provides)
      Out.Providers.push_back({State, Limits.Name, C.Loc, F.Key});

    Rules.check(CE, R, FD, F.Key, Out.LocalFindings, Out.ParamArgUses);
    F.DdiCalls.push_back(std::move(C));
  }
};

class SummarizeConsumer : public ASTConsumer {
public:
  SummarizeConsumer(TuSummarizer &S, Preprocessor &PP) : S(S), PP(PP) {}
  void HandleTranslationUnit(ASTContext &Ctx) override { S.summarize(Ctx, PP); }

private:
  TuSummarizer &S;
  Preprocessor &PP;
};

} // namespace

void TuSummarizer::attach(Preprocessor &PP) {
  PP.addPPCallbacks(Sal.makeCallbacks(PP));
}

void TuSummarizer::summarize(ASTContext &Ctx, Preprocessor &PP) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (auto Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    Out.MainFile = absolutePath(SM, Main->getName());
  NdisVersionFacts Version = ndisVersion(Db, PP);
  Out.Ndis6 = Version.Ndis6;
  Out.Miniport = definesAny(PP, Db.MiniportMacros);
  Builder B(Db, Ctx, Out, Sal, Version);
  B.TraverseDecl(Ctx.getTranslationUnitDecl());
  B.exportWrites();

  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
    Out.Dependencies.push_back(absolutePath(SM, It->first.getName()));
  std::sort(Out.Dependencies.begin(), Out.Dependencies.end());
}

std::unique_ptr<ASTConsumer>
SummarizeAction::CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) {
  Preprocessor &PP = CI.getPreprocessor();
  Summarizer.attach(PP);
  return std::make_unique<SummarizeConsumer>(Summarizer, PP);
}

} // namespace ndischeck
