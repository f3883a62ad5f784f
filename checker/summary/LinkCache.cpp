//===- LinkCache.cpp - The link step's findings, cached -------------------===//

#include "summary/LinkCache.h"

#include "summary/AtomicFile.h"
#include "summary/SummaryJson.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <chrono>

using namespace llvm;

namespace ndischeck {

LinkCache::LinkCache(StringRef Dir) : Dir(Dir.str()) {}

std::string LinkCache::path(ArrayRef<std::string> Entries,
                            StringRef Tool) const {
  // NUL-separated and counted, as SummaryCache's keys.
  std::string In = "ndischeck-link-cache";
  auto Add = [&In](StringRef S) {
    In.push_back('\0');
    In.append(S.data(), S.size());
  };
  Add(std::to_string(SummaryFormatVersion));
  Add(Tool);
  Add(std::to_string(Entries.size()));
  for (const std::string &E : Entries)
    Add(E);
  XXH128_hash_t H = xxh3_128bits(arrayRefFromStringRef(In));
  std::string Name;
  raw_string_ostream OS(Name);
  OS << format_hex_no_prefix(H.high64, 16) << format_hex_no_prefix(H.low64, 16)
     << ".ndis";
  SmallString<256> P(Dir);
  sys::path::append(P, "links", OS.str());
  return std::string(P);
}

// An entry is one list of findings (encodeFindings): the run's findings,
// then its notes as findings without a rule.

std::optional<LinkedRun> LinkCache::lookup(ArrayRef<std::string> Entries,
                                           StringRef Tool) const {
  if (Tool.empty())
    return std::nullopt;
  auto Buf = MemoryBuffer::getFile(path(Entries, Tool), /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false,
                                   /*IsVolatile=*/true);
  std::vector<Finding> All;
  std::string Error;
  if (!Buf || !decodeFindings((*Buf)->getBuffer(), All, Error))
    return std::nullopt;
  LinkedRun Run;
  for (Finding &F : All)
    if (F.RuleId.empty())
      Run.Notes.push_back({F.Loc, std::move(F.Message)});
    else
      Run.Findings.push_back(std::move(F));
  return Run;
}

bool LinkCache::store(ArrayRef<std::string> Entries, StringRef Tool,
                      const LinkedRun &Run) const {
  if (Tool.empty())
    return false;
  std::vector<Finding> All = Run.Findings;
  for (const TraceStep &N : Run.Notes) {
    Finding F;
    F.Severity = "note";
    F.Loc = N.Loc;
    F.Message = N.Message;
    All.push_back(std::move(F));
  }
  std::string P = path(Entries, Tool), Error;
  return !sys::fs::create_directories(sys::path::parent_path(P)) &&
         writeFileAtomically(P, encodeFindings(All), Error);
}

std::string LinkCache::toolFingerprint(const char *Argv0, void *MainAddr) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, MainAddr);
  sys::fs::file_status St;
  if (Exe.empty() || sys::fs::status(Exe, St))
    return "";
  return Exe + "\n" + std::to_string(St.getSize()) + "\n" +
         std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(
                            St.getLastModificationTime().time_since_epoch())
                            .count());
}

} // namespace ndischeck
