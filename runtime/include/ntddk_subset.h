/*
 * ntddk_subset.h - the kernel (wdm.h / ntddk.h) subset the NDIS subset needs:
 * base types, IRQL, pool, spin locks, DPCs, MDLs, driver and device objects.
 *
 * Signatures and parameter names follow the WDK so that one driver source
 * compiles for the analyser (x86_64-pc-windows-msvc or the host target) and
 * for the reference runtime (host gcc/clang).
 */
#ifndef NDISRT_NTDDK_SUBSET_H
#define NDISRT_NTDDK_SUBSET_H

#include "sal_subset.h"

/* size_t, wchar_t, offsetof: drivers use them, and the WDK's headers bring
   them in. The compiler's own stddef.h serves every target. */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Calling conventions and linkage ---------------------------------- */

#if defined(_WIN32) && !defined(NDISRT_NO_STDCALL)
#ifndef NTAPI
#define NTAPI __stdcall
#endif
#else
#ifndef NTAPI
#define NTAPI
#endif
#endif
#ifndef NTSYSAPI
#define NTSYSAPI
#endif
#ifndef NTKERNELAPI
#define NTKERNELAPI
#endif
#ifndef NTHALAPI
#define NTHALAPI
#endif
#ifndef FASTCALL
#define FASTCALL
#endif
#ifndef FORCEINLINE
#define FORCEINLINE static inline
#endif

/* ---- Base types --------------------------------------------------------- */

#ifndef VOID
#define VOID void
#endif
typedef char CHAR;
typedef short SHORT;
#if defined(_WIN32) || defined(_MSC_VER)
typedef long LONG;
#else
typedef int LONG; /* LONG and ULONG are 32-bit on every target. */
#endif

typedef void *PVOID;
typedef unsigned char UCHAR, *PUCHAR;
typedef unsigned short USHORT, *PUSHORT;
#if defined(_WIN32) || defined(_MSC_VER)
typedef unsigned long ULONG, *PULONG;
#else
typedef unsigned int ULONG, *PULONG;
#endif
typedef LONG *PLONG;
typedef CHAR *PCHAR, *PSTR;
typedef const CHAR *PCSTR;
typedef SHORT *PSHORT;
typedef SHORT CSHORT;
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef long long LONG64, *PLONG64;
typedef unsigned long long ULONG64, *PULONG64, DWORD64;
typedef unsigned int ULONG32, DWORD;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef UCHAR BYTE, *PBYTE;

#if defined(_WIN64)
typedef unsigned long long ULONG_PTR, *PULONG_PTR;
typedef long long LONG_PTR, *PLONG_PTR;
#elif defined(_WIN32)
typedef unsigned long ULONG_PTR, *PULONG_PTR;
typedef long LONG_PTR, *PLONG_PTR;
#else
typedef __UINTPTR_TYPE__ ULONG_PTR, *PULONG_PTR;
typedef __INTPTR_TYPE__ LONG_PTR, *PLONG_PTR;
#endif
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T;
typedef ULONG_PTR KAFFINITY;

#if defined(_WIN32)
typedef __WCHAR_TYPE__ WCHAR; /* 16-bit wchar_t */
#else
typedef unsigned short WCHAR; /* UTF-16 code unit, as on Windows */
#endif
typedef WCHAR *PWCHAR, *PWCH, *PWSTR;
typedef const WCHAR *PCWSTR, *PCWCH;

typedef LONG NTSTATUS, *PNTSTATUS;

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  }; /* first member, so { Low, High } initialises it */
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
  struct {
    ULONG LowPart;
    ULONG HighPart;
  };
  struct {
    ULONG LowPart;
    ULONG HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY *Flink;
  struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
  struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

/* The doubly linked list routines of wdm.h (inline there too). */
FORCEINLINE void InitializeListHead(PLIST_ENTRY ListHead) {
  ListHead->Flink = ListHead->Blink = ListHead;
}
FORCEINLINE int IsListEmpty(const LIST_ENTRY *ListHead) {
  return ListHead->Flink == ListHead;
}
FORCEINLINE void InsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY Entry) {
  PLIST_ENTRY Blink = ListHead->Blink;
  Entry->Flink = ListHead;
  Entry->Blink = Blink;
  Blink->Flink = Entry;
  ListHead->Blink = Entry;
}
FORCEINLINE PLIST_ENTRY RemoveHeadList(PLIST_ENTRY ListHead) {
  PLIST_ENTRY Entry = ListHead->Flink;
  PLIST_ENTRY Flink = Entry->Flink;
  ListHead->Flink = Flink;
  Flink->Blink = ListHead;
  return Entry;
}

typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _GUID {
  ULONG Data1;
  USHORT Data2;
  USHORT Data3;
  UCHAR Data4[8];
} GUID, *PGUID;

#define FIELD_OFFSET(type, field) ((LONG) __builtin_offsetof(type, field))
#define CONTAINING_RECORD(address, type, field)                                \
  ((type *)((PCHAR)(address) - (ULONG_PTR)(&((type *)0)->field)))
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define ARGUMENT_PRESENT(ArgumentPointer)                                      \
  ((CHAR *)(ArgumentPointer) != (CHAR *)0)
#ifndef C_ASSERT
#define C_ASSERT(e) typedef char __C_ASSERT__[(e) ? 1 : -1]
#endif

/* ---- Status codes ----------------------------------------------------- */

#define STATUS_SUCCESS ((NTSTATUS)0x00000000L)
#define STATUS_PENDING ((NTSTATUS)0x00000103L)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001L)
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002L)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000DL)
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017L)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009AL)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BBL)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023L)
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3L)
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)

/* ---- IRQL ------------------------------------------------------------- */

typedef UCHAR KIRQL, *PKIRQL;

#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define CMCI_LEVEL 5
#define CLOCK_LEVEL 13
#define IPI_LEVEL 14
#define DRS_LEVEL 14
#define POWER_LEVEL 14
#define PROFILE_LEVEL 15
#define HIGH_LEVEL 15 /* x64 */

_IRQL_requires_max_(HIGH_LEVEL) _IRQL_saves_ NTHALAPI KIRQL NTAPI
    KeGetCurrentIrql(VOID);

_IRQL_requires_max_(HIGH_LEVEL) _IRQL_raises_(NewIrql) NTHALAPI VOID NTAPI
    KeRaiseIrql(_In_ KIRQL NewIrql, _Out_ _IRQL_saves_ PKIRQL OldIrql);

_IRQL_requires_max_(HIGH_LEVEL) NTHALAPI VOID NTAPI
    KeLowerIrql(_In_ _IRQL_restores_ _Notliteral_ KIRQL NewIrql);

/* What KeRaiseIrql becomes in the WDK's headers. */
_IRQL_requires_max_(HIGH_LEVEL)
    _IRQL_raises_(NewIrql) _IRQL_saves_ NTHALAPI KIRQL FASTCALL
    KfRaiseIrql(_In_ KIRQL NewIrql);

_IRQL_requires_max_(DISPATCH_LEVEL)
    _IRQL_raises_(DISPATCH_LEVEL) _IRQL_saves_ NTKERNELAPI KIRQL NTAPI
    KeRaiseIrqlToDpcLevel(VOID);

/* ---- Pool ------------------------------------------------------------- */

typedef enum _POOL_TYPE {
  NonPagedPool = 0,
  NonPagedPoolExecute = NonPagedPool,
  PagedPool = 1,
  NonPagedPoolMustSucceed = 2,
  DontUseThisType = 3,
  NonPagedPoolCacheAligned = 4,
  PagedPoolCacheAligned = 5,
  NonPagedPoolCacheAlignedMustS = 6,
  MaxPoolType = 7,
  NonPagedPoolBase = 0,
  NonPagedPoolBaseMustSucceed = 2,
  NonPagedPoolBaseCacheAligned = 4,
  NonPagedPoolBaseCacheAlignedMustS = 6,
  NonPagedPoolSession = 32,
  PagedPoolSession = 33,
  NonPagedPoolMustSucceedSession = 34,
  DontUseThisTypeSession = 35,
  NonPagedPoolCacheAlignedSession = 36,
  PagedPoolCacheAlignedSession = 37,
  NonPagedPoolCacheAlignedMustSSession = 38,
  NonPagedPoolNx = 512,
  NonPagedPoolNxCacheAligned = 516,
  NonPagedPoolSessionNx = 544
} POOL_TYPE;

/* Paged pool types are the odd ones. */
#define NDISRT_POOL_TYPE_IS_PAGED(t) ((((ULONG)(t)) & 1u) != 0)

typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_REQUIRED_START 0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA 0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED 0x0000000000000002ULL
#define POOL_FLAG_SESSION 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED 0x0000000000000008ULL
#define POOL_FLAG_RESERVED1 0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE 0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED 0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE 0x0000000000000080ULL
#define POOL_FLAG_PAGED 0x0000000000000100ULL
#define POOL_FLAG_RESERVED2 0x0000000000000200ULL
#define POOL_FLAG_RESERVED3 0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END 0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START 0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL 0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END 0x8000000000000000ULL

typedef enum _EX_POOL_PRIORITY {
  LowPoolPriority = 0,
  LowPoolPrioritySpecialPoolOverrun = 8,
  LowPoolPrioritySpecialPoolUnderrun = 9,
  NormalPoolPriority = 16,
  NormalPoolPrioritySpecialPoolOverrun = 24,
  NormalPoolPrioritySpecialPoolUnderrun = 25,
  HighPoolPriority = 32,
  HighPoolPrioritySpecialPoolOverrun = 40,
  HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;

_When_((PoolType & 1) != 0, _IRQL_requires_max_(APC_LEVEL))
    _When_((PoolType & 1) == 0,
           _IRQL_requires_max_(DISPATCH_LEVEL)) NTKERNELAPI PVOID NTAPI
    ExAllocatePool(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);

_When_((PoolType & 1) != 0, _IRQL_requires_max_(APC_LEVEL))
    _When_((PoolType & 1) == 0,
           _IRQL_requires_max_(DISPATCH_LEVEL)) NTKERNELAPI PVOID NTAPI
    ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes,
                          _In_ ULONG Tag);

_When_((Flags & POOL_FLAG_PAGED) != 0, _IRQL_requires_max_(APC_LEVEL))
    _When_((Flags & POOL_FLAG_PAGED) == 0,
           _IRQL_requires_max_(DISPATCH_LEVEL)) NTKERNELAPI PVOID NTAPI
    ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes,
                    _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    ExFreePool(_Pre_notnull_ __drv_freesMem(Mem) PVOID P);

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    ExFreePoolWithTag(_Pre_notnull_ __drv_freesMem(Mem) PVOID P,
                      _In_ ULONG Tag);

/* ---- Memory helpers --------------------------------------------------- */

NTSYSAPI VOID NTAPI RtlZeroMemory(_Out_writes_bytes_all_(Length)
                                      PVOID Destination,
                                  _In_ SIZE_T Length);
NTSYSAPI VOID NTAPI RtlCopyMemory(_Out_writes_bytes_all_(Length)
                                      PVOID Destination,
                                  _In_reads_bytes_(Length) const VOID *Source,
                                  _In_ SIZE_T Length);
NTSYSAPI VOID NTAPI RtlMoveMemory(_Out_writes_bytes_all_(Length)
                                      PVOID Destination,
                                  _In_reads_bytes_(Length) const VOID *Source,
                                  _In_ SIZE_T Length);
NTSYSAPI VOID NTAPI RtlFillMemory(_Out_writes_bytes_all_(Length)
                                      PVOID Destination,
                                  _In_ SIZE_T Length, _In_ UCHAR Fill);
NTSYSAPI SIZE_T NTAPI RtlCompareMemory(_In_ const VOID *Source1,
                                       _In_ const VOID *Source2,
                                       _In_ SIZE_T Length);
NTSYSAPI VOID NTAPI RtlInitUnicodeString(
    _Out_ PUNICODE_STRING DestinationString, _In_opt_ PCWSTR SourceString);

/* ---- Spin locks ------------------------------------------------------- */

typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

typedef struct _KSPIN_LOCK_QUEUE {
  struct _KSPIN_LOCK_QUEUE *volatile Next;
  PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
  KSPIN_LOCK_QUEUE LockQueue;
  KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

NTKERNELAPI VOID NTAPI KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL)
    _IRQL_raises_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    KeAcquireSpinLock(_Inout_ _Requires_lock_not_held_(*_Curr_)
                          _Acquires_lock_(*_Curr_) PKSPIN_LOCK SpinLock,
                      _Out_ _IRQL_saves_ PKIRQL OldIrql);

_IRQL_requires_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    KeReleaseSpinLock(_Inout_ _Requires_lock_held_(*_Curr_)
                          _Releases_lock_(*_Curr_) PKSPIN_LOCK SpinLock,
                      _In_ _IRQL_restores_ KIRQL NewIrql);

_IRQL_requires_min_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    KeAcquireSpinLockAtDpcLevel(_Inout_ _Requires_lock_not_held_(*_Curr_)
                                    _Acquires_lock_(*_Curr_)
                                        PKSPIN_LOCK SpinLock);

_IRQL_requires_min_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    KeReleaseSpinLockFromDpcLevel(_Inout_ _Requires_lock_held_(*_Curr_)
                                      _Releases_lock_(*_Curr_)
                                          PKSPIN_LOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_saves_
    _IRQL_raises_(DISPATCH_LEVEL) NTKERNELAPI KIRQL NTAPI
    KeAcquireSpinLockRaiseToDpc(_Inout_ _Requires_lock_not_held_(*_Curr_)
                                    _Acquires_lock_(*_Curr_)
                                        PKSPIN_LOCK SpinLock);

_IRQL_requires_max_(DISPATCH_LEVEL)
    _IRQL_raises_(DISPATCH_LEVEL) NTKERNELAPI VOID FASTCALL
    KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock,
                                   _Out_ _IRQL_saves_global_(QueuedSpinLock,
                                                             LockHandle)
                                       PKLOCK_QUEUE_HANDLE LockHandle);

_IRQL_requires_(DISPATCH_LEVEL) NTKERNELAPI VOID FASTCALL
    KeReleaseInStackQueuedSpinLock(_In_ _IRQL_restores_global_(QueuedSpinLock,
                                                               LockHandle)
                                       PKLOCK_QUEUE_HANDLE LockHandle);

_IRQL_requires_min_(DISPATCH_LEVEL) NTKERNELAPI VOID FASTCALL
    KeAcquireInStackQueuedSpinLockAtDpcLevel(
        _Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);

_IRQL_requires_min_(DISPATCH_LEVEL) NTKERNELAPI VOID FASTCALL
    KeReleaseInStackQueuedSpinLockFromDpcLevel(
        _In_ PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- Objects ---------------------------------------------------------- */

struct _DRIVER_OBJECT;
struct _DEVICE_OBJECT;
struct _IRP;
struct _KDPC;

typedef struct _IRP {
  CSHORT Type;
  USHORT Size;
  PVOID Reserved[16];
} IRP, *PIRP;

// clang-format 19 does not settle on one layout for this declaration.
// clang-format off
typedef _Function_class_(DRIVER_INITIALIZE) _IRQL_requires_same_
    _IRQL_requires_(PASSIVE_LEVEL) NTSTATUS
    DRIVER_INITIALIZE(_In_ struct _DRIVER_OBJECT *DriverObject,
                      _In_ PUNICODE_STRING RegistryPath);
// clang-format on
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;

typedef _Function_class_(DRIVER_UNLOAD)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    DRIVER_UNLOAD(_In_ struct _DRIVER_OBJECT *DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;

typedef _Function_class_(DRIVER_DISPATCH)
    _IRQL_requires_max_(DISPATCH_LEVEL) _IRQL_requires_same_ NTSTATUS
    DRIVER_DISPATCH(_In_ struct _DEVICE_OBJECT *DeviceObject,
                    _Inout_ struct _IRP *Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;

#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

typedef struct _DEVICE_OBJECT {
  CSHORT Type;
  USHORT Size;
  LONG ReferenceCount;
  struct _DRIVER_OBJECT *DriverObject;
  struct _DEVICE_OBJECT *NextDevice;
  struct _DEVICE_OBJECT *AttachedDevice;
  struct _IRP *CurrentIrp;
  ULONG Flags;
  ULONG Characteristics;
  PVOID DeviceExtension;
  ULONG DeviceType;
  CHAR StackSize;
} DEVICE_OBJECT, *PDEVICE_OBJECT;

typedef struct _DRIVER_OBJECT {
  CSHORT Type;
  CSHORT Size;
  PDEVICE_OBJECT DeviceObject;
  ULONG Flags;
  PVOID DriverStart;
  ULONG DriverSize;
  PVOID DriverSection;
  PVOID DriverExtension;
  UNICODE_STRING DriverName;
  PUNICODE_STRING HardwareDatabase;
  PVOID FastIoDispatch;
  PDRIVER_INITIALIZE DriverInit;
  PVOID DriverStartIo;
  PDRIVER_UNLOAD DriverUnload;
  PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

/* ---- DPCs ------------------------------------------------------------- */

typedef _Function_class_(KDEFERRED_ROUTINE)
    _IRQL_requires_(DISPATCH_LEVEL) _IRQL_requires_same_ VOID
    KDEFERRED_ROUTINE(_In_ struct _KDPC *Dpc, _In_opt_ PVOID DeferredContext,
                      _In_opt_ PVOID SystemArgument1,
                      _In_opt_ PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef struct _KDPC {
  UCHAR Type;
  UCHAR Importance;
  volatile USHORT Number;
  LIST_ENTRY DpcListEntry;
  PKDEFERRED_ROUTINE DeferredRoutine;
  PVOID DeferredContext;
  PVOID SystemArgument1;
  PVOID SystemArgument2;
  volatile PVOID DpcData;
} KDPC, *PKDPC, *PRKDPC;

_IRQL_requires_max_(HIGH_LEVEL) NTKERNELAPI VOID NTAPI
    KeInitializeDpc(_Out_ PRKDPC Dpc, _In_ PKDEFERRED_ROUTINE DeferredRoutine,
                    _In_opt_ PVOID DeferredContext);

_IRQL_requires_max_(HIGH_LEVEL) NTKERNELAPI BOOLEAN NTAPI
    KeInsertQueueDpc(_Inout_ PRKDPC Dpc, _In_opt_ PVOID SystemArgument1,
                     _In_opt_ PVOID SystemArgument2);

_IRQL_requires_max_(HIGH_LEVEL) NTKERNELAPI BOOLEAN NTAPI
    KeRemoveQueueDpc(_Inout_ PRKDPC Dpc);

typedef struct _KTIMER {
  ULONG_PTR Header[3];
  ULARGE_INTEGER DueTime;
  LIST_ENTRY TimerListEntry;
  struct _KDPC *Dpc;
  ULONG Processor;
  ULONG Period;
} KTIMER, *PKTIMER;

/* ---- MDLs ------------------------------------------------------------- */

typedef struct _MDL {
  struct _MDL *Next;
  CSHORT Size;
  CSHORT MdlFlags;
  PVOID Process;
  PVOID MappedSystemVa;
  PVOID StartVa;
  ULONG ByteCount;
  ULONG ByteOffset;
} MDL, *PMDL;

#define MmGetMdlVirtualAddress(Mdl)                                            \
  ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))
#define MmGetMdlByteCount(Mdl) ((Mdl)->ByteCount)
#define MmGetSystemAddressForMdlSafe(Mdl, Priority) ((Mdl)->MappedSystemVa)

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI PMDL NTAPI
    IoAllocateMdl(_In_opt_ PVOID VirtualAddress, _In_ ULONG Length,
                  _In_ BOOLEAN SecondaryBuffer, _In_ BOOLEAN ChargeQuota,
                  _Inout_opt_ struct _IRP *Irp);

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    IoFreeMdl(_In_ PMDL Mdl);

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);

/* ---- I/O work items ---------------------------------------------------- */

typedef struct _IO_WORKITEM *PIO_WORKITEM;

typedef _Function_class_(IO_WORKITEM_ROUTINE)
    _IRQL_requires_(PASSIVE_LEVEL) _IRQL_requires_same_ VOID
    IO_WORKITEM_ROUTINE(_In_ PDEVICE_OBJECT DeviceObject,
                        _In_opt_ PVOID Context);
typedef IO_WORKITEM_ROUTINE *PIO_WORKITEM_ROUTINE;

typedef enum _WORK_QUEUE_TYPE {
  CriticalWorkQueue,
  DelayedWorkQueue,
  HyperCriticalWorkQueue,
  NormalWorkQueue
} WORK_QUEUE_TYPE;

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI PIO_WORKITEM NTAPI
    IoAllocateWorkItem(_In_ PDEVICE_OBJECT DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    IoFreeWorkItem(_In_ PIO_WORKITEM IoWorkItem);

_IRQL_requires_max_(DISPATCH_LEVEL) NTKERNELAPI VOID NTAPI
    IoQueueWorkItem(_Inout_ PIO_WORKITEM IoWorkItem,
                    _In_ PIO_WORKITEM_ROUTINE WorkerRoutine,
                    _In_ WORK_QUEUE_TYPE QueueType, _In_opt_ PVOID Context);

/* ---- DMA -------------------------------------------------------------- */

typedef struct _SCATTER_GATHER_ELEMENT {
  PHYSICAL_ADDRESS Address;
  ULONG Length;
  ULONG_PTR Reserved;
} SCATTER_GATHER_ELEMENT, *PSCATTER_GATHER_ELEMENT;

typedef struct _SCATTER_GATHER_LIST {
  ULONG NumberOfElements;
  ULONG_PTR Reserved;
  SCATTER_GATHER_ELEMENT Elements[1];
} SCATTER_GATHER_LIST, *PSCATTER_GATHER_LIST;

typedef enum _DMA_WIDTH {
  Width8Bits,
  Width16Bits,
  Width32Bits,
  Width64Bits,
  WidthNoWrap,
  MaximumDmaWidth
} DMA_WIDTH,
    *PDMA_WIDTH;

typedef enum _DMA_SPEED {
  Compatible,
  TypeA,
  TypeB,
  TypeC,
  TypeF,
  MaximumDmaSpeed
} DMA_SPEED,
    *PDMA_SPEED;

typedef enum _INTERFACE_TYPE {
  InterfaceTypeUndefined = -1,
  Internal = 0,
  Isa = 1,
  Eisa = 2,
  MicroChannel = 3,
  TurboChannel = 4,
  PCIBus = 5,
  VMEBus = 6,
  NuBus = 7,
  PCMCIABus = 8,
  CBus = 9,
  MPIBus = 10,
  MPSABus = 11,
  ProcessorInternal = 12,
  InternalPowerBus = 13,
  PNPISABus = 14,
  PNPBus = 15,
  Vmcs = 16,
  ACPIBus = 17,
  MaximumInterfaceType
} INTERFACE_TYPE,
    *PINTERFACE_TYPE;

#ifdef __cplusplus
}
#endif

#endif /* NDISRT_NTDDK_SUBSET_H */
