//===- FuzzRulesLoader.cpp - libFuzzer target: the contract database ------===//
//
// Any text given as --rules must be loaded or refused with an error, never
// crash, hang or throw.
//
//===----------------------------------------------------------------------===//

#include "db/ContractDb.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ndischeck::ContractDb Db;
  std::string Error;
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  if (!ndischeck::parseContractDb(Text, "fuzz.json", Db, Error) &&
      Error.rfind("fuzz.json:", 0) != 0)
    __builtin_trap(); // every refusal names the file (and a position)
  return 0;
}
