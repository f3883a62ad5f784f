/*
 * pool.c - every allocation the driver made, live or freed.
 *
 * The record of a block says who allocated it (family, DDI, file:line), what
 * it is (nonpaged, paged, shared memory or an opaque object), its size, flags
 * and tag. Freed blocks are kept, poisoned, and never reused, so a second
 * free of the same address is recognised, and an address inside no live
 * nonpaged block (stack, global, literal, paged or freed memory) is known not
 * to be nonpaged pool.
 *
 * A leak is reported at unload as ndis-halt-leak when initialisation kept
 * the resource (NdisRt_MarkKept) and halt or unload did not release it, and
 * as ndis-leak otherwise, as the checker tells its two rules apart.
 */
#include "ndisrt_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POISON_NEW 0xCD
#define POISON_FREED 0xDD

static NDISRT_ALLOC **Allocs;
static size_t AllocCount, AllocCap;

NDISRT_ALLOC *ndisrt_pool_alloc(size_t Size, NDISRT_FAMILY Family,
                                NDISRT_KIND Kind, const char *Ddi,
                                const char *File, int Line) {
  NDISRT_ALLOC *A;
  unsigned char *Block = malloc(Size ? Size : 1);
  if (!Block)
    return NULL;
  memset(Block, POISON_NEW, Size ? Size : 1);
  A = calloc(1, sizeof *A);
  if (!A) {
    free(Block);
    return NULL;
  }
  if (AllocCount == AllocCap) {
    size_t Cap = AllocCap ? AllocCap * 2 : 64;
    NDISRT_ALLOC **N = realloc(Allocs, Cap * sizeof *N);
    if (!N) {
      free(Block);
      free(A);
      return NULL;
    }
    Allocs = N;
    AllocCap = Cap;
  }
  A->Base = Block;
  A->Size = Size;
  A->Family = Family;
  A->Kind = Kind;
  A->Ddi = Ddi;
  A->File = File ? File : NDISRT_UNKNOWN_FILE;
  A->Line = Line;
  A->Live = TRUE;
  A->Phase = NdisRt_GetPhase();
  Allocs[AllocCount++] = A;
  return A;
}

BOOLEAN ndisrt_family_keyed(NDISRT_FAMILY F) {
  return F >= NdisRtFamMapRegisters && F <= NdisRtFamTimer5;
}

NDISRT_ALLOC *ndisrt_keyed_acquire(NDISRT_FAMILY Family, const void *Key,
                                   const char *Ddi, const char *File,
                                   int Line) {
  NDISRT_ALLOC *A;
  for (size_t I = 0; I < AllocCount; ++I)
    if (Allocs[I]->Live && Allocs[I]->Family == Family && Allocs[I]->Key == Key)
      return Allocs[I];
  A = ndisrt_pool_alloc(sizeof(void *), Family, NdisRtKindObject, Ddi, File,
                        Line);
  if (A)
    A->Key = Key;
  return A;
}

BOOLEAN ndisrt_keyed_release(NDISRT_FAMILY Family, const void *Key,
                             BOOLEAN Strict, const char *Ddi, const char *File,
                             int Line) {
  NDISRT_ALLOC *Freed = NULL;
  for (size_t I = AllocCount; I-- > 0;) {
    NDISRT_ALLOC *A = Allocs[I];
    if (A->Family != Family || A->Key != Key)
      continue;
    if (A->Live) {
      ndisrt_pool_release(A, Ddi, File, Line);
      return TRUE;
    }
    if (!Freed)
      Freed = A;
  }
  if (!Strict)
    return FALSE;
  if (Freed)
    ndisrt_violation("ndis-double-free", File, Line,
                     "%s of %p, registered by %s at %s:%d and already "
                     "released by %s at %s:%d",
                     Ddi, Key, Freed->Ddi, Freed->File, Freed->Line,
                     Freed->FreeDdi, Freed->FreeFile, Freed->FreeLine);
  else
    ndisrt_violation("ndis-wrong-free", File, Line,
                     "%s of %p, for which nothing was registered", Ddi, Key);
  return FALSE;
}

NDISRT_ALLOC *ndisrt_pool_find_base(const void *Address) {
  NDISRT_ALLOC *Freed = NULL;
  /* Newest first: the most recent record for an address is the relevant one. */
  for (size_t I = AllocCount; I-- > 0;) {
    NDISRT_ALLOC *A = Allocs[I];
    if (A->Base != Address)
      continue;
    if (A->Live)
      return A;
    if (!Freed)
      Freed = A;
  }
  return Freed;
}

static BOOLEAN contains(const NDISRT_ALLOC *A, const unsigned char *P,
                        size_t Length) {
  size_t Size = A->Size ? A->Size : 1;
  if (P < A->Base || P >= A->Base + Size)
    return FALSE;
  return Length <= (size_t)(A->Base + Size - P);
}

NDISRT_ALLOC *ndisrt_pool_find_range(const void *Address, size_t Length) {
  const unsigned char *P = Address;
  for (size_t I = AllocCount; I-- > 0;)
    if (Allocs[I]->Live && contains(Allocs[I], P, Length))
      return Allocs[I];
  return NULL;
}

NDISRT_ALLOC *ndisrt_pool_find_any(const void *Address) {
  const unsigned char *P = Address;
  NDISRT_ALLOC *Freed = NULL;
  for (size_t I = AllocCount; I-- > 0;) {
    if (!contains(Allocs[I], P, 0))
      continue;
    if (Allocs[I]->Live)
      return Allocs[I];
    if (!Freed)
      Freed = Allocs[I];
  }
  return Freed;
}

void ndisrt_pool_release(NDISRT_ALLOC *A, const char *Ddi, const char *File,
                         int Line) {
  A->Live = FALSE;
  A->FreeDdi = Ddi;
  A->FreeFile = File ? File : NDISRT_UNKNOWN_FILE;
  A->FreeLine = Line;
  memset(A->Base, POISON_FREED, A->Size ? A->Size : 1);
}

const char *ndisrt_family_name(NDISRT_FAMILY F) {
  switch (F) {
  case NdisRtFamNdisMemory:
    return "NdisAllocateMemory*";
  case NdisRtFamPool:
    return "ExAllocatePool*";
  case NdisRtFamSharedMemory:
    return "NdisAllocateSharedMemory";
  case NdisRtFamMSharedMemory:
    return "NdisMAllocateSharedMemory";
  case NdisRtFamMdl:
    return "NdisAllocateMdl";
  case NdisRtFamBuffer:
    return "NdisAllocateBuffer";
  case NdisRtFamBufferPool:
    return "NdisAllocateBufferPool";
  case NdisRtFamTimer:
    return "NdisAllocateTimerObject";
  case NdisRtFamIoWorkItem:
    return "NdisAllocateIoWorkItem";
  case NdisRtFamNblPool:
    return "NdisAllocateNetBufferListPool";
  case NdisRtFamNbl:
    return "NdisAllocateNetBuffer(AndNetBuffer)List";
  case NdisRtFamPacketPool:
    return "NdisAllocatePacketPool(Ex)";
  case NdisRtFamPacket:
    return "NdisAllocatePacket";
  case NdisRtFamSgDma:
    return "NdisMRegisterScatterGatherDma";
  case NdisRtFamDmaChannel:
    return "NdisMRegisterDmaChannel";
  case NdisRtFamInterrupt:
    return "NdisMRegisterInterruptEx";
  case NdisRtFamIoPortRange:
    return "NdisMRegisterIoPortRange";
  case NdisRtFamIoSpace:
    return "NdisMMapIoSpace";
  case NdisRtFamMapRegisters:
    return "NdisMAllocateMapRegisters";
  case NdisRtFamInterrupt5:
    return "NdisMRegisterInterrupt";
  case NdisRtFamLookaside:
    return "NdisInitializeNPagedLookasideList";
  case NdisRtFamTimer5:
    return "NdisMSet(Periodic)Timer";
  case NdisRtFamIoMdl:
    return "IoAllocateMdl";
  case NdisRtFamIoWorkItemKrnl:
    return "IoAllocateWorkItem";
  case NdisRtFamRwLock:
    return "NdisAllocateRWLock";
  case NdisRtFamLookasideEntry:
    return "NdisAllocateFromNPagedLookasideList";
  case NdisRtFamOther:
    return "the runtime";
  }
  return "?";
}

/* The families the contract database tracks; the others are not reported as
   leaks, since the checker would not report them either. */
BOOLEAN ndisrt_family_leak_checked(NDISRT_FAMILY F) {
  return F <= NdisRtFamTimer5;
}

/* The program image, as GNU ld lays it out (weak: absent elsewhere). */
extern char __executable_start __attribute__((weak));
extern char end __attribute__((weak));

/* Not pool memory: on this thread's stack, in the image, or elsewhere. */
static const char *where_else(const void *Address) {
  const char *P = Address;
  const char *Frame = __builtin_frame_address(0);
  /* Stacks grow down from above the current frame; 8 MiB is the default
     stack size, so this only tells the stack from the heap and the image. */
  if (P >= Frame - 4096 && P < Frame + (8u << 20))
    return "on the stack";
  if (&__executable_start && &end && P >= &__executable_start && P < &end)
    return "a global or literal of the program";
  return "not from any allocating DDI";
}

void ndisrt_describe_address(const void *Address, char *Out, size_t Size) {
  NDISRT_ALLOC *A = ndisrt_pool_find_any(Address);
  if (!Address) {
    snprintf(Out, Size, "NULL");
  } else if (!A) {
    snprintf(Out, Size, "not pool memory: %s", where_else(Address));
  } else if (!A->Live) {
    snprintf(Out, Size, "memory from %s at %s:%d, freed by %s at %s:%d", A->Ddi,
             A->File, A->Line, A->FreeDdi, A->FreeFile, A->FreeLine);
  } else if (A->Kind == NdisRtKindPaged) {
    snprintf(Out, Size, "paged pool from %s at %s:%d", A->Ddi, A->File,
             A->Line);
  } else if (A->Kind == NdisRtKindObject) {
    snprintf(Out, Size, "a descriptor from %s at %s:%d, not a memory block",
             A->Ddi, A->File, A->Line);
  } else {
    snprintf(Out, Size, "%s bytes from %s at %s:%d (%zu bytes)",
             A->Kind == NdisRtKindShared ? "shared" : "nonpaged", A->Ddi,
             A->File, A->Line, A->Size);
  }
}

NDISRT_ALLOC *ndisrt_check_free2(const void *Address, NDISRT_FAMILY Family,
                                 NDISRT_FAMILY Family2, const char *Ddi,
                                 const char *File, int Line) {
  NDISRT_ALLOC *A;
  if (!Address) {
    ndisrt_violation("ndis-wrong-free", File, Line, "%s of NULL", Ddi);
    return NULL;
  }
  A = ndisrt_pool_find_base(Address);
  if (!A) {
    char Where[256];
    A = ndisrt_pool_find_any(Address);
    if (A) {
      ndisrt_violation("ndis-wrong-free", File, Line,
                       "%s of %p, inside the block from %s at %s:%d but not "
                       "its start",
                       Ddi, Address, A->Ddi, A->File, A->Line);
      return NULL;
    }
    ndisrt_describe_address(Address, Where, sizeof Where);
    ndisrt_violation("ndis-wrong-free", File, Line,
                     "%s of %p, which was never allocated: %s", Ddi, Address,
                     Where);
    return NULL;
  }
  if (!A->Live) {
    ndisrt_violation("ndis-double-free", File, Line,
                     "%s of %p, allocated by %s at %s:%d and already freed "
                     "by %s at %s:%d",
                     Ddi, Address, A->Ddi, A->File, A->Line, A->FreeDdi,
                     A->FreeFile, A->FreeLine);
    return NULL;
  }
  if (A->Family != Family && A->Family != Family2) {
    ndisrt_violation("ndis-wrong-free", File, Line,
                     "%s of %p, which was allocated by %s at %s:%d", Ddi,
                     Address, A->Ddi, A->File, A->Line);
    /* Treat it as freed: the leak would only repeat this report. */
    ndisrt_pool_release(A, Ddi, File, Line);
    return NULL;
  }
  return A;
}

NDISRT_ALLOC *ndisrt_check_free(const void *Address, NDISRT_FAMILY Family,
                                const char *Ddi, const char *File, int Line) {
  return ndisrt_check_free2(Address, Family, Family, Ddi, File, Line);
}

static void describe_leak(const NDISRT_ALLOC *A, char *Out, size_t Size) {
  switch (A->Family) {
  case NdisRtFamNdisMemory:
  case NdisRtFamPool:
  case NdisRtFamSharedMemory:
  case NdisRtFamMSharedMemory:
    if (A->Tag)
      snprintf(Out, Size, "%zu bytes from %s (tag 0x%08x)", A->Size, A->Ddi,
               (unsigned)A->Tag);
    else
      snprintf(Out, Size, "%zu bytes from %s", A->Size, A->Ddi);
    break;
  default: {
    static const char *const Nouns[] = {
        [NdisRtFamMdl] = "MDL",
        [NdisRtFamBuffer] = "buffer descriptor",
        [NdisRtFamBufferPool] = "buffer pool",
        [NdisRtFamTimer] = "timer object",
        [NdisRtFamIoWorkItem] = "work item",
        [NdisRtFamNblPool] = "NET_BUFFER_LIST pool",
        [NdisRtFamNbl] = "NET_BUFFER_LIST",
        [NdisRtFamPacketPool] = "packet pool",
        [NdisRtFamPacket] = "packet descriptor",
        [NdisRtFamSgDma] = "scatter/gather DMA registration",
        [NdisRtFamDmaChannel] = "DMA channel",
        [NdisRtFamInterrupt] = "interrupt registration",
        [NdisRtFamIoPortRange] = "I/O port range",
        [NdisRtFamIoSpace] = "mapped I/O space",
        [NdisRtFamMapRegisters] = "map registers",
        [NdisRtFamInterrupt5] = "interrupt registration",
        [NdisRtFamLookaside] = "lookaside list",
        [NdisRtFamTimer5] = "set timer (never cancelled)",
    };
    const char *Noun =
        (size_t)A->Family < sizeof Nouns / sizeof *Nouns && Nouns[A->Family]
            ? Nouns[A->Family]
            : "resource";
    snprintf(Out, Size, "the %s from %s", Noun, A->Ddi);
  }
  }
}

unsigned NdisRt_ReportLeaks(void) {
  unsigned N = 0;
  for (size_t I = 0; I < AllocCount; ++I) {
    NDISRT_ALLOC *A = Allocs[I];
    char What[256];
    if (!A->Live || !ndisrt_family_leak_checked(A->Family))
      continue;
    ++N;
    describe_leak(A, What, sizeof What);
    if (A->Kept)
      ndisrt_violation("ndis-halt-leak", A->File, A->Line,
                       "%s was kept by %s and is still allocated after halt "
                       "and unload",
                       What,
                       A->Phase == NdisRtPhaseDriverEntry ? "DriverEntry"
                                                          : "initialisation");
    else
      ndisrt_violation("ndis-leak", A->File, A->Line,
                       "%s is still allocated at unload", What);
  }
  return N;
}

/* ---- What initialisation kept ---------------------------------------------
 *
 * A conservative scan, like a garbage collector's: the roots are the driver's
 * global variables (the image between the markers that ndisrt_add_driver
 * links around the driver's objects) and the contexts it registered with
 * NDIS; every live block of memory a root points into is scanned in turn.
 * A resource found so is kept by the driver, and so is every keyed resource
 * (map registers, interrupt objects, lookaside lists, set timers): NDIS holds
 * it against the driver's own objects.
 */

extern char ndisrt_driver_data_begin[] __attribute__((weak));
extern char ndisrt_driver_data_end[] __attribute__((weak));
extern char ndisrt_driver_bss_begin[] __attribute__((weak));
extern char ndisrt_driver_bss_end[] __attribute__((weak));

static BOOLEAN is_memory(const NDISRT_ALLOC *A) {
  return A->Kind == NdisRtKindNonPaged || A->Kind == NdisRtKindPaged ||
         A->Kind == NdisRtKindShared;
}

/* Index of the live record whose block contains V, or -1. */
static long live_containing(uintptr_t V) {
  for (size_t I = 0; I < AllocCount; ++I) {
    const NDISRT_ALLOC *A = Allocs[I];
    uintptr_t B = (uintptr_t)A->Base;
    if (A->Live && V >= B && V < B + (A->Size ? A->Size : 1))
      return (long)I;
  }
  return -1;
}

typedef struct _SCAN {
  unsigned char *Reached; /* per record */
  size_t *Work;
  size_t WorkCount;
} SCAN;

static void reach(SCAN *S, uintptr_t V) {
  long I = live_containing(V);
  if (I < 0 || S->Reached[I])
    return;
  S->Reached[I] = 1;
  if (is_memory(Allocs[I]))
    S->Work[S->WorkCount++] = (size_t)I;
}

static void scan_range(SCAN *S, const void *Begin, const void *End) {
  uintptr_t P = ((uintptr_t)Begin + sizeof(void *) - 1) &
                ~(uintptr_t)(sizeof(void *) - 1);
  for (; P + sizeof(void *) <= (uintptr_t)End; P += sizeof(void *)) {
    uintptr_t V;
    memcpy(&V, (const void *)P, sizeof V);
    reach(S, V);
  }
}

/* Whether the markers bound the driver's globals and not the runtime's. */
static BOOLEAN image_markers_sane(void) {
  uintptr_t Own = (uintptr_t)&AllocCount;
  if (!ndisrt_driver_data_begin || !ndisrt_driver_data_end ||
      !ndisrt_driver_bss_begin || !ndisrt_driver_bss_end)
    return FALSE;
  if (ndisrt_driver_data_begin >= ndisrt_driver_data_end ||
      ndisrt_driver_bss_begin >= ndisrt_driver_bss_end)
    return FALSE;
  return !(Own >= (uintptr_t)ndisrt_driver_data_begin &&
           Own < (uintptr_t)ndisrt_driver_data_end) &&
         !(Own >= (uintptr_t)ndisrt_driver_bss_begin &&
           Own < (uintptr_t)ndisrt_driver_bss_end);
}

BOOLEAN NdisRt_DriverGlobalsKnown(void) { return image_markers_sane(); }

unsigned NdisRt_MarkKept(void) {
  NDISRT_REGISTRATION *R = NdisRt_Registration();
  const void *Contexts[] = {
      R->MiniportAdapterContext, R->MiniportDriverContext,
      R->FilterModuleContext,    R->FilterDriverContext,
      R->ProtocolDriverContext,  R->MiniportInterruptContext};
  SCAN S;
  unsigned N = 0;
  if (!AllocCount)
    return 0;
  S.Reached = calloc(AllocCount, 1);
  S.Work = calloc(AllocCount, sizeof *S.Work);
  S.WorkCount = 0;
  if (!S.Reached || !S.Work) {
    free(S.Reached);
    free(S.Work);
    return 0;
  }
  if (image_markers_sane()) {
    scan_range(&S, ndisrt_driver_data_begin, ndisrt_driver_data_end);
    scan_range(&S, ndisrt_driver_bss_begin, ndisrt_driver_bss_end);
  }
  for (size_t K = 0; K < sizeof Contexts / sizeof *Contexts; ++K)
    if (Contexts[K])
      reach(&S, (uintptr_t)Contexts[K]);
  while (S.WorkCount) {
    const NDISRT_ALLOC *A = Allocs[S.Work[--S.WorkCount]];
    scan_range(&S, A->Base, A->Base + A->Size);
  }
  for (size_t I = 0; I < AllocCount; ++I) {
    NDISRT_ALLOC *A = Allocs[I];
    if (!A->Live || A->Kept || !ndisrt_family_leak_checked(A->Family) ||
        (A->Phase != NdisRtPhaseDriverEntry &&
         A->Phase != NdisRtPhaseInitialize))
      continue;
    if (S.Reached[I] || ndisrt_family_keyed(A->Family)) {
      A->Kept = TRUE;
      ++N;
    }
  }
  free(S.Reached);
  free(S.Work);
  return N;
}

unsigned NdisRt_LiveAllocationCount(void) {
  unsigned N = 0;
  for (size_t I = 0; I < AllocCount; ++I)
    if (Allocs[I]->Live && ndisrt_family_leak_checked(Allocs[I]->Family))
      ++N;
  return N;
}

void ndisrt_pool_reset(void) {
  /* Blocks are not freed: a test may still hold pointers into them. */
  for (size_t I = 0; I < AllocCount; ++I)
    free(Allocs[I]);
  AllocCount = 0;
}
