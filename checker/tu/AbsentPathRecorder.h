//===- AbsentPathRecorder.h - Which files Clang looked for in vain -*- C++
//-*-===//
//
// Which file an #include names depends on files that do NOT exist: with
// -IincA -IincB, <miniport.h> is incB/miniport.h only while there is no
// incA/miniport.h. The summary cache must therefore know every path Clang
// probed and did not find (header search, __has_include, the driver's own
// lookups), and treat an entry as stale once one of them exists. This file
// system records those paths on their way to the real one.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_ABSENTPATHRECORDER_H
#define NDISCHECK_ABSENTPATHRECORDER_H

#include "llvm/Support/VirtualFileSystem.h"

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace ndischeck {

class AbsentPathRecorder : public llvm::vfs::ProxyFileSystem {
public:
  explicit AbsentPathRecorder(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : ProxyFileSystem(std::move(FS)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override;
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override;

  /// The absolute paths looked up and not found so far, sorted.
  std::vector<std::string> absentPaths() const;

private:
  void noteIfAbsent(const llvm::Twine &Path, std::error_code EC);

  mutable std::mutex M;
  std::set<std::string> Absent;
};

} // namespace ndischeck

#endif
