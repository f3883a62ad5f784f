//===- CrashContainment.h - Survive a crash in one translation unit -*- C++
//-*-===//
//
// Clang's parser recurses: code nested deeply enough (and allowed by
// -fbracket-depth) overflows the stack, and stock clang crashes with it. One
// such file must not end the whole run, so each translation unit runs in an
// llvm::CrashRecoveryContext, as libclang and ASTUnit run theirs.
//
// CrashRecoveryContext alone cannot recover from a stack overflow: its signal
// handler has no stack left to run on. So the handlers get SA_ONSTACK and
// every thread that runs a translation unit gets an alternate signal stack.
//
// After a recovered crash the translation unit's memory is leaked, and a
// crash inside the C library (a lock held in malloc) could still hang later
// work: recovery is best effort, as it is in libclang.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_CRASHCONTAINMENT_H
#define NDISCHECK_CRASHCONTAINMENT_H

#include "llvm/ADT/STLFunctionalExtras.h"

namespace ndischeck {

/// Runs Fn. Returns 0 when it returned, or the signal that ended it (the
/// crash is then recovered from and Fn's stack abandoned).
int runContained(llvm::function_ref<void()> Fn);

} // namespace ndischeck

#endif
