//===- SalAnnotations.cpp - SAL IRQL annotations from macro expansions
//-----===//

#include "tu/SalAnnotations.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/Preprocessor.h"

#include <algorithm>

using namespace clang;

namespace ndischeck {

class SalCallbacks : public PPCallbacks {
public:
  SalCallbacks(SalAnnotationIndex &Index, Preprocessor &PP)
      : Index(Index), PP(PP) {}

  void MacroExpands(const Token &NameTok, const MacroDefinition &,
                    SourceRange Range, const MacroArgs *Args) override {
    const IdentifierInfo *II = NameTok.getIdentifierInfo();
    if (!II || !II->getName().starts_with("_IRQL_"))
      return;
    SourceLocation Loc = NameTok.getLocation();
    // Annotations spelled inside other macros (role typedef helpers) belong
    // to those macros' users, whose own annotations come from the database.
    if (!Loc.isFileID())
      return;
    const SourceManager &SM = PP.getSourceManager();
    std::pair<FileID, unsigned> FO = SM.getDecomposedLoc(Loc);
    unsigned End = FO.second + NameTok.getLength();
    SourceLocation RE = Range.getEnd();
    if (RE.isFileID() && SM.getFileID(RE) == FO.first)
      End = SM.getFileOffset(RE) + 1;
    SalUse U{FO.second, End, II->getName().str(), {}};
    if (Args) {
      for (unsigned I = 0, N = Args->getNumMacroArguments(); I < N; ++I) {
        std::string Text;
        for (const Token *T = Args->getUnexpArgument(I);
             T && T->isNot(tok::eof); ++T)
          Text += PP.getSpelling(*T);
        U.Args.push_back(std::move(Text));
      }
    }
    // Expansions arrive in file order, so appending keeps each list sorted.
    Index.Uses[FO.first].push_back(std::move(U));
  }

private:
  SalAnnotationIndex &Index;
  Preprocessor &PP;
};

std::unique_ptr<PPCallbacks>
SalAnnotationIndex::makeCallbacks(Preprocessor &PP) {
  return std::make_unique<SalCallbacks>(*this, PP);
}

SalAnnotationIndex::UsesByFile
SalAnnotationIndex::exportUses(const SourceManager &SM) const {
  UsesByFile Out;
  for (const auto &[F, List] : Uses) {
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(F);
    if (!FE)
      continue;
    std::vector<SalUse> &To = Out[FE->getUniqueID()];
    To.insert(To.end(), List.begin(), List.end());
  }
  // A file entered twice (no include guard) has the same uses twice.
  for (auto &[ID, List] : Out) {
    std::sort(List.begin(), List.end(), [](const SalUse &A, const SalUse &B) {
      return A.Offset < B.Offset;
    });
    List.erase(std::unique(List.begin(), List.end(),
                           [](const SalUse &A, const SalUse &B) {
                             return A.Offset == B.Offset;
                           }),
               List.end());
  }
  return Out;
}

const std::vector<SalUse> *
SalAnnotationIndex::usesOf(FileID F, const SourceManager &SM) const {
  auto It = Uses.find(F);
  if (It != Uses.end())
    return &It->second;
  if (!Imported)
    return nullptr;
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(F);
  if (!FE)
    return nullptr;
  auto Imp = Imported->find(FE->getUniqueID());
  return Imp == Imported->end() ? nullptr : &Imp->second;
}

void SalAnnotationIndex::usesIn(const FunctionDecl *FD, const SourceManager &SM,
                                std::vector<const SalUse *> &Out) const {
  for (const FunctionDecl *D : FD->redecls()) {
    SourceLocation B = SM.getExpansionLoc(D->getBeginLoc());
    // A definition's annotations end where its body begins.
    SourceLocation E = D->doesThisDeclarationHaveABody() && D->getBody()
                           ? D->getBody()->getBeginLoc()
                           : D->getEndLoc();
    E = SM.getExpansionLoc(E);
    if (B.isInvalid() || E.isInvalid())
      continue;
    std::pair<FileID, unsigned> BO = SM.getDecomposedLoc(B);
    std::pair<FileID, unsigned> EO = SM.getDecomposedLoc(E);
    if (BO.first != EO.first)
      continue;
    const std::vector<SalUse> *Found = usesOf(BO.first, SM);
    if (!Found)
      continue;
    const std::vector<SalUse> &V = *Found;
    auto Lo = std::lower_bound(
        V.begin(), V.end(), BO.second,
        [](const SalUse &U, unsigned Off) { return U.Offset < Off; });
    for (auto I = Lo; I != V.end() && I->Offset <= EO.second; ++I)
      Out.push_back(&*I);
    // SAL written before the return type expands to nothing, so the
    // declaration starts after it: take the annotations that precede it
    // separated only by whitespace.
    llvm::StringRef Buf = SM.getBufferData(BO.first);
    unsigned Cur = BO.second;
    for (auto I = Lo; I != V.begin();) {
      --I;
      if (I->End > Cur || !Buf.slice(I->End, Cur).trim().empty())
        break;
      Out.push_back(&*I);
      Cur = I->Offset;
    }
  }
}

SalIrql SalAnnotationIndex::forFunction(const FunctionDecl *FD,
                                        const SourceManager &SM) const {
  // Asked at every call of every driver function; the answer is per
  // declaration chain, so the canonical declaration keys it.
  FD = FD->getCanonicalDecl();
  auto It = Memo.find(FD);
  if (It != Memo.end())
    return It->second;
  SalIrql &Result = Memo[FD];
  if (Uses.empty() && !Imported)
    return Result;
  std::vector<const SalUse *> Found;
  usesIn(FD, SM, Found);
  SalIrql S;
  auto Level = [](const SalUse *U) -> std::optional<Irql> {
    if (U->Args.empty())
      return std::nullopt;
    return parseIrql(U->Args.front());
  };
  for (const SalUse *U : Found) {
    if (U->Name == "_IRQL_requires_max_")
      S.RequiresMax = Level(U);
    else if (U->Name == "_IRQL_requires_min_")
      S.RequiresMin = Level(U);
    else if (U->Name == "_IRQL_requires_")
      S.Requires = Level(U);
    else if (U->Name == "_IRQL_raises_")
      S.Raises = Level(U);
    else if (U->Name == "_IRQL_saves_global_")
      S.SavesGlobal = true;
    else if (U->Name == "_IRQL_restores_global_")
      S.RestoresGlobal = true;
  }
  return Result = S;
}

std::string SalAnnotationIndex::globalParam(const FunctionDecl *FD,
                                            const SourceManager &SM) const {
  std::vector<const SalUse *> Found;
  usesIn(FD, SM, Found);
  for (const SalUse *U : Found)
    if ((U->Name == "_IRQL_saves_global_" ||
         U->Name == "_IRQL_restores_global_") &&
        U->Args.size() >= 2)
      return U->Args[1];
  return "";
}

} // namespace ndischeck
