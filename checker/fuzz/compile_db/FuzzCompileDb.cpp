//===- FuzzCompileDb.cpp - libFuzzer target: compile_commands.json --------===//
//
// Any compile_commands.json must be read or refused with errors, never
// crash or hang. Commands are not expanded here: a fuzzed "@/dev/zero"
// response file would read forever, as it does in clang-tidy.
//
//===----------------------------------------------------------------------===//

#include "tu/CompileDbLoader.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  ndischeck::LoadedCompileDb L =
      ndischeck::readCompileDb(Text, "fuzz/compile_commands.json");
  if (L.Db)
    (void)L.Db->getAllFiles();
  else if (L.Errors.empty())
    __builtin_trap(); // an unusable database is always explained
  return 0;
}
