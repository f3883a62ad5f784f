//===- FuzzSummaryDecoder.cpp - libFuzzer target: summary decoding --------===//
//
// A summary read back from the cache or a build action's output must decode
// or be refused, never crash or throw. Written against the public decoder
// of SummaryJson.h, so it follows whatever encoding that decoder reads.
//
//===----------------------------------------------------------------------===//

#include "summary/SummaryJson.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  std::string Error;
  // A summary in either form (binary, as the cache and --summarize write
  // it, or JSON), and a --summarize output file.
  ndischeck::TuSummary S;
  if (ndischeck::decodeSummary(Bytes, S, Error)) {
    // What decodes must encode again, and decode to the same.
    std::string Again = ndischeck::encodeSummary(S);
    ndischeck::TuSummary Back;
    if (!ndischeck::decodeSummary(Again, Back, Error) ||
        ndischeck::encodeSummary(Back) != Again)
      __builtin_trap();
    // A binary summary's strings are bytes, not necessarily UTF-8 (a
    // path's); JSON is written as the reports write it.
    (void)ndischeck::summaryToJson(S).dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else if (Error.empty()) {
    __builtin_trap(); // a refusal says why
  }
  ndischeck::SummaryFile F;
  Error.clear();
  if (ndischeck::decodeSummaryFile(Bytes, F, Error))
    (void)ndischeck::encodeSummaryFile(F);
  else if (Error.empty())
    __builtin_trap();
  return 0;
}
