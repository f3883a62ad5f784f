/*
 * locks.c - spin locks and read/write locks: their IRQL contracts and the
 * IRQL they raise to and restore.
 *
 * Acquiring raises to DISPATCH_LEVEL and saves the previous IRQL where the
 * DDI keeps it (the NDIS_SPIN_LOCK, *OldIrql, the lock handle or lock
 * state); releasing restores that value. The Dpr / AtDpcLevel variants
 * require the caller to be at DISPATCH_LEVEL already.
 */
#include "ndisrt_internal.h"

#include <string.h>

static void acquire(KIRQL *Save, const char *Ddi, const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  *Save = NdisRt_GetIrql();
  NdisRt_SetIrql(DISPATCH_LEVEL);
}

static void release(KIRQL Restore, const char *Ddi, const char *File,
                    int Line) {
  ndisrt_require_exact(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  NdisRt_SetIrql(Restore);
}

static void at_dpc(const char *Ddi, const char *File, int Line) {
  ndisrt_require_exact(DISPATCH_LEVEL, Ddi, NULL, File, Line);
}

/* KeAcquire(InStackQueued)SpinLockAtDpcLevel: "if and only if they are
   already running at an IRQL of DISPATCH_LEVEL or above". */
static void at_or_above_dpc(const char *Ddi, const char *File, int Line) {
  ndisrt_require_min(DISPATCH_LEVEL, Ddi, NULL, File, Line);
}

/* ---- NDIS spin locks ----------------------------------------------------- */

VOID NdisRt_NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock, const char *File,
                                 int Line) {
  (void)File;
  (void)Line;
  SpinLock->SpinLock = 0;
  SpinLock->OldIrql = PASSIVE_LEVEL;
}

VOID NdisRt_NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock, const char *File,
                             int Line) {
  (void)SpinLock;
  (void)File;
  (void)Line;
}

VOID NdisRt_NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock, const char *File,
                                int Line) {
  KIRQL Old;
  acquire(&Old, "NdisAcquireSpinLock", File, Line);
  SpinLock->OldIrql = Old;
  SpinLock->SpinLock = 1;
}

VOID NdisRt_NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock, const char *File,
                                int Line) {
  SpinLock->SpinLock = 0;
  release(SpinLock->OldIrql, "NdisReleaseSpinLock", File, Line);
}

VOID NdisRt_NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock, const char *File,
                                   int Line) {
  at_dpc("NdisDprAcquireSpinLock", File, Line);
  SpinLock->SpinLock = 1;
}

VOID NdisRt_NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock, const char *File,
                                   int Line) {
  at_dpc("NdisDprReleaseSpinLock", File, Line);
  SpinLock->SpinLock = 0;
}

/* ---- Kernel spin locks --------------------------------------------------- */

VOID NdisRt_KeInitializeSpinLock(PKSPIN_LOCK SpinLock, const char *File,
                                 int Line) {
  (void)File;
  (void)Line;
  *SpinLock = 0;
}

VOID NdisRt_KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql,
                              const char *File, int Line) {
  acquire(OldIrql, "KeAcquireSpinLock", File, Line);
  *SpinLock = 1;
}

KIRQL NdisRt_KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock, const char *File,
                                         int Line) {
  KIRQL Old;
  acquire(&Old, "KeAcquireSpinLockRaiseToDpc", File, Line);
  *SpinLock = 1;
  return Old;
}

VOID NdisRt_KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql,
                              const char *File, int Line) {
  *SpinLock = 0;
  release(NewIrql, "KeReleaseSpinLock", File, Line);
}

VOID NdisRt_KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, const char *File,
                                        int Line) {
  at_or_above_dpc("KeAcquireSpinLockAtDpcLevel", File, Line);
  *SpinLock = 1;
}

VOID NdisRt_KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock,
                                          const char *File, int Line) {
  at_dpc("KeReleaseSpinLockFromDpcLevel", File, Line);
  *SpinLock = 0;
}

VOID NdisRt_KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock,
                                           PKLOCK_QUEUE_HANDLE LockHandle,
                                           const char *File, int Line) {
  acquire(&LockHandle->OldIrql, "KeAcquireInStackQueuedSpinLock", File, Line);
  LockHandle->LockQueue.Lock = SpinLock;
  LockHandle->LockQueue.Next = NULL;
  *SpinLock = 1;
}

VOID NdisRt_KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle,
                                           const char *File, int Line) {
  if (LockHandle->LockQueue.Lock)
    *LockHandle->LockQueue.Lock = 0;
  release(LockHandle->OldIrql, "KeReleaseInStackQueuedSpinLock", File, Line);
}

VOID NdisRt_KeAcquireInStackQueuedSpinLockAtDpcLevel(
    PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle, const char *File,
    int Line) {
  at_or_above_dpc("KeAcquireInStackQueuedSpinLockAtDpcLevel", File, Line);
  LockHandle->OldIrql = DISPATCH_LEVEL;
  LockHandle->LockQueue.Lock = SpinLock;
  *SpinLock = 1;
}

VOID NdisRt_KeReleaseInStackQueuedSpinLockFromDpcLevel(
    PKLOCK_QUEUE_HANDLE LockHandle, const char *File, int Line) {
  at_dpc("KeReleaseInStackQueuedSpinLockFromDpcLevel", File, Line);
  if (LockHandle->LockQueue.Lock)
    *LockHandle->LockQueue.Lock = 0;
}

/* ---- Read/write locks ---------------------------------------------------- */

VOID NdisRt_NdisInitializeReadWriteLock(PNDIS_RW_LOCK Lock, const char *File,
                                        int Line) {
  (void)File;
  (void)Line;
  memset(Lock, 0, sizeof *Lock);
}

VOID NdisRt_NdisAcquireReadWriteLock(PNDIS_RW_LOCK Lock, BOOLEAN fWrite,
                                     PLOCK_STATE LockState, const char *File,
                                     int Line) {
  (void)Lock;
  acquire(&LockState->OldIrql, "NdisAcquireReadWriteLock", File, Line);
  LockState->LockState = fWrite ? 2 : 1;
}

VOID NdisRt_NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState,
                                     const char *File, int Line) {
  (void)Lock;
  LockState->LockState = 0;
  release(LockState->OldIrql, "NdisReleaseReadWriteLock", File, Line);
}

PNDIS_RW_LOCK_EX NdisRt_NdisAllocateRWLock(NDIS_HANDLE NdisHandle,
                                           const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateRWLock";
  NDISRT_ALLOC *A;
  (void)NdisHandle;
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(ULONG_PTR) * 4, NdisRtFamRwLock,
                        NdisRtKindObject, Ddi, File, Line);
  return A ? (PNDIS_RW_LOCK_EX)A->Base : NULL;
}

VOID NdisRt_NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock, const char *File, int Line) {
  NDISRT_ALLOC *A;
  ndisrt_require_max(DISPATCH_LEVEL, "NdisFreeRWLock", NULL, File, Line);
  A = ndisrt_check_free(Lock, NdisRtFamRwLock, "NdisFreeRWLock", File, Line);
  if (A)
    ndisrt_pool_release(A, "NdisFreeRWLock", File, Line);
}

VOID NdisRt_NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock,
                                  PLOCK_STATE_EX LockState, UCHAR Flags,
                                  const char *File, int Line) {
  (void)Lock;
  acquire(&LockState->OldIrql, "NdisAcquireRWLockRead", File, Line);
  LockState->LockState = 1;
  LockState->Flags = Flags;
}

VOID NdisRt_NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock,
                                   PLOCK_STATE_EX LockState, UCHAR Flags,
                                   const char *File, int Line) {
  (void)Lock;
  acquire(&LockState->OldIrql, "NdisAcquireRWLockWrite", File, Line);
  LockState->LockState = 2;
  LockState->Flags = Flags;
}

VOID NdisRt_NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState,
                              const char *File, int Line) {
  (void)Lock;
  LockState->LockState = 0;
  release(LockState->OldIrql, "NdisReleaseRWLock", File, Line);
}
