/*
 * ndisrt_internal.h - shared state and helpers of the runtime's modules.
 *
 * The runtime defines the DDIs under their own names (plain_ddis.c), so it
 * includes ndis.h without the call-site forwarding macros.
 */
#ifndef NDISRT_INTERNAL_H
#define NDISRT_INTERNAL_H

#define NDISRT_NO_FORWARDING_MACROS
#include "ndis.h"
#include "ndisrt.h"
#include "ndisrt_ddi.h"

#include <stddef.h>

#define NDISRT_UNKNOWN_FILE "<unknown>"

#if defined(__GNUC__)
#define NDISRT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define NDISRT_PRINTF(f, a)
#endif

/* ---- report.c ------------------------------------------------------------ */

void ndisrt_violation(const char *Rule, const char *File, int Line,
                      const char *Format, ...) NDISRT_PRINTF(4, 5);
/* Not a contract violation: something worth knowing (a crash in a failure
   run, a callback returning at another IRQL). */
void ndisrt_note(const char *Format, ...) NDISRT_PRINTF(1, 2);
void ndisrt_report_reset(void);

/* ---- irql.c ------------------------------------------------------------- */

const char *ndisrt_irql_name(KIRQL Irql);
/* Each reports ndis-irql and returns FALSE when the current IRQL is out of
   range for Ddi; Why (may be NULL) says which condition imposed the limit. */
BOOLEAN ndisrt_require_max(KIRQL Max, const char *Ddi, const char *Why,
                           const char *File, int Line);
BOOLEAN ndisrt_require_exact(KIRQL Irql, const char *Ddi, const char *Why,
                             const char *File, int Line);
BOOLEAN ndisrt_require_min(KIRQL Min, const char *Ddi, const char *Why,
                           const char *File, int Line);
void ndisrt_irql_reset(void);

/* ---- fault.c ------------------------------------------------------------- */

/* Counts one allocating DDI call; TRUE if this one must fail. */
BOOLEAN ndisrt_fault_should_fail(const char *Ddi, const char *File, int Line);
/* The DDI whose call was made to fail, or NULL. */
const char *ndisrt_fault_injected_ddi(void);
void ndisrt_fault_reset(void);

/* ---- pool.c -------------------------------------------------------------- */

/* Which allocator made a resource: a free must come from the same family
   (names follow the contract database's "family"). */
typedef enum _NDISRT_FAMILY {
  NdisRtFamNdisMemory,    /* NdisAllocateMemory(WithTag(Priority)) */
  NdisRtFamPool,          /* ExAllocatePool* */
  NdisRtFamSharedMemory,  /* NdisAllocateSharedMemory */
  NdisRtFamMSharedMemory, /* NdisMAllocateSharedMemory */
  NdisRtFamMdl,           /* NdisAllocateMdl */
  NdisRtFamBuffer,        /* NdisAllocateBuffer */
  NdisRtFamBufferPool,    /* NdisAllocateBufferPool */
  NdisRtFamTimer,         /* NdisAllocateTimerObject */
  NdisRtFamIoWorkItem,    /* NdisAllocateIoWorkItem */
  NdisRtFamNblPool,       /* NdisAllocateNetBufferListPool */
  NdisRtFamNbl,           /* NdisAllocateNetBuffer(AndNetBuffer)List */
  NdisRtFamPacketPool,    /* NdisAllocatePacketPool(Ex) */
  NdisRtFamPacket,        /* NdisAllocatePacket */
  NdisRtFamSgDma,         /* NdisMRegisterScatterGatherDma */
  NdisRtFamDmaChannel,    /* NdisMRegisterDmaChannel */
  NdisRtFamInterrupt,     /* NdisMRegisterInterruptEx */
  NdisRtFamIoPortRange,   /* NdisMRegisterIoPortRange */
  NdisRtFamIoSpace,       /* NdisMMapIoSpace */
  /* Keyed: identified by an argument (the database's "keyedBy"), not by
     what the DDI returns. */
  NdisRtFamMapRegisters, /* NdisMAllocateMapRegisters, by adapter handle */
  NdisRtFamInterrupt5,   /* NdisMRegisterInterrupt, by interrupt object */
  NdisRtFamLookaside,    /* NdisInitializeNPagedLookasideList, by list head */
  NdisRtFamTimer5,       /* NdisMSet(Periodic)Timer, by timer object */
  /* Not in the contract database, so not leak-checked: */
  NdisRtFamIoMdl,          /* IoAllocateMdl */
  NdisRtFamIoWorkItemKrnl, /* IoAllocateWorkItem */
  NdisRtFamRwLock,         /* NdisAllocateRWLock */
  NdisRtFamLookasideEntry, /* NdisAllocateFromNPagedLookasideList */
  NdisRtFamOther           /* runtime-internal objects */
} NDISRT_FAMILY;

/* What the memory is, for the "is this nonpaged pool?" questions. */
typedef enum _NDISRT_KIND {
  NdisRtKindNonPaged,
  NdisRtKindPaged,
  NdisRtKindShared,
  NdisRtKindObject /* a descriptor or handle, not memory handed to the driver */
} NDISRT_KIND;

typedef struct _NDISRT_ALLOC {
  unsigned char *Base;
  size_t Size;
  NDISRT_FAMILY Family;
  NDISRT_KIND Kind;
  const char *Ddi; /* allocating DDI */
  UINT MemoryFlags;
  ULONG Tag;
  BOOLEAN TagPriority; /* from NdisAllocateMemoryWithTagPriority */
  BOOLEAN Cached;      /* NdisMAllocateSharedMemory */
  const char *File;
  int Line;
  BOOLEAN Live;
  const char *FreeDdi;
  const char *FreeFile;
  int FreeLine;
  void *Owner; /* buffer -> its pool; shared memory -> its handle */
  /* Keyed families: the argument that identifies the resource. */
  const void *Key;
  NDISRT_PHASE Phase; /* when it was allocated */
  /* Still allocated when initialisation (or DriverEntry) handed control back
     to NDIS, and kept: reachable from the driver's globals or its
     registered contexts, or keyed. Halt or unload must release it. */
  BOOLEAN Kept;
} NDISRT_ALLOC;

/* Allocates Size bytes (zero-sized requests get one byte) and records it. */
NDISRT_ALLOC *ndisrt_pool_alloc(size_t Size, NDISRT_FAMILY Family,
                                NDISRT_KIND Kind, const char *Ddi,
                                const char *File, int Line);
/* The record whose block starts at Address: live ones first, then freed. */
NDISRT_ALLOC *ndisrt_pool_find_base(const void *Address);
/* The live record whose block contains [Address, Address + Length). */
NDISRT_ALLOC *ndisrt_pool_find_range(const void *Address, size_t Length);
/* Any record (live or freed) whose block contains Address. */
NDISRT_ALLOC *ndisrt_pool_find_any(const void *Address);
/* Marks the record freed. The block stays allocated (poisoned) so its address
   is never reused: a second free is then recognised as such. */
void ndisrt_pool_release(NDISRT_ALLOC *Alloc, const char *Ddi, const char *File,
                         int Line);
const char *ndisrt_family_name(NDISRT_FAMILY Family);
BOOLEAN ndisrt_family_leak_checked(NDISRT_FAMILY Family);
void ndisrt_pool_reset(void);

/* The common checks of a free DDI: NULL, never allocated, interior pointer,
   double free, wrong family. Returns the live record when the free may
   proceed (and it is then the caller's job to release it), NULL otherwise. */
NDISRT_ALLOC *ndisrt_check_free(const void *Address, NDISRT_FAMILY Family,
                                const char *Ddi, const char *File, int Line);
/* Family accepted as a second family by a free DDI (IoFreeMdl). */
NDISRT_ALLOC *ndisrt_check_free2(const void *Address, NDISRT_FAMILY Family,
                                 NDISRT_FAMILY Family2, const char *Ddi,
                                 const char *File, int Line);

/* Keyed resources. acquire: the live record of Family for Key, created if
   there is none (a second NdisMSetTimer keeps the first). release: the live
   record is released; with Strict, releasing a Key that holds none is
   reported (ndis-double-free if it held one before, else ndis-wrong-free).
   Returns TRUE if a live record was released. */
NDISRT_ALLOC *ndisrt_keyed_acquire(NDISRT_FAMILY Family, const void *Key,
                                   const char *Ddi, const char *File, int Line);
BOOLEAN ndisrt_keyed_release(NDISRT_FAMILY Family, const void *Key,
                             BOOLEAN Strict, const char *Ddi, const char *File,
                             int Line);
BOOLEAN ndisrt_family_keyed(NDISRT_FAMILY Family);

/* Describes where Address is for messages ("paged pool from f.c:12", ...). */
void ndisrt_describe_address(const void *Address, char *Out, size_t Size);

/* ---- mdl.c ------------------------------------------------------------------
 */

/* TRUE if [VirtualAddress, +Length) lies in one live nonpaged/shared block. */
BOOLEAN ndisrt_is_nonpaged_range(PVOID VirtualAddress, size_t Length);
/* buffers.c: a buffer descriptor goes back to its pool. */
void ndisrt_buffer_released(NDISRT_ALLOC *Buffer);

/* ---- shared_memory.c --------------------------------------------- */

BOOLEAN ndisrt_dma_registered(void);
void ndisrt_dma_reset(void);

/* ---- registration.c ------------------------------------------------------ */

void ndisrt_registration_reset(void);

/* ---- timers.c / queues --------------------------------------------------- */

void ndisrt_timers_reset(void);
void ndisrt_queues_reset(void);

/* Runs Callback at Irql and complains if it returns at another IRQL. */
void ndisrt_call_at(KIRQL Irql, const char *What, void (*Thunk)(void *),
                    void *Context);

#endif /* NDISRT_INTERNAL_H */
