//===- OutputFile.h - Write a report where the user asked -------*- C++ -*-===//
//
// `-o PATH` must never destroy what PATH names. A regular file (or a path
// that does not exist yet) is replaced atomically, so a reader sees the old
// report or the new one; anything else is written through and never
// replaced: a symbolic link's target is replaced as its own path would be,
// a character device or FIFO (/dev/null, /dev/stdout, a pipe to an uploader)
// is opened and written, and a directory or socket is refused. "-" is
// standard output.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_OUTPUTFILE_H
#define NDISCHECK_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace ndischeck {

/// Writes Content to Path as described above. On failure returns false and
/// sets Error to what went wrong, naming the path; nothing is replaced.
bool writeOutputFile(llvm::StringRef Path, llvm::StringRef Content,
                     std::string &Error);

/// Writes Content to standard output and flushes it. Returns false (with
/// Error set, and the stream's error cleared so that LLVM does not abort at
/// exit) when the write failed, e.g. on a full disk or a closed descriptor.
bool writeStdout(llvm::StringRef Content, std::string &Error);

} // namespace ndischeck

#endif
