//===- CrashContainment.cpp - Survive a crash in one translation unit -----===//

#include "tu/CrashContainment.h"

#include "llvm/Support/CrashRecoveryContext.h"

#include <csignal>
#include <memory>
#include <mutex>

namespace ndischeck {

namespace {

/// The signals CrashRecoveryContext handles.
constexpr int CrashSignals[] = {SIGABRT, SIGBUS,  SIGFPE,
                                SIGILL,  SIGSEGV, SIGTRAP};

/// Big enough for the handler and what it calls before it jumps back.
constexpr size_t AltStackSize = 256 * 1024;

void enableOnce() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::CrashRecoveryContext::Enable();
    // Let the handlers run on the alternate stack (see the header).
    for (int Sig : CrashSignals) {
      struct sigaction A;
      if (sigaction(Sig, nullptr, &A) == 0) {
        A.sa_flags |= SA_ONSTACK;
        sigaction(Sig, &A, nullptr);
      }
    }
  });
}

/// Gives the calling thread an alternate signal stack unless it has one.
void ensureAltStack() {
  thread_local std::unique_ptr<char[]> Stack;
  if (Stack)
    return;
  stack_t Old;
  if (sigaltstack(nullptr, &Old) == 0 && !(Old.ss_flags & SS_DISABLE))
    return;
  Stack = std::make_unique<char[]>(AltStackSize);
  stack_t New = {};
  New.ss_sp = Stack.get();
  New.ss_size = AltStackSize;
  sigaltstack(&New, nullptr);
}

} // namespace

int runContained(llvm::function_ref<void()> Fn) {
  enableOnce();
  ensureAltStack();
  llvm::CrashRecoveryContext CRC;
  if (CRC.RunSafely(Fn))
    return 0;
  // RetCode is 128 + the signal on POSIX systems.
  return CRC.RetCode > 128 ? CRC.RetCode - 128 : SIGABRT;
}

} // namespace ndischeck
