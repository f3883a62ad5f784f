//===- AbsentPathRecorder.cpp - Which files Clang looked for in vain ------===//

#include "tu/AbsentPathRecorder.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace ndischeck {

void AbsentPathRecorder::noteIfAbsent(const Twine &Path, std::error_code EC) {
  // Only "not there": a permission error says nothing about shadowing.
  if (EC != std::errc::no_such_file_or_directory &&
      EC != std::errc::not_a_directory)
    return;
  SmallString<256> Abs;
  Path.toVector(Abs);
  if (makeAbsolute(Abs))
    return;
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  std::lock_guard<std::mutex> Lock(M);
  Absent.insert(std::string(Abs));
}

ErrorOr<vfs::Status> AbsentPathRecorder::status(const Twine &Path) {
  ErrorOr<vfs::Status> S = ProxyFileSystem::status(Path);
  if (!S)
    noteIfAbsent(Path, S.getError());
  return S;
}

ErrorOr<std::unique_ptr<vfs::File>>
AbsentPathRecorder::openFileForRead(const Twine &Path) {
  ErrorOr<std::unique_ptr<vfs::File>> F =
      ProxyFileSystem::openFileForRead(Path);
  if (!F)
    noteIfAbsent(Path, F.getError());
  return F;
}

std::vector<std::string> AbsentPathRecorder::absentPaths() const {
  std::lock_guard<std::mutex> Lock(M);
  return {Absent.begin(), Absent.end()};
}

} // namespace ndischeck
