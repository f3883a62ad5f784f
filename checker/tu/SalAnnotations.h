//===- SalAnnotations.h - SAL IRQL annotations from macro expansions -*- C++
//-*-===//
//
// SAL's _IRQL_* annotations expand to different things in the WDK, in
// mingw-w64 and in the runtime's header (often to nothing). The preprocessor
// still sees every expansion, so they are read there, by name, and later
// attached to the function declaration whose text contains them.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SALANNOTATIONS_H
#define NDISCHECK_SALANNOTATIONS_H

#include "summary/Summary.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/FileSystem.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clang {
class FunctionDecl;
class Preprocessor;
} // namespace clang

namespace ndischeck {

struct SalUse {
  unsigned Offset; ///< file offset of the macro name
  unsigned End;    ///< file offset just past the invocation
  std::string Name;
  std::vector<std::string> Args; ///< unexpanded argument spellings
};

/// Collects every _IRQL_* macro expansion written in a file (not inside
/// another macro's body).
class SalAnnotationIndex {
public:
  std::unique_ptr<clang::PPCallbacks> makeCallbacks(clang::Preprocessor &PP);

  /// Uses by file identity rather than by FileID, for another parse of the
  /// same files: a precompiled header prefix replays no macro expansions.
  using UsesByFile = std::map<llvm::sys::fs::UniqueID, std::vector<SalUse>>;
  UsesByFile exportUses(const clang::SourceManager &SM) const;
  /// Uses in files this parse loads precompiled (exportUses of their parse).
  void importUses(std::shared_ptr<const UsesByFile> FromPrefix) {
    Imported = std::move(FromPrefix);
  }

  /// The annotations written on any declaration of FD.
  SalIrql forFunction(const clang::FunctionDecl *FD,
                      const clang::SourceManager &SM) const;
  /// The parameter named by _IRQL_saves_global_ / _IRQL_restores_global_.
  std::string globalParam(const clang::FunctionDecl *FD,
                          const clang::SourceManager &SM) const;

private:
  friend class SalCallbacks;
  std::map<clang::FileID, std::vector<SalUse>> Uses; // sorted by Offset
  std::shared_ptr<const UsesByFile> Imported;
  const std::vector<SalUse> *usesOf(clang::FileID F,
                                    const clang::SourceManager &SM) const;
  mutable llvm::DenseMap<const clang::FunctionDecl *, SalIrql> Memo;
  void usesIn(const clang::FunctionDecl *FD, const clang::SourceManager &SM,
              std::vector<const SalUse *> &Out) const;
};

} // namespace ndischeck

#endif
