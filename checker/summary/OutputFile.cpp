//===- OutputFile.cpp - Write a report where the user asked ---------------===//

#include "summary/OutputFile.h"

#include "summary/AtomicFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace ndischeck {

namespace {

/// Opens an existing device or FIFO for writing, without creating or
/// truncating anything, and writes Content to it.
bool writeThrough(StringRef Path, StringRef Content, std::string &Error) {
  int FD = -1;
  if (std::error_code EC =
          sys::fs::openFileForWrite(Path, FD, sys::fs::CD_OpenExisting)) {
    Error = "cannot open '" + Path.str() + "' for writing: " + EC.message();
    return false;
  }
  raw_fd_ostream OS(FD, /*shouldClose=*/true);
  OS << Content;
  OS.close();
  if (OS.has_error()) {
    Error = "cannot write '" + Path.str() + "': " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

} // namespace

bool writeOutputFile(StringRef Path, StringRef Content, std::string &Error) {
  if (Path == "-")
    return writeStdout(Content, Error);

  // A link is followed: its target is what the user means to update, and the
  // link itself must survive.
  SmallString<256> Target(Path);
  sys::fs::file_status Link;
  if (!sys::fs::status(Path, Link, /*follow=*/false) &&
      Link.type() == sys::fs::file_type::symlink_file) {
    if (std::error_code EC = sys::fs::real_path(Path, Target)) {
      Error = "cannot write '" + Path.str() +
              "': a symbolic link whose target cannot be resolved (" +
              EC.message() + ")";
      return false;
    }
  }

  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Target, St)) {
    if (EC != std::errc::no_such_file_or_directory) {
      Error = "cannot write '" + Path.str() + "': " + EC.message();
      return false;
    }
    return writeFileAtomically(Target, Content, Error);
  }
  switch (St.type()) {
  case sys::fs::file_type::regular_file:
    return writeFileAtomically(Target, Content, Error);
  case sys::fs::file_type::character_file:
  case sys::fs::file_type::fifo_file:
  case sys::fs::file_type::block_file:
    return writeThrough(Target, Content, Error);
  case sys::fs::file_type::directory_file:
    Error = "cannot write '" + Path.str() + "': it is a directory";
    return false;
  default:
    Error =
        "cannot write '" + Path.str() + "': not a regular file, device or FIFO";
    return false;
  }
}

bool writeStdout(StringRef Content, std::string &Error) {
  raw_fd_ostream &OS = outs();
  OS << Content;
  OS.flush();
  if (!OS.has_error())
    return true;
  Error = "cannot write the report to standard output: " + OS.error().message();
  OS.clear_error();
  return false;
}

} // namespace ndischeck
