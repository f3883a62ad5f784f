/*
 * resources.c - the resources halt must release that are neither memory nor
 * registrations: NET_BUFFER_LIST pools and NET_BUFFER_LISTs (NDIS 6), packet
 * pools and packets (NDIS 5), nonpaged lookaside lists and I/O port ranges.
 *
 * Each is a record of the pool (pool.c) with its family, so a free of the
 * wrong kind, a second free and a leak at unload are reported like memory's.
 * Allocations that can fail are counted for fault injection and fail the
 * documented way.
 */
#include "ndisrt_internal.h"

#include <string.h>

static void dispatch_max(const char *Ddi, const char *File, int Line) {
  ndisrt_require_max(DISPATCH_LEVEL, Ddi, NULL, File, Line);
}

/* The live record of Family at Handle, or NULL after a note: using a pool
   that does not exist has no rule of its own. */
static NDISRT_ALLOC *live_pool(NDIS_HANDLE Handle, NDISRT_FAMILY Family,
                               const char *Ddi, const char *File, int Line) {
  NDISRT_ALLOC *A = Handle ? ndisrt_pool_find_base(Handle) : NULL;
  if (A && A->Live && A->Family == Family)
    return A;
  ndisrt_note("%s at %s:%d with %p, which is not a live %s pool", Ddi,
              File ? File : NDISRT_UNKNOWN_FILE, Line, Handle,
              ndisrt_family_name(Family));
  return NULL;
}

/* ---- NET_BUFFER_LIST pools (NDIS 6) ----------------------------------------
 */

typedef struct _NBL_POOL {
  BOOLEAN AllocateNetBuffer;
  ULONG DataSize;
} NBL_POOL;

NDIS_HANDLE
NdisRt_NdisAllocateNetBufferListPool(
    NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters,
    const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateNetBufferListPool";
  NDISRT_ALLOC *A;
  NBL_POOL *P;
  (void)NdisHandle;
  dispatch_max(Ddi, File, Line);
  /* "If the allocation was unsuccessful, this handle is NULL." */
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NULL;
  A = ndisrt_pool_alloc(sizeof(NBL_POOL), NdisRtFamNblPool, NdisRtKindObject,
                        Ddi, File, Line);
  if (!A)
    return NULL;
  P = (NBL_POOL *)A->Base;
  P->AllocateNetBuffer = Parameters ? Parameters->fAllocateNetBuffer : FALSE;
  P->DataSize = Parameters ? Parameters->DataSize : 0;
  A->Tag = Parameters ? Parameters->PoolTag : 0;
  return A->Base;
}

VOID NdisRt_NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle, const char *File,
                                      int Line) {
  static const char Ddi[] = "NdisFreeNetBufferListPool";
  NDISRT_ALLOC *A;
  dispatch_max(Ddi, File, Line);
  A = ndisrt_check_free(PoolHandle, NdisRtFamNblPool, Ddi, File, Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

static PNET_BUFFER_LIST allocate_nbl(NDIS_HANDLE PoolHandle, BOOLEAN WithNb,
                                     PMDL MdlChain, ULONG DataOffset,
                                     SIZE_T DataLength, const char *Ddi,
                                     const char *File, int Line) {
  NDISRT_ALLOC *Pool, *A;
  PNET_BUFFER_LIST Nbl;
  dispatch_max(Ddi, File, Line);
  Pool = live_pool(PoolHandle, NdisRtFamNblPool, Ddi, File, Line);
  /* "If the allocation was unsuccessful, this pointer is NULL." */
  if (ndisrt_fault_should_fail(Ddi, File, Line) || !Pool)
    return NULL;
  WithNb |= ((NBL_POOL *)Pool->Base)->AllocateNetBuffer;
  A = ndisrt_pool_alloc(sizeof(NET_BUFFER_LIST) + sizeof(NET_BUFFER),
                        NdisRtFamNbl, NdisRtKindObject, Ddi, File, Line);
  if (!A)
    return NULL;
  memset(A->Base, 0, A->Size);
  A->Owner = Pool;
  Nbl = (PNET_BUFFER_LIST)A->Base;
  Nbl->NdisPoolHandle = PoolHandle;
  if (WithNb) {
    PNET_BUFFER Nb = (PNET_BUFFER)(Nbl + 1);
    Nb->MdlChain = Nb->CurrentMdl = MdlChain;
    Nb->DataOffset = DataOffset;
    Nb->DataLength = (ULONG)DataLength;
    Nbl->FirstNetBuffer = Nb;
  }
  return Nbl;
}

PNET_BUFFER_LIST NdisRt_NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle,
                                                  USHORT ContextSize,
                                                  USHORT ContextBackFill,
                                                  const char *File, int Line) {
  (void)ContextSize;
  (void)ContextBackFill;
  return allocate_nbl(PoolHandle, FALSE, NULL, 0, 0,
                      "NdisAllocateNetBufferList", File, Line);
}

PNET_BUFFER_LIST NdisRt_NdisAllocateNetBufferAndNetBufferList(
    NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill,
    PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength, const char *File,
    int Line) {
  (void)ContextSize;
  (void)ContextBackFill;
  return allocate_nbl(PoolHandle, TRUE, MdlChain, DataOffset, DataLength,
                      "NdisAllocateNetBufferAndNetBufferList", File, Line);
}

VOID NdisRt_NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList,
                                  const char *File, int Line) {
  static const char Ddi[] = "NdisFreeNetBufferList";
  NDISRT_ALLOC *A;
  dispatch_max(Ddi, File, Line);
  A = ndisrt_check_free(NetBufferList, NdisRtFamNbl, Ddi, File, Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

/* ---- Packet pools and packets (NDIS 5) -------------------------------------
 */

static VOID allocate_packet_pool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle,
                                 const char *Ddi, const char *File, int Line) {
  NDISRT_ALLOC *A;
  dispatch_max(Ddi, File, Line);
  *PoolHandle = NULL;
  *Status = NDIS_STATUS_RESOURCES;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return;
  A = ndisrt_pool_alloc(sizeof(PVOID), NdisRtFamPacketPool, NdisRtKindObject,
                        Ddi, File, Line);
  if (!A)
    return;
  *PoolHandle = A->Base;
  *Status = NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisAllocatePacketPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle,
                                   UINT NumberOfDescriptors,
                                   UINT ProtocolReservedLength,
                                   const char *File, int Line) {
  (void)NumberOfDescriptors;
  (void)ProtocolReservedLength;
  allocate_packet_pool(Status, PoolHandle, "NdisAllocatePacketPool", File,
                       Line);
}

VOID NdisRt_NdisAllocatePacketPoolEx(PNDIS_STATUS Status,
                                     PNDIS_HANDLE PoolHandle,
                                     UINT NumberOfDescriptors,
                                     UINT NumberOfOverflowDescriptors,
                                     UINT ProtocolReservedLength,
                                     const char *File, int Line) {
  (void)NumberOfDescriptors;
  (void)NumberOfOverflowDescriptors;
  (void)ProtocolReservedLength;
  allocate_packet_pool(Status, PoolHandle, "NdisAllocatePacketPoolEx", File,
                       Line);
}

VOID NdisRt_NdisFreePacketPool(NDIS_HANDLE PoolHandle, const char *File,
                               int Line) {
  static const char Ddi[] = "NdisFreePacketPool";
  NDISRT_ALLOC *A;
  dispatch_max(Ddi, File, Line);
  A = ndisrt_check_free(PoolHandle, NdisRtFamPacketPool, Ddi, File, Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

VOID NdisRt_NdisAllocatePacket(PNDIS_STATUS Status, PNDIS_PACKET *Packet,
                               NDIS_HANDLE PoolHandle, const char *File,
                               int Line) {
  static const char Ddi[] = "NdisAllocatePacket";
  NDISRT_ALLOC *Pool, *A;
  dispatch_max(Ddi, File, Line);
  *Packet = NULL;
  *Status = NDIS_STATUS_RESOURCES;
  Pool = live_pool(PoolHandle, NdisRtFamPacketPool, Ddi, File, Line);
  if (ndisrt_fault_should_fail(Ddi, File, Line) || !Pool)
    return;
  A = ndisrt_pool_alloc(sizeof(NDIS_PACKET), NdisRtFamPacket, NdisRtKindObject,
                        Ddi, File, Line);
  if (!A)
    return;
  memset(A->Base, 0, A->Size);
  A->Owner = Pool;
  *Packet = (PNDIS_PACKET)A->Base;
  *Status = NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisFreePacket(PNDIS_PACKET Packet, const char *File, int Line) {
  static const char Ddi[] = "NdisFreePacket";
  NDISRT_ALLOC *A;
  dispatch_max(Ddi, File, Line);
  A = ndisrt_check_free(Packet, NdisRtFamPacket, Ddi, File, Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

/* ---- Nonpaged lookaside lists ----------------------------------------------
 *
 * The list head is driver storage that initialisation makes a resource (the
 * database's keyedBy); NdisDeleteNPagedLookasideList releases it. Entries are
 * nonpaged memory of their own family, not leak-checked: the database does
 * not model them.
 */

VOID NdisRt_NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                              PALLOCATE_FUNCTION Allocate,
                                              PFREE_FUNCTION Free, ULONG Flags,
                                              ULONG Size, ULONG Tag,
                                              USHORT Depth, const char *File,
                                              int Line) {
  static const char Ddi[] = "NdisInitializeNPagedLookasideList";
  (void)Flags;
  (void)Depth;
  dispatch_max(Ddi, File, Line);
  memset(Lookaside, 0, sizeof *Lookaside);
  Lookaside->Allocate = Allocate;
  Lookaside->Free = Free;
  Lookaside->Size = Size;
  Lookaside->Tag = Tag;
  ndisrt_keyed_acquire(NdisRtFamLookaside, Lookaside, Ddi, File, Line);
}

VOID NdisRt_NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                          const char *File, int Line) {
  static const char Ddi[] = "NdisDeleteNPagedLookasideList";
  dispatch_max(Ddi, File, Line);
  ndisrt_keyed_release(NdisRtFamLookaside, Lookaside, TRUE, Ddi, File, Line);
}

PVOID NdisRt_NdisAllocateFromNPagedLookasideList(
    PNPAGED_LOOKASIDE_LIST Lookaside, const char *File, int Line) {
  static const char Ddi[] = "NdisAllocateFromNPagedLookasideList";
  NDISRT_ALLOC *A;
  dispatch_max(Ddi, File, Line);
  A = ndisrt_pool_alloc(Lookaside->Size, NdisRtFamLookasideEntry,
                        NdisRtKindNonPaged, Ddi, File, Line);
  if (!A)
    return NULL;
  A->Tag = Lookaside->Tag;
  A->Owner = Lookaside;
  return A->Base;
}

VOID NdisRt_NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                          PVOID Entry, const char *File,
                                          int Line) {
  static const char Ddi[] = "NdisFreeToNPagedLookasideList";
  NDISRT_ALLOC *A;
  (void)Lookaside;
  dispatch_max(Ddi, File, Line);
  A = ndisrt_check_free(Entry, NdisRtFamLookasideEntry, Ddi, File, Line);
  if (A)
    ndisrt_pool_release(A, Ddi, File, Line);
}

/* ---- I/O port ranges -------------------------------------------------------
 */

NDIS_STATUS NdisRt_NdisMRegisterIoPortRange(PVOID *PortOffset,
                                            NDIS_HANDLE MiniportAdapterHandle,
                                            UINT InitialPort,
                                            UINT NumberOfPorts,
                                            const char *File, int Line) {
  static const char Ddi[] = "NdisMRegisterIoPortRange";
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  *PortOffset = NULL;
  if (ndisrt_fault_should_fail(Ddi, File, Line))
    return NDIS_STATUS_RESOURCES;
  /* Ports stand in as zeroed memory, one byte each. */
  A = ndisrt_pool_alloc(NumberOfPorts, NdisRtFamIoPortRange, NdisRtKindObject,
                        Ddi, File, Line);
  if (!A)
    return NDIS_STATUS_RESOURCES;
  memset(A->Base, 0, NumberOfPorts ? NumberOfPorts : 1);
  A->MemoryFlags = InitialPort;
  *PortOffset = A->Base;
  return NDIS_STATUS_SUCCESS;
}

VOID NdisRt_NdisMDeregisterIoPortRange(NDIS_HANDLE MiniportAdapterHandle,
                                       UINT InitialPort, UINT NumberOfPorts,
                                       PVOID PortOffset, const char *File,
                                       int Line) {
  static const char Ddi[] = "NdisMDeregisterIoPortRange";
  NDISRT_ALLOC *A;
  (void)MiniportAdapterHandle;
  ndisrt_require_exact(PASSIVE_LEVEL, Ddi, NULL, File, Line);
  A = ndisrt_check_free(PortOffset, NdisRtFamIoPortRange, Ddi, File, Line);
  if (!A)
    return;
  /* "The miniport driver must pass the same InitialPort and NumberOfPorts to
     NdisMDeregisterIoPortRange that were passed when MiniportInitializeEx
     called NdisMRegisterIoPortRange". */
  if (InitialPort != A->MemoryFlags || NumberOfPorts != A->Size)
    ndisrt_violation("ndis-free-mismatch", File, Line,
                     "%s(InitialPort 0x%x, NumberOfPorts %u) of the range "
                     "registered at %s:%d with InitialPort 0x%x, NumberOfPorts "
                     "%zu",
                     Ddi, InitialPort, NumberOfPorts, A->File, A->Line,
                     A->MemoryFlags, A->Size);
  ndisrt_pool_release(A, Ddi, File, Line);
}
