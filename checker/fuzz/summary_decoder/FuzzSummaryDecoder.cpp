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
  nlohmann::json J = nlohmann::json::parse(Data, Data + Size, nullptr,
                                           /*allow_exceptions=*/false);
  if (J.is_discarded())
    return 0;
  ndischeck::TuSummary S;
  std::string Error;
  if (ndischeck::summaryFromJson(J, S, Error)) {
    // What decodes must encode again.
    (void)ndischeck::summaryToJson(S).dump();
  } else if (Error.empty()) {
    __builtin_trap(); // a refusal says why
  }
  return 0;
}
