/*
 * budget.c - a function the analyses give up on is named in the editor.
 * Run with the analyses' budgets lowered to nothing (TIDY_ARGS in
 * CMakeLists.txt): the leak below is not found, and one check of each
 * analysis says, as a remark at the function, what is not checked in it.
 */
#include <ndis.h>

VOID Grow(ULONG N)
// LOW: budget.c:[[@LINE-1]]:6: remark: 'Grow' is too large for the IRQL analysis (over its budget of steps): the IRQL limits of its calls are not checked [ndis-irql]
// LOW: budget.c:[[@LINE-2]]:6: remark: 'Grow' is too large for the resource analysis (over its budget of steps): its leaks, double frees and unchecked failures are not checked [ndis-leak]
{
    PVOID P, Kept;
    ULONG I;
    for (I = 0; I < N; ++I) {
        if (NdisAllocateMemoryWithTag(&P, 16, 'gaTB') == NDIS_STATUS_SUCCESS)
            NdisFreeMemory(P, 16, 0);
    }
    // USUAL: budget.c:[[@LINE+4]]:9: warning: the memory allocated by NdisAllocateMemoryWithTag is not freed {{.*}} [ndis-leak]
    // USUAL: budget.c:[[@LINE+3]]:9: note: allocated by NdisAllocateMemoryWithTag here
    // USUAL: budget.c:[[@LINE+2]]:9: note: NdisAllocateMemoryWithTag succeeded: the check here passes
    // USUAL: budget.c:[[@LINE+3]]:1: note: not freed on this path, which leaves the scope of 'Kept' here
    if (NdisAllocateMemoryWithTag(&Kept, 16, 'gaTB') != NDIS_STATUS_SUCCESS)
        return;
}
