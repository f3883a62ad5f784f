//===- XmlDocument.h - A small XML tree with source positions ---*- C++ -*-===//
//
// MSBuild projects are XML. Expat (Debian's libexpat1) parses them; this
// keeps the elements as a plain tree with the line and column of each, so
// that every later error can say "project.vcxproj:LINE:COL: error: ...".
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_TOOL_XMLDOCUMENT_H
#define NDISCHECK_TOOL_XMLDOCUMENT_H

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ndischeck {

struct XmlElement {
  std::string Name; ///< as written, namespace prefix included
  std::vector<std::pair<std::string, std::string>> Attributes;
  std::string Text; ///< the character data directly inside the element
  std::vector<std::unique_ptr<XmlElement>> Children;
  unsigned Line = 0, Col = 0;

  /// The attribute's value, or null when it is absent. Names compare
  /// case-insensitively, as MSBuild's do.
  const std::string *attr(llvm::StringRef Name) const;
};

struct XmlDocument {
  std::string Path;
  std::unique_ptr<XmlElement> Root;
};

/// Parses Path. On failure returns false and sets Error to
/// "PATH:LINE:COL: error: what" (or "PATH: error: what" without a position).
/// Nesting deeper than 256 elements or files over 64 MiB are refused.
bool parseXmlFile(llvm::StringRef Path, XmlDocument &Out, std::string &Error);

} // namespace ndischeck

#endif
