//===- LocalRules.cpp - Rules one call proves on its own
//-------------------===//

#include "tu/LocalRules.h"

#include "tu/ExprKeys.h"
#include "tu/SourcePoints.h"

#include "clang/AST/APValue.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Format.h"

using namespace clang;

namespace ndischeck {

std::string flagNames(const ContractDb &Db, const FlagTest &T, uint64_t Value) {
  std::string Out;
  for (const std::string &Bit : T.BitNames) {
    auto It = Db.Constants.find(Bit);
    if (It == Db.Constants.end() || !(Value & It->second))
      continue;
    if (!Out.empty())
      Out += " | ";
    Out += Bit;
  }
  return Out;
}

Finding LocalRules::make(const char *Rule, SourceLocation Loc,
                         std::string Message,
                         const FunctionDecl *Caller) const {
  Finding F;
  F.RuleId = Rule;
  F.Severity = Db.severityOf(Rule);
  F.Loc = toSourcePoint(Ctx.getSourceManager(), Loc);
  F.Message = std::move(Message);
  F.Function = Caller ? Caller->getNameAsString() : "";
  return F;
}

void LocalRules::addInitialisedAt(Finding &F, const VarDecl *From) const {
  if (From)
    F.Trace.push_back(
        {toSourcePoint(Ctx.getSourceManager(), From->getLocation()),
         "'" + From->getNameAsString() + "' is initialised here"});
}

void LocalRules::check(const CallExpr *CE, const ResolvedDdi &R,
                       const FunctionDecl *Caller, const std::string &CallerKey,
                       std::vector<Finding> &Out,
                       std::vector<ParamArgUse> &Deferred) const {
  checkTag(CE, R, Caller, Out);
  checkHighestAddress(CE, R, Caller, CallerKey, Out, Deferred);
  checkMemoryFlags(CE, R, Caller, CallerKey, Out, Deferred);

  const DdiInfo &D = *R.Spelled;
  if (Version.Ndis6 && D.NdisMax != 0 && D.NdisMax < 6) {
    Finding F = make("ndis-ndis5-only", CE->getBeginLoc(),
                     D.Name + " exists only for NDIS 5 drivers, and this is an "
                              "NDIS 6 driver",
                     Caller);
    // A macro from the command line has no line to point at.
    if (Version.MacroLoc.File.empty() || Version.MacroLoc.File[0] == '<')
      F.Trace.push_back({F.Loc, Version.Macro + " (defined on the command "
                                                "line) makes this an NDIS 6 "
                                                "driver"});
    else
      F.Trace.push_back(
          {Version.MacroLoc, Version.Macro + " makes this an NDIS 6 driver"});
    Out.push_back(std::move(F));
  }
}

/// Number of characters inside a character literal's quotes, counting an
/// escape sequence as one.
static unsigned literalChars(StringRef Spelling) {
  size_t Open = Spelling.find('\'');
  size_t Close = Spelling.rfind('\'');
  if (Open == StringRef::npos || Close <= Open)
    return 0;
  StringRef Body = Spelling.slice(Open + 1, Close);
  unsigned N = 0;
  for (size_t I = 0; I < Body.size(); ++I, ++N)
    if (Body[I] == '\\' && I + 1 < Body.size())
      ++I;
  return N;
}

void LocalRules::checkTag(const CallExpr *CE, const ResolvedDdi &R,
                          const FunctionDecl *Caller,
                          std::vector<Finding> &Out) const {
  int I = R.Semantics->paramWithRole("tag");
  if (I < 0 || static_cast<unsigned>(I) >= CE->getNumArgs())
    return;
  const Expr *Arg = CE->getArg(I);
  const std::string &Ddi = R.Spelled->Name;
  const SourceManager &SM = Ctx.getSourceManager();
  if (const auto *CL = dyn_cast<CharacterLiteral>(Arg->IgnoreParenCasts())) {
    StringRef Spelling = Lexer::getSourceText(
        CharSourceRange::getTokenRange(SM.getSpellingLoc(CL->getLocation())),
        SM, Ctx.getLangOpts());
    unsigned N = literalChars(Spelling);
    if (N > 4) {
      Out.push_back(make("ndis-tag", Arg->getBeginLoc(),
                         "pool tag " + Spelling.str() + " of " + Ddi + " has " +
                             std::to_string(N) +
                             " characters; a tag holds at most four",
                         Caller));
      return;
    }
  }
  const VarDecl *From;
  std::optional<int64_t> V = Locals.constantOf(Arg, From);
  if (!V)
    return; // not a constant: unknown, so silent
  if (*V != 0)
    return;
  Finding F = make("ndis-tag", Arg->getBeginLoc(),
                   "pool tag of " + Ddi +
                       " is 0; pass a tag of one to four characters, "
                       "e.g. 'tpxE'",
                   Caller);
  addInitialisedAt(F, From);
  Out.push_back(std::move(F));
}

namespace {
/// The writes of a local after its declaration. For a PHYSICAL_ADDRESS (a
/// LARGE_INTEGER) it tells `X.QuadPart = C`, `X.LowPart = C` /
/// `X.HighPart = C` (NdisSetPhysicalAddressLow/High) with constants from
/// anything else.
class LocalWrites {
public:
  /// Reads the writes among the caller's statements, given last first
  /// (BranchConditions::bodyStmts): reversed, in source order, so the first
  /// write of a part is the one a trace shows.
  LocalWrites(const VarDecl *VD, ASTContext &Ctx,
              llvm::ArrayRef<const Stmt *> LastFirst)
      : VD(VD), Ctx(Ctx) {
    for (const Stmt *S : llvm::reverse(LastFirst)) {
      if (const auto *BO = dyn_cast<BinaryOperator>(S))
        visit(BO);
      else if (const auto *UO = dyn_cast<UnaryOperator>(S))
        visit(UO);
      if (Other)
        break;
    }
  }

  /// A write that is not one of the constant ones above (or `&X`).
  bool Other = false;
  std::vector<std::pair<const BinaryOperator *, int64_t>> Quad, Low, High;

  void visit(const BinaryOperator *BO) {
    if (!BO->isAssignmentOp() || !refersToVar(BO->getLHS()))
      return;
    const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenCasts());
    std::optional<int64_t> V = constantValue(BO->getRHS(), Ctx);
    if (BO->getOpcode() != BO_Assign || !ME || !V) {
      Other = true;
      return;
    }
    StringRef Part = ME->getMemberDecl()->getName();
    if (Part == "QuadPart")
      Quad.emplace_back(BO, *V);
    else if (Part == "LowPart")
      Low.emplace_back(BO, *V);
    else if (Part == "HighPart")
      High.emplace_back(BO, *V);
    else
      Other = true;
  }
  void visit(const UnaryOperator *UO) {
    if ((UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp()) &&
        refersToVar(UO->getSubExpr()))
      Other = true;
  }

  bool any() const {
    return Other || !Quad.empty() || !Low.empty() || !High.empty();
  }

  /// The value every write agrees on, with the write that sets it (its
  /// high half, for LowPart and HighPart). Writes in any order give the
  /// same value only when each part is set to one constant, all of it by
  /// one kind of write.
  std::optional<std::pair<int64_t, const BinaryOperator *>> value() const {
    auto One = [](const auto &Ws) -> std::optional<int64_t> {
      if (Ws.empty())
        return std::nullopt;
      for (const auto &W : Ws)
        if (W.second != Ws.front().second)
          return std::nullopt;
      return Ws.front().second;
    };
    if (Other)
      return std::nullopt;
    if (!Quad.empty() && Low.empty() && High.empty()) {
      if (auto Q = One(Quad))
        return std::make_pair(*Q, Quad.front().first);
      return std::nullopt;
    }
    if (Quad.empty()) {
      auto L = One(Low), H = One(High);
      if (!L || !H)
        return std::nullopt;
      int64_t V =
          static_cast<int64_t>((static_cast<uint64_t>(*H) << 32) |
                               (static_cast<uint64_t>(*L) & 0xffffffffu));
      return std::make_pair(V, High.front().first);
    }
    return std::nullopt;
  }

private:
  const VarDecl *VD;
  ASTContext &Ctx;

  bool refersToVar(const Expr *E) const {
    E = E->IgnoreParenCasts();
    while (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase()->IgnoreParenCasts();
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    return DRE && DRE->getDecl() == VD;
  }
};
} // namespace

/// The 64-bit value of an integer or LARGE_INTEGER-like aggregate: a union
/// contributes its active member, a struct {Low, High} its halves.
static std::optional<int64_t> physicalAddressValue(const APValue &V) {
  if (V.isInt())
    return V.getInt().getExtValue();
  if (V.isUnion())
    return physicalAddressValue(V.getUnionValue());
  if (V.isStruct() && V.getStructNumFields() == 2) {
    auto Lo = physicalAddressValue(V.getStructField(0));
    auto Hi = physicalAddressValue(V.getStructField(1));
    if (!Lo || !Hi)
      return std::nullopt;
    return static_cast<int64_t>((static_cast<uint64_t>(*Hi) << 32) |
                                (static_cast<uint64_t>(*Lo) & 0xffffffffu));
  }
  if (V.isStruct() && V.getStructNumFields() == 1)
    return physicalAddressValue(V.getStructField(0));
  return std::nullopt;
}

std::optional<int64_t> physicalAddressOf(const Expr *Arg,
                                         llvm::ArrayRef<const Stmt *> BodyStmts,
                                         ASTContext &Ctx, const VarDecl **From,
                                         const BinaryOperator **SetBy) {
  Arg = Arg->IgnoreParenCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || VD->getType().isVolatileQualified())
      return std::nullopt;
    LocalWrites W(VD, Ctx,
                  VD->isLocalVarDecl() ? BodyStmts
                                       : llvm::ArrayRef<const Stmt *>());
    if (W.any()) {
      // Set after its declaration: only constants that all agree, and no
      // initialiser to disagree with them, say what it holds at the call.
      auto Set = W.value();
      if (!Set || VD->getInit())
        return std::nullopt;
      if (SetBy)
        *SetBy = Set->second;
      return Set->first;
    }
    APValue V;
    SmallVector<PartialDiagnosticAt, 4> Notes;
    if (!VD->getInit() ||
        !VD->getInit()->EvaluateAsInitializer(V, Ctx, VD, Notes, false))
      return std::nullopt;
    if (From)
      *From = VD;
    return physicalAddressValue(V);
  }
  Expr::EvalResult ER;
  if (Arg->isValueDependent() || !Arg->EvaluateAsRValue(ER, Ctx))
    return std::nullopt;
  return physicalAddressValue(ER.Val);
}

void LocalRules::checkHighestAddress(const CallExpr *CE, const ResolvedDdi &R,
                                     const FunctionDecl *Caller,
                                     const std::string &CallerKey,
                                     std::vector<Finding> &Out,
                                     std::vector<ParamArgUse> &Deferred) const {
  int I = R.Semantics->paramWithRole("highest-acceptable-address");
  if (I < 0 || static_cast<unsigned>(I) >= CE->getNumArgs())
    return;
  const VarDecl *From = nullptr;
  const BinaryOperator *SetBy = nullptr;
  std::optional<int64_t> Value = physicalAddressOf(
      CE->getArg(I),
      Caller && Caller->getBody() ? Locals.bodyStmts()
                                  : llvm::ArrayRef<const Stmt *>(),
      Ctx, &From, &SetBy);
  if (!Value) {
    deferParameter(CE->getArg(I), R, R.Semantics->Params[I].Name, Caller,
                   CallerKey, Deferred);
    return;
  }
  if (!Value || *Value == -1)
    return;
  Finding F = make("ndis-highest-address", CE->getArg(I)->getBeginLoc(),
                   highestAddressProblem(R.Spelled->Name, *Value), Caller);
  addInitialisedAt(F, From);
  if (SetBy)
    F.Trace.push_back(
        {toSourcePoint(Ctx.getSourceManager(), SetBy->getBeginLoc()),
         "'" +
             cast<DeclRefExpr>(CE->getArg(I)->IgnoreParenCasts())
                 ->getDecl()
                 ->getNameAsString() +
             "' is set here"});
  Out.push_back(std::move(F));
}

void LocalRules::deferParameter(const Expr *Arg, const ResolvedDdi &R,
                                const std::string &DdiParam,
                                const FunctionDecl *Caller,
                                const std::string &CallerKey,
                                std::vector<ParamArgUse> &Deferred) const {
  // The caller's own parameter, never overwritten: its callers' constants
  // decide (the link step).
  const auto *DRE = dyn_cast<DeclRefExpr>(Arg->IgnoreParenImpCasts());
  const auto *PVD = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!PVD || !Caller || PVD->getDeclContext() != Caller ||
      !Locals.neverWritten(PVD))
    return;
  ParamArgUse U;
  U.Ddi = R.Semantics->Name;
  U.Spelled = R.Spelled->Name;
  U.DdiParam = DdiParam;
  U.Param = PVD->getFunctionScopeIndex();
  U.ParamName = PVD->getNameAsString();
  U.Loc = toSourcePoint(Ctx.getSourceManager(), Arg->getBeginLoc());
  U.Function = CallerKey;
  Deferred.push_back(std::move(U));
}

void LocalRules::checkMemoryFlags(const CallExpr *CE, const ResolvedDdi &R,
                                  const FunctionDecl *Caller,
                                  const std::string &CallerKey,
                                  std::vector<Finding> &Out,
                                  std::vector<ParamArgUse> &Deferred) const {
  const std::optional<FlagTest> &Allowed = R.Semantics->AllowedFlags;
  if (!Allowed)
    return;
  const Expr *Arg = R.arg(CE, Allowed->Param);
  if (!Arg)
    return;
  const VarDecl *From;
  std::optional<int64_t> V = Locals.constantOf(Arg, From);
  if (!V) {
    deferParameter(Arg, R, Allowed->Param, Caller, CallerKey, Deferred);
    return;
  }
  std::optional<std::string> Problem =
      flagsProblem(*Allowed, R.Spelled->Name, *V);
  if (!Problem)
    return;
  Finding F = make("ndis-memory-flags", Arg->getBeginLoc(), *Problem, Caller);
  addInitialisedAt(F, From);
  Out.push_back(std::move(F));
}

} // namespace ndischeck
