//===- MsBuildExpr.h - MSBuild properties, expansion, conditions -*- C++ -*-=//
//
// The part of MSBuild's evaluation a compile command depends on: properties
// (case-insensitive names; global ones, such as Configuration and Platform
// given on the command line, cannot be overridden by the project),
// `$(Name)` and `$(Name.Replace('a','b'))` expansion, `%(Metadata)` in item
// definitions, and Condition expressions (==, !=, <, >, <=, >=, and, or, !,
// Exists(), HasTrailingSlash(), numbers in decimal or 0x hex).
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_MSBUILDEXPR_H
#define NDISCHECK_TOOL_MSBUILDEXPR_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace ndischeck {

/// Case-insensitive ordering for MSBuild names.
struct NoCaseLess {
  bool operator()(const std::string &A, const std::string &B) const {
    return llvm::StringRef(A).compare_insensitive(B) < 0;
  }
};
using MetadataMap = std::map<std::string, std::string, NoCaseLess>;

class PropertyTable {
public:
  /// A property given from outside; the project cannot change it.
  void setGlobal(llvm::StringRef Name, llvm::StringRef Value);
  /// A property the project (or one of its imports) sets; ignored for
  /// global properties.
  void set(llvm::StringRef Name, llvm::StringRef Value);
  bool isSet(llvm::StringRef Name) const;
  /// The property's value; unset properties fall back to Fallback (defaults
  /// that depend on other properties, such as the WDK's), then to the
  /// environment, as in MSBuild, then to "".
  std::string get(llvm::StringRef Name) const;

  std::function<std::optional<std::string>(const PropertyTable &,
                                           llvm::StringRef)>
      Fallback;

private:
  llvm::StringMap<std::string> Values; ///< keyed by lower-case name
  llvm::StringMap<bool> Global;
};

/// Expands and evaluates text of one file of the project.
class MsBuildExpander {
public:
  MsBuildExpander(const PropertyTable &Props, std::string ProjectDir)
      : Props(Props), ProjectDir(std::move(ProjectDir)) {}

  /// The file the text comes from ($(MSBuildThisFile...)).
  std::string ThisFile;
  /// The current item's metadata, for %(Name); without it %(...) is kept.
  const MetadataMap *Metadata = nullptr;

  std::string expand(llvm::StringRef Text) const;
  /// Evaluates a Condition attribute. An empty condition is true. On a
  /// malformed condition returns false and sets Error.
  bool condition(llvm::StringRef Text, std::string &Error) const;

  const std::string &projectDir() const { return ProjectDir; }

private:
  std::string property(llvm::StringRef Inner) const;

  const PropertyTable &Props;
  std::string ProjectDir;
};

/// MSBuild's %XX escapes (%3B for ';', %24 for '$', ...) decoded.
std::string msbuildUnescape(llvm::StringRef S);

/// An MSBuild number: decimal or 0x hex.
std::optional<long long> msbuildNumber(llvm::StringRef S);

} // namespace ndischeck

#endif
