//===- PrefixPch.h - The shared header prefix, parsed once per run -*- C++
//-*-===//
//
// Every translation unit of a driver starts with the same lines, e.g.
// `#include "precomp.h"`, and through them parses a few hundred thousand
// lines of WDK headers before its own few hundred. Translation units with the
// same command line (but for the file), the same directory and the same first
// #include form a group; the #include lines they all start with are
// precompiled once, in memory, and each TU of the group is parsed with that
// PCH instead of the headers. Precompiling costs about two parses (the parse
// and writing the PCH) and a TU that loads it still reads every declaration
// back (the analyses walk them all), about 40% of a parse: so a group needs
// four TUs to gain.
//
// The PCH is used only where it provably gives the TU the AST that parsing
// the headers gives:
//  - it is built from the TU's own command line and #include lines (written
//    in a virtual header beside the sources, so quoted includes resolve
//    alike), without errors;
//  - the TU then reads its own #include lines once more. The header holds
//    them twice and the build checks that the second reading changes
//    nothing (SecondReading in PrefixPch.cpp): the TU's reading starts from
//    the same state and does the same;
//  - a TU that does not parse cleanly with the PCH is parsed again without.
// The headers' locations are the same files, lines and columns, and all of
// them precede the TU's own text, as the #include lines do; what the
// preprocessor saw in them (SAL annotations) is carried over, and so are the
// files they depend on.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_PREFIXPCH_H
#define NDISCHECK_PREFIXPCH_H

#include "tu/TuSummarizer.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ndischeck {

/// A leading #include directive of a source file.
struct PrefixDirective {
  std::string Key;  ///< "#include <file>": what makes two the same
  std::string Text; ///< as written
};

/// The #include "file" / #include <file> lines a source file starts with,
/// comments and blank lines aside, up to the first other line.
std::vector<PrefixDirective> leadingDirectives(llvm::StringRef Source);

/// A group's header prefix, precompiled.
struct PrefixPch {
  std::string HeaderPath; ///< the virtual header with the directives
  std::string HeaderText; ///< the directives, twice
  unsigned SecondCopyAt = 0;
  std::string PchPath;            ///< where the TUs find the PCH (virtual too)
  llvm::SmallVector<char, 0> Pch; ///< its bytes
  unsigned NumDirectives = 0;
  /// Files the prefix depends on, absolute, as TuSummarizer lists them.
  std::vector<std::string> Dependencies;
  /// Paths its headers' search looked for in vain (AbsentPathRecorder.h).
  std::vector<std::string> AbsentPaths;
  /// SAL annotations in the prefix's headers.
  PrefixSal Sal;

  /// The real file system with the header and the PCH added. A new one for
  /// each parse: ClangTool sets its working directory.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fileSystem() const;
};

enum class PrefixPchMode {
  Off,
  Auto,  ///< for groups of four or more TUs
  Always ///< also for a TU alone (to test that it changes nothing)
};

/// The groups of one run and their PCHs, built on first use.
class SharedPrefixes {
public:
  /// Plans which of Files share a prefix (Files: those about to be parsed).
  SharedPrefixes(const clang::tooling::CompilationDatabase &Cdb,
                 llvm::ArrayRef<std::string> Files, PrefixPchMode Mode);
  ~SharedPrefixes();

  /// The precompiled prefix of File: built by the first caller of its group
  /// while the others wait. Null when File has none, or when it could not
  /// be built or shown safe. Thread-safe.
  std::shared_ptr<const PrefixPch> get(const std::string &File);
  /// File is parsed, with its prefix precompiled or not (it did not parse
  /// cleanly with it); the last of a group frees the PCH.
  void done(const std::string &File, bool UsedPrefix);
  /// One line per planned file, sorted: "FILE: ...".
  std::vector<std::string> log() const;

private:
  struct Group;
  /// What happened to File's prefix, for --prefix-pch-log.
  void note(const std::string &File, std::string What);

  const clang::tooling::CompilationDatabase &Cdb;
  std::map<std::string, std::shared_ptr<Group>> ByFile;
  mutable std::mutex M;
  std::map<std::string, std::string> Notes;
};

} // namespace ndischeck

#endif
