/*
 * ndis.h - the NDIS subset of the NdisCheck reference runtime.
 *
 * One driver source compiles unchanged:
 *  - for the analyser (clang --target=x86_64-pc-windows-msvc -fms-extensions
 *    -fms-compatibility, or the host target): plain WDK-style prototypes with
 *    SAL annotations spelled as macros that expand to nothing;
 *  - for the reference runtime (-DNDISRT_RUNTIME, host gcc/clang): each DDI
 *    name is additionally a function-like macro forwarding to NdisRt_<Name>
 *    with the caller's __FILE__ and __LINE__, so violations are reported at
 *    the driver's call site.
 *
 * NDIS 5-only DDIs stay declared in every mode: the checker reports their use
 * in NDIS 6 drivers, so the header must not hide them.
 */
#ifndef _NDIS_
#define _NDIS_
#ifndef NDISRT_NDIS_H
#define NDISRT_NDIS_H

#include "ntddk_subset.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef EXPORT
#define EXPORT
#endif
#ifndef NDIS_API
#define NDIS_API
#endif

/* As in the WDK: a driver says which NDIS it is written for with
   NDIS6xx_MINIPORT / NDIS6xx (filters, protocols) before including ndis.h;
   NDIS_SUPPORT_NDIS6 follows from that and is not defined otherwise. */
#if defined(NDIS60_MINIPORT) || defined(NDIS61_MINIPORT) ||                    \
    defined(NDIS620_MINIPORT) || defined(NDIS630_MINIPORT) ||                  \
    defined(NDIS640_MINIPORT) || defined(NDIS650_MINIPORT) ||                  \
    defined(NDIS651_MINIPORT) || defined(NDIS660_MINIPORT) ||                  \
    defined(NDIS670_MINIPORT) || defined(NDIS680_MINIPORT) ||                  \
    defined(NDIS681_MINIPORT) || defined(NDIS682_MINIPORT) ||                  \
    defined(NDIS683_MINIPORT) || defined(NDIS684_MINIPORT) ||                  \
    defined(NDIS685_MINIPORT) || defined(NDIS686_MINIPORT) ||                  \
    defined(NDIS687_MINIPORT) || defined(NDIS688_MINIPORT) ||                  \
    defined(NDIS689_MINIPORT) || defined(NDIS60) || defined(NDIS61) ||         \
    defined(NDIS620) || defined(NDIS630) || defined(NDIS640) ||                \
    defined(NDIS650) || defined(NDIS651) || defined(NDIS660) ||                \
    defined(NDIS670) || defined(NDIS680) || defined(NDIS681) ||                \
    defined(NDIS682) || defined(NDIS683) || defined(NDIS684) ||                \
    defined(NDIS685) || defined(NDIS686) || defined(NDIS687) ||                \
    defined(NDIS688) || defined(NDIS689)
#ifndef NDIS_SUPPORT_NDIS6
#define NDIS_SUPPORT_NDIS6 1
#endif
#endif

#if defined(NDIS620_MINIPORT) || defined(NDIS620)
#ifndef NDIS_SUPPORT_NDIS620
#define NDIS_SUPPORT_NDIS620 1
#endif
#endif
#if defined(NDIS61_MINIPORT) || defined(NDIS61) || defined(NDIS_SUPPORT_NDIS620)
#ifndef NDIS_SUPPORT_NDIS61
#define NDIS_SUPPORT_NDIS61 1
#endif
#endif

#ifndef NDIS_MINIPORT_MAJOR_VERSION
#if defined(NDIS_SUPPORT_NDIS6) || !defined(NDIS51_MINIPORT)
#define NDIS_MINIPORT_MAJOR_VERSION 6
#else
#define NDIS_MINIPORT_MAJOR_VERSION 5
#endif
#endif
#ifndef NDIS_MINIPORT_MINOR_VERSION
#if defined(NDIS620_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 20
#elif defined(NDIS61_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 1
#elif defined(NDIS51_MINIPORT)
#define NDIS_MINIPORT_MINOR_VERSION 1
#else
#define NDIS_MINIPORT_MINOR_VERSION 0
#endif
#endif
#ifndef NDIS_FILTER_MAJOR_VERSION
#define NDIS_FILTER_MAJOR_VERSION 6
#endif
#ifndef NDIS_FILTER_MINOR_VERSION
#define NDIS_FILTER_MINOR_VERSION 0
#endif
#ifndef NDIS_PROTOCOL_MAJOR_VERSION
#define NDIS_PROTOCOL_MAJOR_VERSION 6
#endif
#ifndef NDIS_PROTOCOL_MINOR_VERSION
#define NDIS_PROTOCOL_MINOR_VERSION 0
#endif

/* ---- Basic NDIS types ------------------------------------------------- */

typedef int NDIS_STATUS, *PNDIS_STATUS;
typedef PVOID NDIS_HANDLE, *PNDIS_HANDLE;
typedef ULONG NDIS_OID, *PNDIS_OID;
typedef ULONG NDIS_PORT_NUMBER, *PNDIS_PORT_NUMBER;
typedef ULONG NET_IFINDEX;
typedef ULONG NDIS_RECEIVE_QUEUE_ID;
typedef USHORT NODE_REQUIREMENT;
typedef UNICODE_STRING NDIS_STRING, *PNDIS_STRING;
typedef PHYSICAL_ADDRESS NDIS_PHYSICAL_ADDRESS, *PNDIS_PHYSICAL_ADDRESS;
typedef INTERFACE_TYPE NDIS_INTERFACE_TYPE, *PNDIS_INTERFACE_TYPE;

typedef union _NET_LUID {
  ULONG64 Value;
  struct {
    ULONG64 Reserved : 24;
    ULONG64 NetLuidIndex : 24;
    ULONG64 IfType : 16;
  } Info;
} NET_LUID, *PNET_LUID;

#define NDIS_PHYSICAL_ADDRESS_CONST(_Low, _High) {(ULONG)(_Low), (LONG)(_High)}
#define NdisSetPhysicalAddressLow(_PhysicalAddress, _Value)                    \
  ((_PhysicalAddress).LowPart = (_Value))
#define NdisSetPhysicalAddressHigh(_PhysicalAddress, _Value)                   \
  ((_PhysicalAddress).HighPart = (_Value))

#if defined(_WIN32)
#define NDIS_STRING_CONST(x) {sizeof(L##x) - 2, sizeof(L##x), L##x}
#else
#define NDIS_STRING_CONST(x) {sizeof(u##x) - 2, sizeof(u##x), (PWCH)u##x}
#endif

#define NDIS_STATUS_SUCCESS ((NDIS_STATUS)STATUS_SUCCESS)
#define NDIS_STATUS_PENDING ((NDIS_STATUS)STATUS_PENDING)
#define NDIS_STATUS_NOT_RECOGNIZED ((NDIS_STATUS)0x00010001L)
#define NDIS_STATUS_NOT_COPIED ((NDIS_STATUS)0x00010002L)
#define NDIS_STATUS_NOT_ACCEPTED ((NDIS_STATUS)0x00010003L)
#define NDIS_STATUS_MEDIA_CONNECT ((NDIS_STATUS)0x4001000BL)
#define NDIS_STATUS_MEDIA_DISCONNECT ((NDIS_STATUS)0x4001000CL)
#define NDIS_STATUS_FAILURE ((NDIS_STATUS)STATUS_UNSUCCESSFUL)
#define NDIS_STATUS_RESOURCES ((NDIS_STATUS)STATUS_INSUFFICIENT_RESOURCES)
#define NDIS_STATUS_INVALID_PARAMETER ((NDIS_STATUS)STATUS_INVALID_PARAMETER)
#define NDIS_STATUS_NOT_SUPPORTED ((NDIS_STATUS)STATUS_NOT_SUPPORTED)
#define NDIS_STATUS_CLOSING ((NDIS_STATUS)0xC0010002L)
#define NDIS_STATUS_BAD_VERSION ((NDIS_STATUS)0xC0010004L)
#define NDIS_STATUS_BAD_CHARACTERISTICS ((NDIS_STATUS)0xC0010005L)
#define NDIS_STATUS_ADAPTER_NOT_FOUND ((NDIS_STATUS)0xC0010006L)
#define NDIS_STATUS_OPEN_FAILED ((NDIS_STATUS)0xC0010007L)
#define NDIS_STATUS_DEVICE_FAILED ((NDIS_STATUS)0xC0010008L)
#define NDIS_STATUS_REQUEST_ABORTED ((NDIS_STATUS)0xC001000CL)
#define NDIS_STATUS_RESET_IN_PROGRESS ((NDIS_STATUS)0xC001000DL)
#define NDIS_STATUS_INVALID_LENGTH ((NDIS_STATUS)0xC0010014L)
#define NDIS_STATUS_INVALID_DATA ((NDIS_STATUS)0xC0010015L)
#define NDIS_STATUS_BUFFER_TOO_SHORT ((NDIS_STATUS)0xC0010016L)
#define NDIS_STATUS_INVALID_OID ((NDIS_STATUS)0xC0010017L)
#define NDIS_STATUS_ADAPTER_REMOVED ((NDIS_STATUS)0xC0010018L)
#define NDIS_STATUS_UNSUPPORTED_MEDIA ((NDIS_STATUS)0xC0010019L)
#define NDIS_STATUS_SEND_ABORTED ((NDIS_STATUS)0xC0230002L)
#define NDIS_STATUS_PAUSED ((NDIS_STATUS)0xC023002AL)
#define NDIS_STATUS_LOW_POWER_STATE ((NDIS_STATUS)0xC023002FL)

/* NdisAllocateMemory MemoryFlags. */
#define NDIS_MEMORY_CONTIGUOUS 0x00000001
#define NDIS_MEMORY_NONCACHED 0x00000002

/* Flags passed to send / return / receive handlers. */
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK 0x00000002
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES 0x00000002

/* The WDK's tests of those flags: the handler runs at DISPATCH_LEVEL iff set.
 */
#define NDIS_TEST_SEND_AT_DISPATCH_LEVEL(_Flags)                               \
  (((_Flags) & NDIS_SEND_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_SEND_COMPLETE_AT_DISPATCH_LEVEL(_Flags)                      \
  (((_Flags) & NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(_Flags)                             \
  (((_Flags) & NDIS_RETURN_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(_Flags)                            \
  (((_Flags) & NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL) ? TRUE : FALSE)
#define NDIS_TEST_RECEIVE_CAN_PEND(_Flags)                                     \
  (((_Flags) & NDIS_RECEIVE_FLAGS_RESOURCES) ? FALSE : TRUE)
#define NDIS_TEST_RECEIVE_CANNOT_PEND(_Flags)                                  \
  (((_Flags) & NDIS_RECEIVE_FLAGS_RESOURCES) ? TRUE : FALSE)
#define NDIS_DEFAULT_PORT_NUMBER ((NDIS_PORT_NUMBER)0)

#define NDIS_RAISE_IRQL_TO_DISPATCH(_pIrql_)                                   \
  KeRaiseIrql(DISPATCH_LEVEL, _pIrql_)
#define NDIS_LOWER_IRQL(_OldIrql_, _CurIrql_)                                  \
  {                                                                            \
    if (_OldIrql_ != _CurIrql_)                                                \
      KeLowerIrql(_OldIrql_);                                                  \
  }
#define NDIS_CURRENT_IRQL() KeGetCurrentIrql()

/* ---- Object header ---------------------------------------------------- */

typedef struct _NDIS_OBJECT_HEADER {
  UCHAR Type;
  UCHAR Revision;
  USHORT Size;
} NDIS_OBJECT_HEADER, *PNDIS_OBJECT_HEADER;

#define NDIS_OBJECT_TYPE_DEFAULT 0x80
#define NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS 0x81
#define NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION 0x83
#define NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT 0x84
#define NDIS_OBJECT_TYPE_DEVICE_OBJECT_ATTRIBUTES 0x85
#define NDIS_OBJECT_TYPE_BIND_PARAMETERS 0x86
#define NDIS_OBJECT_TYPE_OPEN_PARAMETERS 0x87
#define NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS 0x8A
#define NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS 0x8B
#define NDIS_OBJECT_TYPE_FILTER_PARTIAL_CHARACTERISTICS 0x8C
#define NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES 0x8D
#define NDIS_OBJECT_TYPE_FILTER_ATTACH_PARAMETERS 0x93
#define NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS 0x95
#define NDIS_OBJECT_TYPE_REQUEST_EX 0x96
#define NDIS_OBJECT_TYPE_OID_REQUEST 0x96
#define NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS 0x97
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES 0x9E
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES 0x9F
#define NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES 0xA0
#define NDIS_OBJECT_TYPE_SHARED_MEMORY_PROVIDER_CHARACTERISTICS 0xA6

#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 1
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 2
#define NDIS_MINIPORT_INTERRUPT_REVISION_1 1
#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1
#define NDIS_SG_DMA_DESCRIPTION_REVISION_1 1
#define NDIS_SHARED_MEMORY_PARAMETERS_REVISION_1 1
#define NDIS_SHARED_MEMORY_PARAMETERS_REVISION_2 2
#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 1
#define NDIS_FILTER_CHARACTERISTICS_REVISION_1 1
#define NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_1 1

/* ---- Locks ------------------------------------------------------------ */

typedef struct _NDIS_SPIN_LOCK {
  KSPIN_LOCK SpinLock;
  KIRQL OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

typedef struct _LOCK_STATE {
  USHORT LockState;
  KIRQL OldIrql;
} LOCK_STATE, *PLOCK_STATE;

typedef struct _NDIS_RW_LOCK {
  NDIS_SPIN_LOCK SpinLock;
  PVOID Context;
  UCHAR Reserved[16];
  ULONG RefCount[32];
} NDIS_RW_LOCK, *PNDIS_RW_LOCK;

typedef struct _NDIS_RW_LOCK_EX NDIS_RW_LOCK_EX, *PNDIS_RW_LOCK_EX;

typedef struct _LOCK_STATE_EX {
  KIRQL OldIrql;
  UCHAR LockState;
  UCHAR Flags;
} LOCK_STATE_EX, *PLOCK_STATE_EX;

#define NDIS_RWL_AT_DISPATCH_LEVEL 1

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisAllocateSpinLock(_Out_ PNDIS_SPIN_LOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeSpinLock(_In_ PNDIS_SPIN_LOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_raises_(DISPATCH_LEVEL)
    _IRQL_saves_global_(SpinLock, SpinLock) EXPORT VOID
    NdisAcquireSpinLock(_Inout_ _Acquires_lock_(*SpinLock)
                            PNDIS_SPIN_LOCK SpinLock);

_IRQL_requires_(DISPATCH_LEVEL)
    _IRQL_restores_global_(SpinLock, SpinLock) EXPORT VOID
    NdisReleaseSpinLock(_Inout_ _Releases_lock_(*SpinLock)
                            PNDIS_SPIN_LOCK SpinLock);

_IRQL_requires_(DISPATCH_LEVEL) EXPORT VOID
    NdisDprAcquireSpinLock(_Inout_ _Acquires_lock_(*SpinLock)
                               PNDIS_SPIN_LOCK SpinLock);

_IRQL_requires_(DISPATCH_LEVEL) EXPORT VOID
    NdisDprReleaseSpinLock(_Inout_ _Releases_lock_(*SpinLock)
                               PNDIS_SPIN_LOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisInitializeReadWriteLock(_Out_ PNDIS_RW_LOCK Lock);

_IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_raises_(DISPATCH_LEVEL) EXPORT VOID
    NdisAcquireReadWriteLock(_Inout_ PNDIS_RW_LOCK Lock, _In_ BOOLEAN fWrite,
                             _Out_ _IRQL_saves_global_(OldIrql, LockState)
                                 PLOCK_STATE LockState);

_IRQL_requires_(DISPATCH_LEVEL) EXPORT VOID
    NdisReleaseReadWriteLock(_Inout_ PNDIS_RW_LOCK Lock,
                             _In_ _IRQL_restores_global_(OldIrql, LockState)
                                 PLOCK_STATE LockState);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT PNDIS_RW_LOCK_EX
    NdisAllocateRWLock(_In_ NDIS_HANDLE NdisHandle);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeRWLock(_In_ PNDIS_RW_LOCK_EX Lock);

_IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_raises_(DISPATCH_LEVEL) EXPORT VOID
    NdisAcquireRWLockRead(_In_ PNDIS_RW_LOCK_EX Lock,
                          _Out_ _IRQL_saves_global_(OldIrql, LockState)
                              PLOCK_STATE_EX LockState,
                          _In_ UCHAR Flags);

_IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_raises_(DISPATCH_LEVEL) EXPORT VOID
    NdisAcquireRWLockWrite(_In_ PNDIS_RW_LOCK_EX Lock,
                           _Out_ _IRQL_saves_global_(OldIrql, LockState)
                               PLOCK_STATE_EX LockState,
                           _In_ UCHAR Flags);

_IRQL_requires_(DISPATCH_LEVEL) EXPORT VOID
    NdisReleaseRWLock(_In_ PNDIS_RW_LOCK_EX Lock,
                      _In_ _IRQL_restores_global_(OldIrql, LockState)
                          PLOCK_STATE_EX LockState);

/* ---- Memory ----------------------------------------------------------- */

_When_(MemoryFlags == 0, _IRQL_requires_max_(DISPATCH_LEVEL))
    _When_(MemoryFlags != 0, _IRQL_requires_(PASSIVE_LEVEL))
        _Must_inspect_result_ EXPORT NDIS_STATUS
    NdisAllocateMemory(_At_(*VirtualAddress, __drv_allocatesMem(Mem))
                           _Out_ PVOID *VirtualAddress,
                       _In_ UINT Length, _In_ UINT MemoryFlags,
                       _In_ NDIS_PHYSICAL_ADDRESS HighestAcceptableAddress);

_IRQL_requires_max_(DISPATCH_LEVEL) _Must_inspect_result_ EXPORT NDIS_STATUS
    NdisAllocateMemoryWithTag(_At_(*VirtualAddress, __drv_allocatesMem(Mem))
                                  _Out_ PVOID *VirtualAddress,
                              _In_ UINT Length, _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL) _Must_inspect_result_ EXPORT PVOID
    NdisAllocateMemoryWithTagPriority(_In_ NDIS_HANDLE NdisHandle,
                                      _In_ UINT Length, _In_ ULONG Tag,
                                      _In_ EX_POOL_PRIORITY Priority);

_When_(MemoryFlags == 0, _IRQL_requires_max_(DISPATCH_LEVEL))
    _When_(MemoryFlags &NDIS_MEMORY_NONCACHED, _IRQL_requires_max_(APC_LEVEL))
        _When_(MemoryFlags &NDIS_MEMORY_CONTIGUOUS,
               _IRQL_requires_(PASSIVE_LEVEL)) EXPORT VOID
    NdisFreeMemory(_In_ __drv_freesMem(Mem) PVOID VirtualAddress,
                   _In_ UINT Length, _In_ UINT MemoryFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeMemoryWithTagPriority(_In_ NDIS_HANDLE NdisHandle,
                                  _In_ __drv_freesMem(Mem) PVOID VirtualAddress,
                                  _In_ ULONG Tag);

#define NdisZeroMemory(Destination, Length) RtlZeroMemory(Destination, Length)
#define NdisMoveMemory(Destination, Source, Length)                            \
  RtlCopyMemory(Destination, Source, Length)
#define NdisFillMemory(Destination, Length, Fill)                              \
  RtlFillMemory(Destination, Length, Fill)
#define NdisEqualMemory(Source1, Source2, Length)                              \
  (RtlCompareMemory(Source1, Source2, Length) == (Length))

/* ---- MDLs and NDIS 5 buffers ----------------------------------------- */

typedef MDL NDIS_BUFFER, *PNDIS_BUFFER;

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT PMDL
    NdisAllocateMdl(_In_ NDIS_HANDLE NdisHandle,
                    _In_reads_bytes_(Length) PVOID VirtualAddress,
                    _In_ UINT Length);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID NdisFreeMdl(_In_ PMDL Mdl);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisAllocateBufferPool(_Out_ PNDIS_STATUS Status,
                           _Out_ PNDIS_HANDLE PoolHandle,
                           _In_ UINT NumberOfDescriptors);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeBufferPool(_In_ NDIS_HANDLE PoolHandle);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisAllocateBuffer(_Out_ PNDIS_STATUS Status, _Out_ PNDIS_BUFFER *Buffer,
                       _In_opt_ NDIS_HANDLE PoolHandle,
                       _In_reads_bytes_(Length) PVOID VirtualAddress,
                       _In_ UINT Length);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeBuffer(_In_ PNDIS_BUFFER Buffer);

/* ---- Shared memory and DMA ------------------------------------------- */

typedef enum _NDIS_SHARED_MEMORY_USAGE {
  NdisSharedMemoryUsageUndefined,
  NdisSharedMemoryUsageXmit,
  NdisSharedMemoryUsageXmitHeader,
  NdisSharedMemoryUsageXmitData,
  NdisSharedMemoryUsageReceive,
  NdisSharedMemoryUsageReceiveLookahead,
  NdisSharedMemoryUsageReceivePostLookahead,
  NdisSharedMemoryUsageReceiveHeader,
  NdisSharedMemoryUsageReceiveData,
  NdisSharedMemoryUsageOther,
  NdisSharedMemoryUsageMax
} NDIS_SHARED_MEMORY_USAGE,
    *PNDIS_SHARED_MEMORY_USAGE;

#define NDIS_SHARED_MEM_PARAMETERS_CONTIGOUS 0x00000001
#define NDIS_SHARED_MEM_PARAMETERS_CONTIGUOUS 0x00000001

typedef struct _NDIS_SHARED_MEMORY_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  NDIS_RECEIVE_QUEUE_ID QueueId;
  NDIS_HANDLE SharedMemoryHandle;
  NODE_REQUIREMENT PreferredNode;
  NDIS_SHARED_MEMORY_USAGE Usage;
  ULONG Length;
  PVOID VirtualAddress;
  ULONG SGListBufferLength;
  PSCATTER_GATHER_LIST SGListBuffer;
} NDIS_SHARED_MEMORY_PARAMETERS, *PNDIS_SHARED_MEMORY_PARAMETERS;

typedef _Function_class_(MINIPORT_PROCESS_SG_LIST)
    _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_PROCESS_SG_LIST(_In_ PDEVICE_OBJECT pDO, _In_ PVOID Reserved,
                             _In_ PSCATTER_GATHER_LIST pSGL,
                             _In_ PVOID Context);
typedef MINIPORT_PROCESS_SG_LIST(*MINIPORT_PROCESS_SG_LIST_HANDLER);

typedef _Function_class_(MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE(
        _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID VirtualAddress,
        _In_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress, _In_ ULONG Length,
        _In_ PVOID Context);
typedef MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE(
    *MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER);

#define NDIS_SG_DMA_64_BIT_ADDRESS 0x00000001
#define NDIS_SG_DMA_V3_HAL_API 0x00000002
#define NDIS_SG_DMA_HYBRID_DMA 0x00000004

typedef struct _NDIS_SG_DMA_DESCRIPTION {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  ULONG MaximumPhysicalMapping;
  MINIPORT_PROCESS_SG_LIST_HANDLER ProcessSGListHandler;
  MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE_HANDLER
  SharedMemAllocateCompleteHandler;
  ULONG ScatterGatherListSize;
} NDIS_SG_DMA_DESCRIPTION, *PNDIS_SG_DMA_DESCRIPTION;

typedef struct _NDIS_DMA_DESCRIPTION {
  BOOLEAN DemandMode;
  BOOLEAN AutoInitialize;
  BOOLEAN DmaChannelSpecified;
  DMA_WIDTH DmaWidth;
  DMA_SPEED DmaSpeed;
  ULONG DmaPort;
  ULONG DmaChannel;
} NDIS_DMA_DESCRIPTION, *PNDIS_DMA_DESCRIPTION;

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisAllocateSharedMemory(
    _In_ NDIS_HANDLE NdisHandle,
    _In_ PNDIS_SHARED_MEMORY_PARAMETERS SharedMemoryParameters,
    _Inout_ PNDIS_HANDLE pAllocationHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisFreeSharedMemory(_In_ NDIS_HANDLE NdisHandle,
                         _In_ NDIS_HANDLE AllocationHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMAllocateSharedMemory(_In_ NDIS_HANDLE MiniportAdapterHandle,
                              _In_ ULONG Length, _In_ BOOLEAN Cached,
                              _Out_ PVOID *VirtualAddress,
                              _Out_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMFreeSharedMemory(_In_ NDIS_HANDLE MiniportAdapterHandle,
                          _In_ ULONG Length, _In_ BOOLEAN Cached,
                          _In_ PVOID VirtualAddress,
                          _In_ NDIS_PHYSICAL_ADDRESS PhysicalAddress);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisMRegisterScatterGatherDma(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _Inout_ PNDIS_SG_DMA_DESCRIPTION DmaDescription,
    _Out_ PNDIS_HANDLE NdisMiniportDmaHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMDeregisterScatterGatherDma(_In_ NDIS_HANDLE NdisMiniportDmaHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisMRegisterDmaChannel(_Out_ PNDIS_HANDLE MiniportDmaHandle,
                            _In_ NDIS_HANDLE MiniportAdapterHandle,
                            _In_ UINT DmaChannel,
                            _In_ BOOLEAN Dma32BitAddresses,
                            _In_ PNDIS_DMA_DESCRIPTION DmaDescription,
                            _In_ ULONG MaximumLength);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMDeregisterDmaChannel(_In_ NDIS_HANDLE MiniportDmaHandle);

/* NDIS 5 DMA set-up: map registers, held against the adapter until
   NdisMFreeMapRegisters, or scatter/gather DMA, which nothing releases. */
typedef enum _NDIS_DMA_SIZE {
  NDIS_DMA_24BITS,
  NDIS_DMA_32BITS,
  NDIS_DMA_64BITS
} NDIS_DMA_SIZE;

EXPORT NDIS_STATUS NdisMAllocateMapRegisters(
    _In_ NDIS_HANDLE MiniportAdapterHandle, _In_ UINT DmaChannel,
    _In_ NDIS_DMA_SIZE DmaSize, _In_ ULONG BaseMapRegistersNeeded,
    _In_ ULONG MaximumBufferSize);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMFreeMapRegisters(_In_ NDIS_HANDLE MiniportAdapterHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisMInitializeScatterGatherDma(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                    _In_ BOOLEAN Dma64BitAddresses,
                                    _In_ ULONG MaximumPhysicalMapping);

/* I/O port ranges. */
_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisMRegisterIoPortRange(_Out_ PVOID *PortOffset,
                             _In_ NDIS_HANDLE MiniportAdapterHandle,
                             _In_ UINT InitialPort, _In_ UINT NumberOfPorts);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMDeregisterIoPortRange(_In_ NDIS_HANDLE MiniportAdapterHandle,
                               _In_ UINT InitialPort, _In_ UINT NumberOfPorts,
                               _In_ PVOID PortOffset);

/* ---- NET_BUFFER / NET_BUFFER_LIST (minimal) --------------------------- */

typedef struct _NET_BUFFER {
  struct _NET_BUFFER *Next;
  PMDL CurrentMdl;
  ULONG CurrentMdlOffset;
  ULONG DataLength;
  PMDL MdlChain;
  ULONG DataOffset;
  PVOID MiniportReserved[4];
  PVOID ProtocolReserved[6];
} NET_BUFFER, *PNET_BUFFER;

typedef struct _NET_BUFFER_LIST {
  struct _NET_BUFFER_LIST *Next;
  PNET_BUFFER FirstNetBuffer;
  PVOID Context;
  struct _NET_BUFFER_LIST *ParentNetBufferList;
  NDIS_HANDLE NdisPoolHandle;
  PVOID NdisReserved[2];
  PVOID ProtocolReserved[4];
  PVOID MiniportReserved[2];
  PVOID Scratch;
  NDIS_HANDLE SourceHandle;
  ULONG NblFlags;
  LONG ChildRefCount;
  ULONG Flags;
  NDIS_STATUS Status;
} NET_BUFFER_LIST, *PNET_BUFFER_LIST;

#define NET_BUFFER_LIST_NEXT_NBL(_NBL) ((_NBL)->Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL) ((_NBL)->FirstNetBuffer)
#define NET_BUFFER_LIST_STATUS(_NBL) ((_NBL)->Status)
#define NET_BUFFER_LIST_FLAGS(_NBL) ((_NBL)->Flags)
#define NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL) ((_NBL)->MiniportReserved)
#define NET_BUFFER_NEXT_NB(_NB) ((_NB)->Next)
#define NET_BUFFER_FIRST_MDL(_NB) ((_NB)->MdlChain)
#define NET_BUFFER_CURRENT_MDL(_NB) ((_NB)->CurrentMdl)
#define NET_BUFFER_DATA_LENGTH(_NB) ((_NB)->DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB) ((_NB)->DataOffset)

/* NET_BUFFER_LIST pools. */
typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  UCHAR ProtocolId;
  BOOLEAN fAllocateNetBuffer;
  USHORT ContextSize;
  ULONG PoolTag;
  ULONG DataSize;
} NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;

#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 1
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1                 \
  sizeof(NET_BUFFER_LIST_POOL_PARAMETERS)
#define NDIS_PROTOCOL_ID_DEFAULT 0x00

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT NDIS_HANDLE
    NdisAllocateNetBufferListPool(_In_opt_ NDIS_HANDLE NdisHandle,
                                  _In_ PNET_BUFFER_LIST_POOL_PARAMETERS
                                      Parameters);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeNetBufferListPool(_In_ NDIS_HANDLE PoolHandle);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT PNET_BUFFER_LIST
    NdisAllocateNetBufferList(_In_ NDIS_HANDLE PoolHandle,
                              _In_ USHORT ContextSize,
                              _In_ USHORT ContextBackFill);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT PNET_BUFFER_LIST
    NdisAllocateNetBufferAndNetBufferList(_In_ NDIS_HANDLE PoolHandle,
                                          _In_ USHORT ContextSize,
                                          _In_ USHORT ContextBackFill,
                                          _In_opt_ PMDL MdlChain,
                                          _In_ ULONG DataOffset,
                                          _In_ SIZE_T DataLength);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeNetBufferList(_In_ PNET_BUFFER_LIST NetBufferList);

/* NDIS 5 packets (minimal). */
typedef struct _NDIS_PACKET {
  PVOID Private[8];
  UCHAR MiniportReserved[2 * sizeof(PVOID)];
  UCHAR WrapperReserved[2 * sizeof(PVOID)];
  UCHAR ProtocolReserved[4 * sizeof(PVOID)];
} NDIS_PACKET, *PNDIS_PACKET, **PPNDIS_PACKET;

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisAllocatePacketPool(_Out_ PNDIS_STATUS Status,
                           _Out_ PNDIS_HANDLE PoolHandle,
                           _In_ UINT NumberOfDescriptors,
                           _In_ UINT ProtocolReservedLength);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisAllocatePacketPoolEx(_Out_ PNDIS_STATUS Status,
                             _Out_ PNDIS_HANDLE PoolHandle,
                             _In_ UINT NumberOfDescriptors,
                             _In_ UINT NumberOfOverflowDescriptors,
                             _In_ UINT ProtocolReservedLength);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreePacketPool(_In_ NDIS_HANDLE PoolHandle);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisAllocatePacket(_Out_ PNDIS_STATUS Status, _Out_ PNDIS_PACKET *Packet,
                       _In_ NDIS_HANDLE PoolHandle);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreePacket(_In_ PNDIS_PACKET Packet);

typedef enum _NDIS_MEDIUM {
  NdisMedium802_3,
  NdisMedium802_5,
  NdisMediumFddi,
  NdisMediumWan,
  NdisMediumLocalTalk,
  NdisMediumDix,
  NdisMediumArcnetRaw,
  NdisMediumArcnet878_2,
  NdisMediumAtm,
  NdisMediumWirelessWan,
  NdisMediumIrda,
  NdisMediumBpc,
  NdisMediumCoWan,
  NdisMedium1394,
  NdisMediumInfiniBand,
  NdisMediumTunnel,
  NdisMediumNative802_11,
  NdisMediumLoopback,
  NdisMediumWiMAX,
  NdisMediumIP,
  NdisMediumMax
} NDIS_MEDIUM,
    *PNDIS_MEDIUM;

/* ---- OIDs and requests ----------------------------------------------- */

#define OID_GEN_SUPPORTED_LIST 0x00010101
#define OID_GEN_HARDWARE_STATUS 0x00010102
#define OID_GEN_MEDIA_SUPPORTED 0x00010103
#define OID_GEN_MEDIA_IN_USE 0x00010104
#define OID_GEN_MAXIMUM_LOOKAHEAD 0x00010105
#define OID_GEN_MAXIMUM_FRAME_SIZE 0x00010106
#define OID_GEN_LINK_SPEED 0x00010107
#define OID_GEN_VENDOR_ID 0x0001010C
#define OID_GEN_VENDOR_DESCRIPTION 0x0001010D
#define OID_GEN_CURRENT_PACKET_FILTER 0x0001010E
#define OID_GEN_CURRENT_LOOKAHEAD 0x0001010F
#define OID_GEN_MAXIMUM_TOTAL_SIZE 0x00010111
#define OID_GEN_MEDIA_CONNECT_STATUS 0x00010114
#define OID_802_3_PERMANENT_ADDRESS 0x01010101
#define OID_802_3_CURRENT_ADDRESS 0x01010102
#define OID_802_3_MULTICAST_LIST 0x01010103
#define OID_802_3_MAXIMUM_LIST_SIZE 0x01010104

typedef enum _NDIS_REQUEST_TYPE {
  NdisRequestQueryInformation,
  NdisRequestSetInformation,
  NdisRequestQueryStatistics,
  NdisRequestOpen,
  NdisRequestClose,
  NdisRequestSend,
  NdisRequestTransferData,
  NdisRequestReset,
  NdisRequestGeneric1,
  NdisRequestGeneric2,
  NdisRequestGeneric3,
  NdisRequestGeneric4,
  NdisRequestMethod
} NDIS_REQUEST_TYPE,
    *PNDIS_REQUEST_TYPE;

typedef struct _NDIS_OID_REQUEST {
  NDIS_OBJECT_HEADER Header;
  NDIS_REQUEST_TYPE RequestType;
  NDIS_PORT_NUMBER PortNumber;
  UINT Timeout;
  PVOID RequestId;
  NDIS_HANDLE RequestHandle;
  union _REQUEST_DATA {
    struct _QUERY {
      NDIS_OID Oid;
      PVOID InformationBuffer;
      UINT InformationBufferLength;
      UINT BytesWritten;
      UINT BytesNeeded;
    } QUERY_INFORMATION;
    struct _SET {
      NDIS_OID Oid;
      PVOID InformationBuffer;
      UINT InformationBufferLength;
      UINT BytesRead;
      UINT BytesNeeded;
    } SET_INFORMATION;
    struct _METHOD {
      NDIS_OID Oid;
      PVOID InformationBuffer;
      ULONG InputBufferLength;
      ULONG OutputBufferLength;
      ULONG MethodId;
      UINT BytesWritten;
      UINT BytesRead;
      UINT BytesNeeded;
    } METHOD_INFORMATION;
  } DATA;
  UCHAR MiniportReserved[2 * sizeof(PVOID)];
  UCHAR SourceReserved[2 * sizeof(PVOID)];
  UCHAR SupportedRevision;
  UCHAR Reserved1;
  USHORT Reserved2;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;

/* ---- Miniport parameters --------------------------------------------- */

typedef enum _NDIS_HALT_ACTION {
  NdisHaltDeviceDisabled,
  NdisHaltDeviceInstanceDeInitialized,
  NdisHaltDevicePoweredDown,
  NdisHaltDeviceSurpriseRemoved,
  NdisHaltDeviceFailed,
  NdisHaltDeviceInitializationFailed,
  NdisHaltDeviceStopped
} NDIS_HALT_ACTION,
    *PNDIS_HALT_ACTION;

typedef enum _NDIS_SHUTDOWN_ACTION {
  NdisShutdownPowerOff,
  NdisShutdownBugCheck
} NDIS_SHUTDOWN_ACTION,
    *PNDIS_SHUTDOWN_ACTION;

typedef enum _NDIS_DEVICE_PNP_EVENT {
  NdisDevicePnPEventQueryRemoved,
  NdisDevicePnPEventRemoved,
  NdisDevicePnPEventSurpriseRemoved,
  NdisDevicePnPEventQueryStopped,
  NdisDevicePnPEventStopped,
  NdisDevicePnPEventPowerProfileChanged,
  NdisDevicePnPEventFilterListChanged,
  NdisDevicePnPEventMaximum
} NDIS_DEVICE_PNP_EVENT,
    *PNDIS_DEVICE_PNP_EVENT;

typedef struct _NET_DEVICE_PNP_EVENT {
  NDIS_OBJECT_HEADER Header;
  NDIS_PORT_NUMBER PortNumber;
  NDIS_DEVICE_PNP_EVENT DevicePnPEvent;
  PVOID InformationBuffer;
  ULONG InformationBufferLength;
  UCHAR NdisReserved[2 * sizeof(PVOID)];
} NET_DEVICE_PNP_EVENT, *PNET_DEVICE_PNP_EVENT;

typedef struct _NDIS_MINIPORT_INIT_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  PVOID AllocatedResources;
  NDIS_HANDLE IMDeviceInstanceContext;
  NDIS_HANDLE MiniportAddDeviceContext;
  NET_IFINDEX IfIndex;
  NET_LUID NetLuid;
  PVOID DefaultPortAuthStates;
  PVOID PciDeviceCustomProperties;
} NDIS_MINIPORT_INIT_PARAMETERS, *PNDIS_MINIPORT_INIT_PARAMETERS;

typedef struct _NDIS_MINIPORT_PAUSE_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  ULONG PauseReason;
} NDIS_MINIPORT_PAUSE_PARAMETERS, *PNDIS_MINIPORT_PAUSE_PARAMETERS;

typedef struct _NDIS_MINIPORT_RESTART_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  PVOID FilterModuleNameArray;
  ULONG FilterModuleNameArrayLength;
  PVOID RestartAttributes;
  NET_IFINDEX IfIndex;
  NET_LUID NetLuid;
  ULONG Flags;
} NDIS_MINIPORT_RESTART_PARAMETERS, *PNDIS_MINIPORT_RESTART_PARAMETERS;

/* ---- Miniport role types (NDIS 6) ------------------------------------ */

typedef _Function_class_(SET_OPTIONS)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    SET_OPTIONS(_In_ NDIS_HANDLE NdisDriverHandle,
                _In_ NDIS_HANDLE DriverContext);
typedef SET_OPTIONS(*SET_OPTIONS_HANDLER);
typedef SET_OPTIONS MINIPORT_SET_OPTIONS;
typedef SET_OPTIONS FILTER_SET_OPTIONS;
typedef SET_OPTIONS PROTOCOL_SET_OPTIONS;

typedef _Function_class_(MINIPORT_INITIALIZE)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    MINIPORT_INITIALIZE(_In_ NDIS_HANDLE NdisMiniportHandle,
                        _In_ NDIS_HANDLE MiniportDriverContext,
                        _In_ PNDIS_MINIPORT_INIT_PARAMETERS
                            MiniportInitParameters);
typedef MINIPORT_INITIALIZE(*MINIPORT_INITIALIZE_HANDLER);

typedef _Function_class_(MINIPORT_HALT)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_HALT(_In_ NDIS_HANDLE MiniportAdapterContext,
                  _In_ NDIS_HALT_ACTION HaltAction);
typedef MINIPORT_HALT(*MINIPORT_HALT_HANDLER);

typedef _Function_class_(MINIPORT_UNLOAD)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_UNLOAD(_In_ PDRIVER_OBJECT DriverObject);
typedef MINIPORT_UNLOAD(*MINIPORT_DRIVER_UNLOAD);

typedef _Function_class_(MINIPORT_PAUSE)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    MINIPORT_PAUSE(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters);
typedef MINIPORT_PAUSE(*MINIPORT_PAUSE_HANDLER);

typedef _Function_class_(MINIPORT_RESTART)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    MINIPORT_RESTART(_In_ NDIS_HANDLE MiniportAdapterContext,
                     _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters);
typedef MINIPORT_RESTART(*MINIPORT_RESTART_HANDLER);

typedef _Function_class_(MINIPORT_OID_REQUEST)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    MINIPORT_OID_REQUEST(_In_ NDIS_HANDLE MiniportAdapterContext,
                         _In_ PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_OID_REQUEST(*MINIPORT_OID_REQUEST_HANDLER);

typedef _Function_class_(MINIPORT_DIRECT_OID_REQUEST)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    MINIPORT_DIRECT_OID_REQUEST(_In_ NDIS_HANDLE MiniportAdapterContext,
                                _In_ PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_DIRECT_OID_REQUEST(*MINIPORT_DIRECT_OID_REQUEST_HANDLER);

typedef _Function_class_(MINIPORT_SEND_NET_BUFFER_LISTS)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_SEND_NET_BUFFER_LISTS(_In_ NDIS_HANDLE MiniportAdapterContext,
                                   _In_ PNET_BUFFER_LIST NetBufferList,
                                   _In_ NDIS_PORT_NUMBER PortNumber,
                                   _In_ ULONG SendFlags);
typedef MINIPORT_SEND_NET_BUFFER_LISTS(*MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER);

typedef _Function_class_(MINIPORT_RETURN_NET_BUFFER_LISTS)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_RETURN_NET_BUFFER_LISTS(_In_ NDIS_HANDLE MiniportAdapterContext,
                                     _In_ PNET_BUFFER_LIST NetBufferLists,
                                     _In_ ULONG ReturnFlags);
typedef MINIPORT_RETURN_NET_BUFFER_LISTS(
    *MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER);

typedef _Function_class_(MINIPORT_CANCEL_SEND)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_CANCEL_SEND(_In_ NDIS_HANDLE MiniportAdapterContext,
                         _In_ PVOID CancelId);
typedef MINIPORT_CANCEL_SEND(*MINIPORT_CANCEL_SEND_HANDLER);

typedef _Function_class_(MINIPORT_CHECK_FOR_HANG)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ BOOLEAN
    MINIPORT_CHECK_FOR_HANG(_In_ NDIS_HANDLE MiniportAdapterContext);
typedef MINIPORT_CHECK_FOR_HANG(*MINIPORT_CHECK_FOR_HANG_HANDLER);

typedef _Function_class_(MINIPORT_RESET)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    MINIPORT_RESET(_In_ NDIS_HANDLE MiniportAdapterContext,
                   _Out_ PBOOLEAN AddressingReset);
typedef MINIPORT_RESET(*MINIPORT_RESET_HANDLER);

typedef _Function_class_(MINIPORT_SHUTDOWN)
    _IRQL_requires_max_(HIGH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_SHUTDOWN(_In_ NDIS_HANDLE MiniportAdapterContext,
                      _In_ NDIS_SHUTDOWN_ACTION ShutdownAction);
typedef MINIPORT_SHUTDOWN(*MINIPORT_SHUTDOWN_HANDLER);

typedef _Function_class_(MINIPORT_DEVICE_PNP_EVENT_NOTIFY)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_DEVICE_PNP_EVENT_NOTIFY(_In_ NDIS_HANDLE MiniportAdapterContext,
                                     _In_ PNET_DEVICE_PNP_EVENT
                                         NetDevicePnPEvent);
typedef MINIPORT_DEVICE_PNP_EVENT_NOTIFY(
    *MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER);

typedef _Function_class_(MINIPORT_CANCEL_OID_REQUEST)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_CANCEL_OID_REQUEST(_In_ NDIS_HANDLE MiniportAdapterContext,
                                _In_ PVOID RequestId);
typedef MINIPORT_CANCEL_OID_REQUEST(*MINIPORT_CANCEL_OID_REQUEST_HANDLER);

typedef _Function_class_(MINIPORT_CANCEL_DIRECT_OID_REQUEST)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_CANCEL_DIRECT_OID_REQUEST(_In_ NDIS_HANDLE MiniportAdapterContext,
                                       _In_ PVOID RequestId);
typedef MINIPORT_CANCEL_DIRECT_OID_REQUEST(
    *MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER);

/* Interrupt roles: the ISR runs at DIRQL, the DPC at DISPATCH_LEVEL. */
typedef _Function_class_(MINIPORT_ISR) _IRQL_requires_same_ BOOLEAN
    MINIPORT_ISR(_In_ NDIS_HANDLE MiniportInterruptContext,
                 _Out_ PBOOLEAN QueueDefaultInterruptDpc,
                 _Out_ PULONG TargetProcessors);
typedef MINIPORT_ISR(*MINIPORT_ISR_HANDLER);

typedef _Function_class_(MINIPORT_INTERRUPT_DPC)
    _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_INTERRUPT_DPC(_In_ NDIS_HANDLE MiniportInterruptContext,
                           _In_ PVOID MiniportDpcContext,
                           _In_ PVOID ReceiveThrottleParameters,
                           _In_ PVOID NdisReserved2);
typedef MINIPORT_INTERRUPT_DPC(*MINIPORT_INTERRUPT_DPC_HANDLER);

typedef _Function_class_(MINIPORT_DISABLE_INTERRUPT) _IRQL_requires_same_ VOID
    MINIPORT_DISABLE_INTERRUPT(_In_ NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_DISABLE_INTERRUPT(*MINIPORT_DISABLE_INTERRUPT_HANDLER);

typedef _Function_class_(MINIPORT_ENABLE_INTERRUPT) _IRQL_requires_same_ VOID
    MINIPORT_ENABLE_INTERRUPT(_In_ NDIS_HANDLE MiniportInterruptContext);
typedef MINIPORT_ENABLE_INTERRUPT(*MINIPORT_ENABLE_INTERRUPT_HANDLER);

typedef _Function_class_(MINIPORT_MESSAGE_INTERRUPT)
    _IRQL_requires_same_ BOOLEAN
    MINIPORT_MESSAGE_INTERRUPT(_In_ NDIS_HANDLE MiniportInterruptContext,
                               _In_ ULONG MessageId,
                               _Out_ PBOOLEAN QueueDefaultInterruptDpc,
                               _Out_ PULONG TargetProcessors);
typedef MINIPORT_MESSAGE_INTERRUPT(*MINIPORT_MSI_ISR_HANDLER);

typedef _Function_class_(MINIPORT_MESSAGE_INTERRUPT_DPC)
    _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    MINIPORT_MESSAGE_INTERRUPT_DPC(_In_ NDIS_HANDLE MiniportInterruptContext,
                                   _In_ ULONG MessageId,
                                   _In_ PVOID MiniportDpcContext,
                                   _In_ PVOID ReceiveThrottleParameters,
                                   _In_ PVOID NdisReserved2);
typedef MINIPORT_MESSAGE_INTERRUPT_DPC(*MINIPORT_MSI_INTERRUPT_DPC_HANDLER);

typedef _Function_class_(MINIPORT_DISABLE_MESSAGE_INTERRUPT)
    _IRQL_requires_same_ VOID
    MINIPORT_DISABLE_MESSAGE_INTERRUPT(_In_ PVOID MiniportInterruptContext,
                                       _In_ ULONG MessageId);
typedef MINIPORT_DISABLE_MESSAGE_INTERRUPT(
    *MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER);

typedef _Function_class_(MINIPORT_ENABLE_MESSAGE_INTERRUPT)
    _IRQL_requires_same_ VOID
    MINIPORT_ENABLE_MESSAGE_INTERRUPT(_In_ PVOID MiniportInterruptContext,
                                      _In_ ULONG MessageId);
typedef MINIPORT_ENABLE_MESSAGE_INTERRUPT(
    *MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER);

typedef _Function_class_(MINIPORT_SYNCHRONIZE_INTERRUPT)
    _IRQL_requires_same_ BOOLEAN
    MINIPORT_SYNCHRONIZE_INTERRUPT(_In_ NDIS_HANDLE SynchronizeContext);
typedef MINIPORT_SYNCHRONIZE_INTERRUPT(*MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER);
typedef MINIPORT_SYNCHRONIZE_INTERRUPT MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT;
typedef MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT(
    *MINIPORT_SYNCHRONIZE_MESSAGE_INTERRUPT_HANDLER);

/* ---- Miniport characteristics (NDIS 6) ------------------------------- */

typedef struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  UCHAR MajorNdisVersion;
  UCHAR MinorNdisVersion;
  UCHAR MajorDriverVersion;
  UCHAR MinorDriverVersion;
  ULONG Flags;
  SET_OPTIONS_HANDLER SetOptionsHandler;
  MINIPORT_INITIALIZE_HANDLER InitializeHandlerEx;
  MINIPORT_HALT_HANDLER HaltHandlerEx;
  MINIPORT_DRIVER_UNLOAD UnloadHandler;
  MINIPORT_PAUSE_HANDLER PauseHandler;
  MINIPORT_RESTART_HANDLER RestartHandler;
  MINIPORT_OID_REQUEST_HANDLER OidRequestHandler;
  MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER SendNetBufferListsHandler;
  MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER ReturnNetBufferListsHandler;
  MINIPORT_CANCEL_SEND_HANDLER CancelSendHandler;
  MINIPORT_CHECK_FOR_HANG_HANDLER CheckForHangHandlerEx;
  MINIPORT_RESET_HANDLER ResetHandlerEx;
  MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER DevicePnPEventNotifyHandler;
  MINIPORT_SHUTDOWN_HANDLER ShutdownHandlerEx;
  MINIPORT_CANCEL_OID_REQUEST_HANDLER CancelOidRequestHandler;
  /* NDIS 6.1 */
  MINIPORT_DIRECT_OID_REQUEST_HANDLER DirectOidRequestHandler;
  MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER CancelDirectOidRequestHandler;
} NDIS_MINIPORT_DRIVER_CHARACTERISTICS, *PNDIS_MINIPORT_DRIVER_CHARACTERISTICS;

#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1                 \
  FIELD_OFFSET(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, DirectOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2                 \
  sizeof(NDIS_MINIPORT_DRIVER_CHARACTERISTICS)

typedef enum _NDIS_INTERRUPT_TYPE {
  NDIS_CONNECT_LINE_BASED = 1,
  NDIS_CONNECT_MESSAGE_BASED
} NDIS_INTERRUPT_TYPE,
    *PNDIS_INTERRUPT_TYPE;

typedef struct _NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  MINIPORT_ISR_HANDLER InterruptHandler;
  MINIPORT_INTERRUPT_DPC_HANDLER InterruptDpcHandler;
  MINIPORT_DISABLE_INTERRUPT_HANDLER DisableInterruptHandler;
  MINIPORT_ENABLE_INTERRUPT_HANDLER EnableInterruptHandler;
  BOOLEAN MsiSupported;
  BOOLEAN MsiSyncWithAllMessages;
  MINIPORT_MSI_ISR_HANDLER MessageInterruptHandler;
  MINIPORT_MSI_INTERRUPT_DPC_HANDLER MessageInterruptDpcHandler;
  MINIPORT_DISABLE_MSI_INTERRUPT_HANDLER DisableMessageInterruptHandler;
  MINIPORT_ENABLE_MSI_INTERRUPT_HANDLER EnableMessageInterruptHandler;
  NDIS_INTERRUPT_TYPE InterruptType;
  PVOID MessageInfoTable;
} NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS,
    *PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS;

#define NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1              \
  sizeof(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS)

/* ---- Miniport adapter attributes ------------------------------------- */

#define NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE 0x00000001
#define NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM 0x00000002
#define NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK 0x00000004
#define NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS 0x00000008
#define NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO 0x00000010
#define NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND 0x00000020
#define NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER 0x00000040

typedef struct _NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  NDIS_HANDLE MiniportAdapterContext;
  ULONG AttributeFlags;
  UINT CheckForHangTimeInSeconds;
  NDIS_INTERFACE_TYPE InterfaceType;
} NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
    *PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;

#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1        \
  sizeof(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES)

#define NDIS_MAX_PHYS_ADDRESS_LENGTH 32

typedef struct _NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  NDIS_MEDIUM MediaType;
  ULONG PhysicalMediumType;
  ULONG MtuSize;
  ULONG64 MaxXmitLinkSpeed;
  ULONG64 XmitLinkSpeed;
  ULONG64 MaxRcvLinkSpeed;
  ULONG64 RcvLinkSpeed;
  ULONG MediaConnectState;
  ULONG MediaDuplexState;
  ULONG LookaheadSize;
  PVOID PowerManagementCapabilities;
  ULONG MacOptions;
  ULONG SupportedPacketFilters;
  ULONG MaxMulticastListSize;
  USHORT MacAddressLength;
  UCHAR PermanentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
  UCHAR CurrentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
  PVOID RecvScaleCapabilities;
  ULONG AccessType;
  ULONG DirectionType;
  ULONG ConnectionType;
  ULONG IfType;
  BOOLEAN IfConnectorPresent;
  ULONG SupportedStatistics;
  ULONG SupportedPauseFunctions;
  ULONG DataBackFillSize;
  ULONG ContextBackFillSize;
  PNDIS_OID SupportedOidList;
  ULONG SupportedOidListLength;
  ULONG AutoNegotiationFlags;
  PVOID PowerManagementCapabilitiesEx;
} NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
    *PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;

#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1             \
  sizeof(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES)

typedef union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES RegistrationAttributes;
  NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES GeneralAttributes;
} NDIS_MINIPORT_ADAPTER_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_ATTRIBUTES;

/* ---- Miniport registration (NDIS 6) ---------------------------------- */

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisMRegisterMiniportDriver(
    _In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath,
    _In_opt_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
    _Out_ PNDIS_HANDLE NdisMiniportDriverHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMDeregisterMiniportDriver(_In_ NDIS_HANDLE NdisMiniportDriverHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisMSetMiniportAttributes(
    _In_ NDIS_HANDLE NdisMiniportHandle,
    _In_ PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisMRegisterInterruptEx(_In_ NDIS_HANDLE MiniportAdapterHandle,
                             _In_ NDIS_HANDLE MiniportInterruptContext,
                             _In_ PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS
                                 MiniportInterruptCharacteristics,
                             _Out_ PNDIS_HANDLE NdisInterruptHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMDeregisterInterruptEx(_In_ NDIS_HANDLE NdisInterruptHandle);

_IRQL_requires_max_(HIGH_LEVEL) EXPORT BOOLEAN NdisMSynchronizeWithInterruptEx(
    _In_ NDIS_HANDLE NdisInterruptHandle, _In_ ULONG MessageId,
    _In_ MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction,
    _In_ PVOID SynchronizeContext);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMSendNetBufferListsComplete(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                    _In_ PNET_BUFFER_LIST NetBufferLists,
                                    _In_ ULONG SendCompleteFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMIndicateReceiveNetBufferLists(_In_ NDIS_HANDLE MiniportAdapterHandle,
                                       _In_ PNET_BUFFER_LIST NetBufferList,
                                       _In_ NDIS_PORT_NUMBER PortNumber,
                                       _In_ ULONG NumberOfNetBufferLists,
                                       _In_ ULONG ReceiveFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMOidRequestComplete(_In_ NDIS_HANDLE MiniportAdapterHandle,
                            _In_ PNDIS_OID_REQUEST OidRequest,
                            _In_ NDIS_STATUS Status);

/* ---- Timers, work items ---------------------------------------------- */

typedef _Function_class_(NDIS_TIMER_FUNCTION)
    _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    NDIS_TIMER_FUNCTION(_In_ PVOID SystemSpecific1, _In_ PVOID FunctionContext,
                        _In_ PVOID SystemSpecific2, _In_ PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION(*PNDIS_TIMER_FUNCTION);

typedef struct _NDIS_TIMER_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  ULONG AllocationTag;
  PNDIS_TIMER_FUNCTION TimerFunction;
  PVOID FunctionContext;
} NDIS_TIMER_CHARACTERISTICS, *PNDIS_TIMER_CHARACTERISTICS;

#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1                           \
  sizeof(NDIS_TIMER_CHARACTERISTICS)

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT NDIS_STATUS NdisAllocateTimerObject(
    _In_ NDIS_HANDLE NdisHandle,
    _In_ PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
    _Out_ PNDIS_HANDLE pTimerObject);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeTimerObject(_In_ NDIS_HANDLE TimerObject);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT BOOLEAN
    NdisSetTimerObject(_In_ NDIS_HANDLE TimerObject, _In_ LARGE_INTEGER DueTime,
                       _In_opt_ LONG MillisecondsPeriod,
                       _In_opt_ PVOID FunctionContext);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT BOOLEAN
    NdisCancelTimerObject(_In_ NDIS_HANDLE TimerObject);

/* NDIS 5 timers. */
typedef struct _NDIS_TIMER {
  KTIMER Timer;
  KDPC Dpc;
} NDIS_TIMER, *PNDIS_TIMER;

typedef struct _NDIS_MINIPORT_TIMER {
  KTIMER Timer;
  KDPC Dpc;
  PNDIS_TIMER_FUNCTION MiniportTimerFunction;
  PVOID MiniportTimerContext;
  PVOID Miniport;
  struct _NDIS_MINIPORT_TIMER *NextTimer;
} NDIS_MINIPORT_TIMER, *PNDIS_MINIPORT_TIMER;

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMInitializeTimer(_Inout_ PNDIS_MINIPORT_TIMER Timer,
                         _In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ PNDIS_TIMER_FUNCTION TimerFunction,
                         _In_ PVOID FunctionContext);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMSetTimer(_In_ PNDIS_MINIPORT_TIMER Timer,
                  _In_ UINT MillisecondsToDelay);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMSetPeriodicTimer(_In_ PNDIS_MINIPORT_TIMER Timer,
                          _In_ UINT MillisecondPeriod);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisMCancelTimer(_In_ PNDIS_MINIPORT_TIMER Timer,
                     _Out_ PBOOLEAN TimerCancelled);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisInitializeTimer(_Inout_ PNDIS_TIMER Timer,
                        _In_ PNDIS_TIMER_FUNCTION TimerFunction,
                        _In_opt_ PVOID FunctionContext);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisSetTimer(_In_ PNDIS_TIMER Timer, _In_ UINT MillisecondsToDelay);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisCancelTimer(_In_ PNDIS_TIMER Timer, _Out_ PBOOLEAN TimerCancelled);

typedef _Function_class_(NDIS_IO_WORKITEM_FUNCTION)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    NDIS_IO_WORKITEM_FUNCTION(_In_opt_ PVOID WorkItemContext,
                              _In_ NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION(*NDIS_IO_WORKITEM_ROUTINE);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT NDIS_HANDLE
    NdisAllocateIoWorkItem(_In_ NDIS_HANDLE NdisObjectHandle);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisQueueIoWorkItem(_In_ NDIS_HANDLE NdisIoWorkItemHandle,
                        _In_ NDIS_IO_WORKITEM_ROUTINE Routine,
                        _In_ PVOID WorkItemContext);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeIoWorkItem(_In_ NDIS_HANDLE NdisIoWorkItemHandle);

/* Nonpaged lookaside lists. The WDK's NdisXxx macros expand to the
   ExXxxNPagedLookasideList routines; here they are functions with the same
   parameters. The list head is driver storage. */
typedef PVOID (*PALLOCATE_FUNCTION)(_In_ POOL_TYPE PoolType,
                                    _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
typedef VOID (*PFREE_FUNCTION)(_In_ PVOID Buffer);

typedef struct _NPAGED_LOOKASIDE_LIST {
  PVOID Reserved[16];
  PALLOCATE_FUNCTION Allocate;
  PFREE_FUNCTION Free;
  ULONG Size;
  ULONG Tag;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisInitializeNPagedLookasideList(_Out_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                      _In_opt_ PALLOCATE_FUNCTION Allocate,
                                      _In_opt_ PFREE_FUNCTION Free,
                                      _In_ ULONG Flags, _In_ ULONG Size,
                                      _In_ ULONG Tag, _In_ USHORT Depth);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisDeleteNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT PVOID
    NdisAllocateFromNPagedLookasideList(
        _Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFreeToNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside,
                                  _In_ PVOID Entry);

/* ---- NDIS 5 miniports ------------------------------------------------- */

typedef NDIS_STATUS (*W_INITIALIZE_HANDLER)(
    _Out_ PNDIS_STATUS OpenErrorStatus, _Out_ PUINT SelectedMediumIndex,
    _In_ PNDIS_MEDIUM MediumArray, _In_ UINT MediumArraySize,
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_HANDLE WrapperConfigurationContext);
typedef VOID (*W_HALT_HANDLER)(_In_ NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_ISR_HANDLER)(_Out_ PBOOLEAN InterruptRecognized,
                              _Out_ PBOOLEAN QueueMiniportHandleInterrupt,
                              _In_ NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_HANDLE_INTERRUPT_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_DISABLE_INTERRUPT_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext);
typedef VOID (*W_ENABLE_INTERRUPT_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext);
typedef BOOLEAN (*W_CHECK_FOR_HANG_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext);
typedef NDIS_STATUS (*W_QUERY_INFORMATION_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ NDIS_OID Oid,
    _In_ PVOID InformationBuffer, _In_ ULONG InformationBufferLength,
    _Out_ PULONG BytesWritten, _Out_ PULONG BytesNeeded);
typedef NDIS_STATUS (*W_SET_INFORMATION_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ NDIS_OID Oid,
    _In_ PVOID InformationBuffer, _In_ ULONG InformationBufferLength,
    _Out_ PULONG BytesRead, _Out_ PULONG BytesNeeded);
typedef NDIS_STATUS (*W_RECONFIGURE_HANDLER)(
    _Out_ PNDIS_STATUS OpenErrorStatus, _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_HANDLE WrapperConfigurationContext);
typedef NDIS_STATUS (*W_RESET_HANDLER)(_Out_ PBOOLEAN AddressingReset,
                                       _In_ NDIS_HANDLE MiniportAdapterContext);
typedef NDIS_STATUS (*W_SEND_HANDLER)(_In_ NDIS_HANDLE MiniportAdapterContext,
                                      _In_ PNDIS_PACKET Packet,
                                      _In_ UINT Flags);
typedef VOID (*W_SEND_PACKETS_HANDLER)(_In_ NDIS_HANDLE MiniportAdapterContext,
                                       _In_ PPNDIS_PACKET PacketArray,
                                       _In_ UINT NumberOfPackets);
typedef NDIS_STATUS (*W_TRANSFER_DATA_HANDLER)(
    _Out_ PNDIS_PACKET Packet, _Out_ PUINT BytesTransferred,
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_HANDLE MiniportReceiveContext, _In_ UINT ByteOffset,
    _In_ UINT BytesToTransfer);
typedef VOID (*W_RETURN_PACKET_HANDLER)(_In_ NDIS_HANDLE MiniportAdapterContext,
                                        _In_ PNDIS_PACKET Packet);
typedef VOID (*W_ALLOCATE_COMPLETE_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID VirtualAddress,
    _In_ PNDIS_PHYSICAL_ADDRESS PhysicalAddress, _In_ ULONG Length,
    _In_ PVOID Context);
typedef VOID (*W_CANCEL_SEND_PACKETS_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext, _In_ PVOID CancelId);
typedef VOID (*W_PNP_EVENT_NOTIFY_HANDLER)(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_DEVICE_PNP_EVENT PnPEvent, _In_ PVOID InformationBuffer,
    _In_ ULONG InformationBufferLength);
typedef VOID (*W_MINIPORT_SHUTDOWN_HANDLER)(_In_ PVOID ShutdownContext);

typedef struct _NDIS51_MINIPORT_CHARACTERISTICS {
  UCHAR MajorNdisVersion;
  UCHAR MinorNdisVersion;
  UINT Reserved;
  W_CHECK_FOR_HANG_HANDLER CheckForHangHandler;
  W_DISABLE_INTERRUPT_HANDLER DisableInterruptHandler;
  W_ENABLE_INTERRUPT_HANDLER EnableInterruptHandler;
  W_HALT_HANDLER HaltHandler;
  W_HANDLE_INTERRUPT_HANDLER HandleInterruptHandler;
  W_INITIALIZE_HANDLER InitializeHandler;
  W_ISR_HANDLER ISRHandler;
  W_QUERY_INFORMATION_HANDLER QueryInformationHandler;
  W_RECONFIGURE_HANDLER ReconfigureHandler;
  W_RESET_HANDLER ResetHandler;
  W_SEND_HANDLER SendHandler;
  W_SET_INFORMATION_HANDLER SetInformationHandler;
  W_TRANSFER_DATA_HANDLER TransferDataHandler;
  /* NDIS 4.0 */
  W_RETURN_PACKET_HANDLER ReturnPacketHandler;
  W_SEND_PACKETS_HANDLER SendPacketsHandler;
  W_ALLOCATE_COMPLETE_HANDLER AllocateCompleteHandler;
  /* NDIS 5.0 (connection-oriented handlers, unused here) */
  PVOID CoCreateVcHandler;
  PVOID CoDeleteVcHandler;
  PVOID CoActivateVcHandler;
  PVOID CoDeactivateVcHandler;
  PVOID CoSendPacketsHandler;
  PVOID CoRequestHandler;
  /* NDIS 5.1 */
  W_CANCEL_SEND_PACKETS_HANDLER CancelSendPacketsHandler;
  W_PNP_EVENT_NOTIFY_HANDLER PnPEventNotifyHandler;
  W_MINIPORT_SHUTDOWN_HANDLER AdapterShutdownHandler;
  PVOID Reserved1;
  PVOID Reserved2;
  PVOID Reserved3;
  PVOID Reserved4;
} NDIS51_MINIPORT_CHARACTERISTICS, *PNDIS51_MINIPORT_CHARACTERISTICS;

typedef NDIS51_MINIPORT_CHARACTERISTICS NDIS_MINIPORT_CHARACTERISTICS;
typedef NDIS51_MINIPORT_CHARACTERISTICS *PNDIS_MINIPORT_CHARACTERISTICS;
typedef NDIS51_MINIPORT_CHARACTERISTICS NDIS50_MINIPORT_CHARACTERISTICS;

typedef struct _NDIS_MINIPORT_INTERRUPT {
  PVOID InterruptObject;
  KSPIN_LOCK DpcCountLock;
  PVOID Reserved[14];
} NDIS_MINIPORT_INTERRUPT, *PNDIS_MINIPORT_INTERRUPT;

typedef enum _NDIS_INTERRUPT_MODE {
  NdisInterruptLevelSensitive,
  NdisInterruptLatched
} NDIS_INTERRUPT_MODE,
    *PNDIS_INTERRUPT_MODE;

#define NdisInterfaceInternal Internal
#define NdisInterfaceIsa Isa
#define NdisInterfaceEisa Eisa
#define NdisInterfacePci PCIBus
#define NdisInterfacePcMcia PCMCIABus

/* The WDK's values. */
#define NDIS_ATTRIBUTE_IGNORE_PACKET_TIMEOUT 0x00000001
#define NDIS_ATTRIBUTE_IGNORE_REQUEST_TIMEOUT 0x00000002
#define NDIS_ATTRIBUTE_IGNORE_TOKEN_RING_ERRORS 0x00000004
#define NDIS_ATTRIBUTE_BUS_MASTER 0x00000008
#define NDIS_ATTRIBUTE_INTERMEDIATE_DRIVER 0x00000010
#define NDIS_ATTRIBUTE_DESERIALIZE 0x00000020
#define NDIS_ATTRIBUTE_NO_HALT_ON_SUSPEND 0x00000040
#define NDIS_ATTRIBUTE_SURPRISE_REMOVE_OK 0x00000080

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMInitializeWrapper(_Out_ PNDIS_HANDLE NdisWrapperHandle,
                           _In_ PVOID SystemSpecific1,
                           _In_ PVOID SystemSpecific2,
                           _In_ PVOID SystemSpecific3);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisTerminateWrapper(_In_ NDIS_HANDLE NdisWrapperHandle,
                         _In_opt_ PVOID SystemSpecific);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisMRegisterMiniport(
    _In_ NDIS_HANDLE NdisWrapperHandle,
    _In_ PNDIS_MINIPORT_CHARACTERISTICS MiniportCharacteristics,
    _In_ UINT CharacteristicsLength);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMRegisterUnloadHandler(_In_ NDIS_HANDLE NdisWrapperHandle,
                               _In_ PDRIVER_UNLOAD UnloadHandler);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMSetAttributesEx(_In_ NDIS_HANDLE MiniportAdapterHandle,
                         _In_ NDIS_HANDLE MiniportAdapterContext,
                         _In_opt_ UINT CheckForHangTimeInSeconds,
                         _In_ ULONG AttributeFlags,
                         _In_ NDIS_INTERFACE_TYPE AdapterType);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMSetAttributes(_In_ NDIS_HANDLE MiniportAdapterHandle,
                       _In_ NDIS_HANDLE MiniportAdapterContext,
                       _In_ BOOLEAN BusMaster,
                       _In_ NDIS_INTERFACE_TYPE AdapterType);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisMRegisterInterrupt(_Out_ PNDIS_MINIPORT_INTERRUPT Interrupt,
                           _In_ NDIS_HANDLE MiniportAdapterHandle,
                           _In_ UINT InterruptVector, _In_ UINT InterruptLevel,
                           _In_ BOOLEAN RequestIsr,
                           _In_ BOOLEAN SharedInterrupt,
                           _In_ NDIS_INTERRUPT_MODE InterruptMode);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMDeregisterInterrupt(_In_ PNDIS_MINIPORT_INTERRUPT Interrupt);

/* ---- Filter drivers (minimal) ---------------------------------------- */

typedef struct _NDIS_FILTER_ATTACH_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  NET_IFINDEX IfIndex;
  NET_LUID NetLuid;
  PNDIS_STRING FilterModuleGuidName;
  NET_IFINDEX BaseMiniportIfIndex;
  PNDIS_STRING BaseMiniportInstanceName;
  PNDIS_STRING BaseMiniportName;
  ULONG MediaConnectState;
  NDIS_MEDIUM MiniportMediaType;
  ULONG Flags;
} NDIS_FILTER_ATTACH_PARAMETERS, *PNDIS_FILTER_ATTACH_PARAMETERS;

typedef struct _NDIS_FILTER_PAUSE_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  ULONG PauseReason;
} NDIS_FILTER_PAUSE_PARAMETERS, *PNDIS_FILTER_PAUSE_PARAMETERS;

typedef struct _NDIS_FILTER_RESTART_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  NDIS_MEDIUM MiniportMediaType;
  PVOID RestartAttributes;
  ULONG Flags;
} NDIS_FILTER_RESTART_PARAMETERS, *PNDIS_FILTER_RESTART_PARAMETERS;

typedef _Function_class_(FILTER_ATTACH)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    FILTER_ATTACH(_In_ NDIS_HANDLE NdisFilterHandle,
                  _In_ NDIS_HANDLE FilterDriverContext,
                  _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters);
typedef FILTER_ATTACH(*FILTER_ATTACH_HANDLER);

typedef _Function_class_(FILTER_DETACH)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    FILTER_DETACH(_In_ NDIS_HANDLE FilterModuleContext);
typedef FILTER_DETACH(*FILTER_DETACH_HANDLER);

typedef _Function_class_(FILTER_PAUSE)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    FILTER_PAUSE(_In_ NDIS_HANDLE FilterModuleContext,
                 _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters);
typedef FILTER_PAUSE(*FILTER_PAUSE_HANDLER);

typedef _Function_class_(FILTER_RESTART)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    FILTER_RESTART(_In_ NDIS_HANDLE FilterModuleContext,
                   _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters);
typedef FILTER_RESTART(*FILTER_RESTART_HANDLER);

typedef _Function_class_(FILTER_SEND_NET_BUFFER_LISTS)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    FILTER_SEND_NET_BUFFER_LISTS(_In_ NDIS_HANDLE FilterModuleContext,
                                 _In_ PNET_BUFFER_LIST NetBufferList,
                                 _In_ NDIS_PORT_NUMBER PortNumber,
                                 _In_ ULONG SendFlags);
typedef FILTER_SEND_NET_BUFFER_LISTS(*FILTER_SEND_NET_BUFFER_LISTS_HANDLER);

typedef _Function_class_(FILTER_RETURN_NET_BUFFER_LISTS)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    FILTER_RETURN_NET_BUFFER_LISTS(_In_ NDIS_HANDLE FilterModuleContext,
                                   _In_ PNET_BUFFER_LIST NetBufferLists,
                                   _In_ ULONG ReturnFlags);
typedef FILTER_RETURN_NET_BUFFER_LISTS(*FILTER_RETURN_NET_BUFFER_LISTS_HANDLER);

typedef _Function_class_(FILTER_SEND_NET_BUFFER_LISTS_COMPLETE)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    FILTER_SEND_NET_BUFFER_LISTS_COMPLETE(_In_ NDIS_HANDLE FilterModuleContext,
                                          _In_ PNET_BUFFER_LIST NetBufferList,
                                          _In_ ULONG SendCompleteFlags);
typedef FILTER_SEND_NET_BUFFER_LISTS_COMPLETE(
    *FILTER_SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER);

typedef _Function_class_(FILTER_RECEIVE_NET_BUFFER_LISTS)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    FILTER_RECEIVE_NET_BUFFER_LISTS(_In_ NDIS_HANDLE FilterModuleContext,
                                    _In_ PNET_BUFFER_LIST NetBufferLists,
                                    _In_ NDIS_PORT_NUMBER PortNumber,
                                    _In_ ULONG NumberOfNetBufferLists,
                                    _In_ ULONG ReceiveFlags);
typedef FILTER_RECEIVE_NET_BUFFER_LISTS(
    *FILTER_RECEIVE_NET_BUFFER_LISTS_HANDLER);

typedef _Function_class_(FILTER_OID_REQUEST)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    FILTER_OID_REQUEST(_In_ NDIS_HANDLE FilterModuleContext,
                       _In_ PNDIS_OID_REQUEST OidRequest);
typedef FILTER_OID_REQUEST(*FILTER_OID_REQUEST_HANDLER);

typedef _Function_class_(FILTER_OID_REQUEST_COMPLETE)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    FILTER_OID_REQUEST_COMPLETE(_In_ NDIS_HANDLE FilterModuleContext,
                                _In_ PNDIS_OID_REQUEST OidRequest,
                                _In_ NDIS_STATUS Status);
typedef FILTER_OID_REQUEST_COMPLETE(*FILTER_OID_REQUEST_COMPLETE_HANDLER);

typedef _Function_class_(FILTER_CANCEL_OID_REQUEST)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    FILTER_CANCEL_OID_REQUEST(_In_ NDIS_HANDLE FilterModuleContext,
                              _In_ PVOID RequestId);
typedef FILTER_CANCEL_OID_REQUEST(*FILTER_CANCEL_OID_REQUEST_HANDLER);

typedef struct _NDIS_FILTER_DRIVER_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  UCHAR MajorNdisVersion;
  UCHAR MinorNdisVersion;
  UCHAR MajorDriverVersion;
  UCHAR MinorDriverVersion;
  ULONG Flags;
  NDIS_STRING FriendlyName;
  NDIS_STRING UniqueName;
  NDIS_STRING ServiceName;
  SET_OPTIONS_HANDLER SetOptionsHandler;
  PVOID SetFilterModuleOptionsHandler;
  FILTER_ATTACH_HANDLER AttachHandler;
  FILTER_DETACH_HANDLER DetachHandler;
  FILTER_RESTART_HANDLER RestartHandler;
  FILTER_PAUSE_HANDLER PauseHandler;
  FILTER_SEND_NET_BUFFER_LISTS_HANDLER SendNetBufferListsHandler;
  FILTER_SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER
  SendNetBufferListsCompleteHandler;
  PVOID CancelSendNetBufferListsHandler;
  FILTER_RECEIVE_NET_BUFFER_LISTS_HANDLER ReceiveNetBufferListsHandler;
  FILTER_RETURN_NET_BUFFER_LISTS_HANDLER ReturnNetBufferListsHandler;
  FILTER_OID_REQUEST_HANDLER OidRequestHandler;
  FILTER_OID_REQUEST_COMPLETE_HANDLER OidRequestCompleteHandler;
  FILTER_CANCEL_OID_REQUEST_HANDLER CancelOidRequestHandler;
  PVOID DevicePnPEventNotifyHandler;
  PVOID NetPnPEventHandler;
  PVOID StatusHandler;
} NDIS_FILTER_DRIVER_CHARACTERISTICS, *PNDIS_FILTER_DRIVER_CHARACTERISTICS;

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisFRegisterFilterDriver(
    _In_ PDRIVER_OBJECT DriverObject, _In_ NDIS_HANDLE FilterDriverContext,
    _In_ PNDIS_FILTER_DRIVER_CHARACTERISTICS FilterDriverCharacteristics,
    _Out_ PNDIS_HANDLE NdisFilterDriverHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisFDeregisterFilterDriver(_In_ NDIS_HANDLE NdisFilterDriverHandle);

typedef struct _NDIS_FILTER_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
} NDIS_FILTER_ATTRIBUTES, *PNDIS_FILTER_ATTRIBUTES;

#define NDIS_FILTER_ATTRIBUTES_REVISION_1 1

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisFSetAttributes(_In_ NDIS_HANDLE NdisFilterHandle,
                       _In_ NDIS_HANDLE FilterModuleContext,
                       _In_ PNDIS_FILTER_ATTRIBUTES FilterAttributes);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFSendNetBufferLists(_In_ NDIS_HANDLE NdisFilterHandle,
                            _In_ PNET_BUFFER_LIST NetBufferList,
                            _In_ NDIS_PORT_NUMBER PortNumber,
                            _In_ ULONG SendFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFSendNetBufferListsComplete(_In_ NDIS_HANDLE NdisFilterHandle,
                                    _In_ PNET_BUFFER_LIST NetBufferList,
                                    _In_ ULONG SendCompleteFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFIndicateReceiveNetBufferLists(_In_ NDIS_HANDLE NdisFilterHandle,
                                       _In_ PNET_BUFFER_LIST NetBufferLists,
                                       _In_ NDIS_PORT_NUMBER PortNumber,
                                       _In_ ULONG NumberOfNetBufferLists,
                                       _In_ ULONG ReceiveFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFReturnNetBufferLists(_In_ NDIS_HANDLE NdisFilterHandle,
                              _In_ PNET_BUFFER_LIST NetBufferLists,
                              _In_ ULONG ReturnFlags);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT NDIS_STATUS
    NdisFOidRequest(_In_ NDIS_HANDLE NdisFilterHandle,
                    _In_ PNDIS_OID_REQUEST OidRequest);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisFOidRequestComplete(_In_ NDIS_HANDLE NdisFilterHandle,
                            _In_ PNDIS_OID_REQUEST OidRequest,
                            _In_ NDIS_STATUS Status);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisFPauseComplete(_In_ NDIS_HANDLE NdisFilterHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisFRestartComplete(_In_ NDIS_HANDLE NdisFilterHandle,
                         _In_ NDIS_STATUS Status);

/* ---- Protocol drivers (minimal) -------------------------------------- */

typedef struct _NDIS_BIND_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  PNDIS_STRING ProtocolSection;
  PNDIS_STRING AdapterName;
  PDEVICE_OBJECT PhysicalDeviceObject;
  NDIS_MEDIUM MediaType;
  ULONG MtuSize;
  ULONG64 MaxXmitLinkSpeed;
  ULONG64 XmitLinkSpeed;
  ULONG64 MaxRcvLinkSpeed;
  ULONG64 RcvLinkSpeed;
  ULONG MediaConnectState;
  ULONG MediaDuplexState;
  ULONG LookaheadSize;
} NDIS_BIND_PARAMETERS, *PNDIS_BIND_PARAMETERS;

typedef _Function_class_(PROTOCOL_BIND_ADAPTER_EX)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    PROTOCOL_BIND_ADAPTER_EX(_In_ NDIS_HANDLE ProtocolDriverContext,
                             _In_ NDIS_HANDLE BindContext,
                             _In_ PNDIS_BIND_PARAMETERS BindParameters);
typedef PROTOCOL_BIND_ADAPTER_EX(*BIND_HANDLER_EX);

typedef _Function_class_(PROTOCOL_UNBIND_ADAPTER_EX)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ NDIS_STATUS
    PROTOCOL_UNBIND_ADAPTER_EX(_In_ NDIS_HANDLE UnbindContext,
                               _In_ NDIS_HANDLE ProtocolBindingContext);
typedef PROTOCOL_UNBIND_ADAPTER_EX(*UNBIND_HANDLER_EX);

typedef _Function_class_(PROTOCOL_OPEN_ADAPTER_COMPLETE_EX)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    PROTOCOL_OPEN_ADAPTER_COMPLETE_EX(_In_ NDIS_HANDLE ProtocolBindingContext,
                                      _In_ NDIS_STATUS Status);
typedef PROTOCOL_OPEN_ADAPTER_COMPLETE_EX(*OPEN_ADAPTER_COMPLETE_HANDLER_EX);

typedef _Function_class_(PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX(_In_ NDIS_HANDLE ProtocolBindingContext);
typedef PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX(*CLOSE_ADAPTER_COMPLETE_HANDLER_EX);

typedef _Function_class_(PROTOCOL_RECEIVE_NET_BUFFER_LISTS)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    PROTOCOL_RECEIVE_NET_BUFFER_LISTS(_In_ NDIS_HANDLE ProtocolBindingContext,
                                      _In_ PNET_BUFFER_LIST NetBufferLists,
                                      _In_ NDIS_PORT_NUMBER PortNumber,
                                      _In_ ULONG NumberOfNetBufferLists,
                                      _In_ ULONG ReceiveFlags);
typedef PROTOCOL_RECEIVE_NET_BUFFER_LISTS(*RECEIVE_NET_BUFFER_LISTS_HANDLER);

typedef _Function_class_(PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE(
        _In_ NDIS_HANDLE ProtocolBindingContext,
        _In_ PNET_BUFFER_LIST NetBufferList, _In_ ULONG SendCompleteFlags);
typedef PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE(
    *SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER);

typedef _Function_class_(PROTOCOL_OID_REQUEST_COMPLETE)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    PROTOCOL_OID_REQUEST_COMPLETE(_In_ NDIS_HANDLE ProtocolBindingContext,
                                  _In_ PNDIS_OID_REQUEST OidRequest,
                                  _In_ NDIS_STATUS Status);
typedef PROTOCOL_OID_REQUEST_COMPLETE(*OID_REQUEST_COMPLETE_HANDLER);

typedef _Function_class_(PROTOCOL_UNINSTALL)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    PROTOCOL_UNINSTALL(VOID);
typedef PROTOCOL_UNINSTALL(*UNINSTALL_PROTOCOL_HANDLER);

typedef struct _NDIS_PROTOCOL_DRIVER_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  UCHAR MajorNdisVersion;
  UCHAR MinorNdisVersion;
  UCHAR MajorDriverVersion;
  UCHAR MinorDriverVersion;
  ULONG Flags;
  NDIS_STRING Name;
  SET_OPTIONS_HANDLER SetOptionsHandler;
  BIND_HANDLER_EX BindAdapterHandlerEx;
  UNBIND_HANDLER_EX UnbindAdapterHandlerEx;
  OPEN_ADAPTER_COMPLETE_HANDLER_EX OpenAdapterCompleteHandlerEx;
  CLOSE_ADAPTER_COMPLETE_HANDLER_EX CloseAdapterCompleteHandlerEx;
  PVOID NetPnPEventHandler;
  UNINSTALL_PROTOCOL_HANDLER UninstallHandler;
  OID_REQUEST_COMPLETE_HANDLER OidRequestCompleteHandler;
  PVOID StatusHandlerEx;
  RECEIVE_NET_BUFFER_LISTS_HANDLER ReceiveNetBufferListsHandler;
  SEND_NET_BUFFER_LISTS_COMPLETE_HANDLER SendNetBufferListsCompleteHandler;
  PVOID DirectOidRequestCompleteHandler;
} NDIS_PROTOCOL_DRIVER_CHARACTERISTICS, *PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS;

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS NdisRegisterProtocolDriver(
    _In_opt_ NDIS_HANDLE ProtocolDriverContext,
    _In_ PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolCharacteristics,
    _Out_ PNDIS_HANDLE NdisProtocolHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisDeregisterProtocolDriver(_In_ NDIS_HANDLE NdisProtocolHandle);

/* ---- Configuration, I/O space, events, misc ------------------------- */

typedef struct _NDIS_CONFIGURATION_OBJECT {
  NDIS_OBJECT_HEADER Header;
  NDIS_HANDLE NdisHandle;
  ULONG Flags;
} NDIS_CONFIGURATION_OBJECT, *PNDIS_CONFIGURATION_OBJECT;

#define NDIS_OBJECT_TYPE_CONFIGURATION_OBJECT 0xA4
#define NDIS_CONFIGURATION_OBJECT_REVISION_1 1

typedef enum _NDIS_PARAMETER_TYPE {
  NdisParameterInteger,
  NdisParameterHexInteger,
  NdisParameterString,
  NdisParameterMultiString,
  NdisParameterBinary
} NDIS_PARAMETER_TYPE,
    *PNDIS_PARAMETER_TYPE;

typedef struct _NDIS_CONFIGURATION_PARAMETER {
  NDIS_PARAMETER_TYPE ParameterType;
  union {
    ULONG IntegerData;
    NDIS_STRING StringData;
  } ParameterData;
} NDIS_CONFIGURATION_PARAMETER, *PNDIS_CONFIGURATION_PARAMETER;

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisOpenConfigurationEx(_In_ PNDIS_CONFIGURATION_OBJECT ConfigObject,
                            _Out_ PNDIS_HANDLE ConfigurationHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisReadConfiguration(_Out_ PNDIS_STATUS Status,
                          _Out_ PNDIS_CONFIGURATION_PARAMETER *ParameterValue,
                          _In_ NDIS_HANDLE ConfigurationHandle,
                          _In_ PNDIS_STRING Keyword,
                          _In_ NDIS_PARAMETER_TYPE ParameterType);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisCloseConfiguration(_In_ NDIS_HANDLE ConfigurationHandle);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT NDIS_STATUS
    NdisMMapIoSpace(_Out_ PVOID *VirtualAddress,
                    _In_ NDIS_HANDLE MiniportAdapterHandle,
                    _In_ NDIS_PHYSICAL_ADDRESS PhysicalAddress,
                    _In_ UINT Length);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT VOID
    NdisMUnmapIoSpace(_In_ NDIS_HANDLE MiniportAdapterHandle,
                      _In_ PVOID VirtualAddress, _In_ UINT Length);

_IRQL_requires_max_(APC_LEVEL) EXPORT VOID
    NdisMSleep(_In_ ULONG MicrosecondsToSleep);

_IRQL_requires_max_(HIGH_LEVEL) EXPORT VOID
    NdisStallExecution(_In_ UINT MicrosecondsToStall);

typedef struct _NDIS_EVENT {
  LONG Signaled;
  PVOID Reserved[3];
} NDIS_EVENT, *PNDIS_EVENT;

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisInitializeEvent(_Out_ PNDIS_EVENT Event);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisSetEvent(_In_ PNDIS_EVENT Event);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT VOID
    NdisResetEvent(_In_ PNDIS_EVENT Event);

_IRQL_requires_(PASSIVE_LEVEL) EXPORT BOOLEAN
    NdisWaitEvent(_In_ PNDIS_EVENT Event, _In_ UINT MsToWait);

/* NDIS 5 work items. */
struct _NDIS_WORK_ITEM;
typedef VOID (*NDIS_PROC)(_In_ struct _NDIS_WORK_ITEM *WorkItem,
                          _In_opt_ PVOID Context);

typedef struct _NDIS_WORK_ITEM {
  PVOID Context;
  NDIS_PROC Routine;
  UCHAR WrapperReserved[8 * sizeof(PVOID)];
} NDIS_WORK_ITEM, *PNDIS_WORK_ITEM;

EXPORT VOID NdisInitializeWorkItem(_Out_ PNDIS_WORK_ITEM WorkItem,
                                   _In_ NDIS_PROC Routine,
                                   _In_opt_ PVOID Context);

_IRQL_requires_max_(DISPATCH_LEVEL) EXPORT NDIS_STATUS
    NdisScheduleWorkItem(_In_ PNDIS_WORK_ITEM WorkItem);

#ifdef __cplusplus
}
#endif

/* Runtime mode: every DDI name also forwards the caller's file and line. */
#ifdef NDISRT_RUNTIME
#include "ndisrt_ddi.h"
#endif

#endif /* NDISRT_NDIS_H */
#endif /* _NDIS_ */
