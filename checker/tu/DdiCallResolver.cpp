//===- DdiCallResolver.cpp - Which DDI a call expression is
//----------------===//

#include "tu/DdiCallResolver.h"

#include "clang/AST/Decl.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace ndischeck {

const Expr *ResolvedDdi::arg(const CallExpr *CE, std::string_view Param) const {
  int I = Semantics ? Semantics->paramIndex(Param) : -1;
  if (I < 0 || static_cast<unsigned>(I) >= CE->getNumArgs())
    return nullptr;
  return CE->getArg(I);
}

ResolvedDdi DdiCallResolver::resolve(const CallExpr *CE) const {
  auto It = Cache.find(CE);
  if (It != Cache.end())
    return It->second;
  return Cache[CE] = resolveUncached(CE);
}

ResolvedDdi DdiCallResolver::resolveUncached(const CallExpr *CE) const {
  ResolvedDdi R;
  if (const FunctionDecl *FD = CE->getDirectCallee())
    if (const IdentifierInfo *II = FD->getIdentifier())
      R.Semantics = Db.ddi(II->getName());

  // Walk the macro expansions around the call, innermost first; the last
  // known name is what the driver wrote.
  SourceLocation Loc = CE->getBeginLoc();
  while (Loc.isMacroID()) {
    // A call written by the driver inside a macro's argument is the
    // driver's call, not the macro's.
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, LO);
    if (const DdiInfo *D = Db.ddi(Name.str())) {
      R.Spelled = D;
      // A macro that is itself the function (runtime mode appends
      // __FILE__/__LINE__) still has the entry's parameters in front.
      if (!R.Semantics && CE->getNumArgs() >= D->Params.size())
        R.Semantics = D;
    }
    Loc = SM.getImmediateMacroCallerLoc(Loc);
  }
  if (!R.Spelled)
    R.Spelled = R.Semantics;
  return R;
}

} // namespace ndischeck
