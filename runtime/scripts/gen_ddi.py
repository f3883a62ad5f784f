#!/usr/bin/env python3
"""Generate the runtime-mode forwarding layer from one list of DDI prototypes.

Writes:
  include/ndisrt_ddi.h   NdisRt_<Name>(..., const char *File, int Line)
                         prototypes and `#define <Name>(...)` forwarders;
  src/plain_ddis.c       the plain-named DDIs (no call site known), so a
                         driver built without NDISRT_RUNTIME still links.

Run from runtime/: python3 scripts/gen_ddi.py
"""
import os
import re
import shutil
import subprocess

# (return type, name, "param list" exactly as in ndis.h / ntddk_subset.h)
DDIS = """
KIRQL KeGetCurrentIrql(VOID)
VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
VOID KeLowerIrql(KIRQL NewIrql)
KIRQL KfRaiseIrql(KIRQL NewIrql)
KIRQL KeRaiseIrqlToDpcLevel(VOID)
PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
VOID ExFreePool(PVOID P)
VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
VOID RtlZeroMemory(PVOID Destination, SIZE_T Length)
VOID RtlCopyMemory(PVOID Destination, const VOID *Source, SIZE_T Length)
VOID RtlMoveMemory(PVOID Destination, const VOID *Source, SIZE_T Length)
VOID RtlFillMemory(PVOID Destination, SIZE_T Length, UCHAR Fill)
SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock)
VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock)
VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock)
VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock)
VOID NdisInitializeReadWriteLock(PNDIS_RW_LOCK Lock)
VOID NdisAcquireReadWriteLock(PNDIS_RW_LOCK Lock, BOOLEAN fWrite, PLOCK_STATE LockState)
VOID NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState)
PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle)
VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock)
VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState)
NDIS_STATUS NdisAllocateMemory(PVOID *VirtualAddress, UINT Length, UINT MemoryFlags, NDIS_PHYSICAL_ADDRESS HighestAcceptableAddress)
NDIS_STATUS NdisAllocateMemoryWithTag(PVOID *VirtualAddress, UINT Length, ULONG Tag)
PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag, EX_POOL_PRIORITY Priority)
VOID NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags)
VOID NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag)
PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length)
VOID NdisFreeMdl(PMDL Mdl)
VOID NdisAllocateBufferPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors)
VOID NdisFreeBufferPool(NDIS_HANDLE PoolHandle)
VOID NdisAllocateBuffer(PNDIS_STATUS Status, PNDIS_BUFFER *Buffer, NDIS_HANDLE PoolHandle, PVOID VirtualAddress, UINT Length)
VOID NdisFreeBuffer(PNDIS_BUFFER Buffer)
NDIS_STATUS NdisAllocateSharedMemory(NDIS_HANDLE NdisHandle, PNDIS_SHARED_MEMORY_PARAMETERS SharedMemoryParameters, PNDIS_HANDLE pAllocationHandle)
VOID NdisFreeSharedMemory(NDIS_HANDLE NdisHandle, NDIS_HANDLE AllocationHandle)
VOID NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID *VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress)
VOID NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID VirtualAddress, NDIS_PHYSICAL_ADDRESS PhysicalAddress)
NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, PNDIS_SG_DMA_DESCRIPTION DmaDescription, PNDIS_HANDLE NdisMiniportDmaHandle)
VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle)
NDIS_STATUS NdisMRegisterDmaChannel(PNDIS_HANDLE MiniportDmaHandle, NDIS_HANDLE MiniportAdapterHandle, UINT DmaChannel, BOOLEAN Dma32BitAddresses, PNDIS_DMA_DESCRIPTION DmaDescription, ULONG MaximumLength)
VOID NdisMDeregisterDmaChannel(NDIS_HANDLE MiniportDmaHandle)
NDIS_STATUS NdisMAllocateMapRegisters(NDIS_HANDLE MiniportAdapterHandle, UINT DmaChannel, NDIS_DMA_SIZE DmaSize, ULONG BaseMapRegistersNeeded, ULONG MaximumBufferSize)
VOID NdisMFreeMapRegisters(NDIS_HANDLE MiniportAdapterHandle)
NDIS_STATUS NdisMInitializeScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, BOOLEAN Dma64BitAddresses, ULONG MaximumPhysicalMapping)
NDIS_STATUS NdisMRegisterIoPortRange(PVOID *PortOffset, NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort, UINT NumberOfPorts)
VOID NdisMDeregisterIoPortRange(NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort, UINT NumberOfPorts, PVOID PortOffset)
NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters)
VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle)
PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill)
PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset, SIZE_T DataLength)
VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList)
VOID NdisAllocatePacketPool(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors, UINT ProtocolReservedLength)
VOID NdisAllocatePacketPoolEx(PNDIS_STATUS Status, PNDIS_HANDLE PoolHandle, UINT NumberOfDescriptors, UINT NumberOfOverflowDescriptors, UINT ProtocolReservedLength)
VOID NdisFreePacketPool(NDIS_HANDLE PoolHandle)
VOID NdisAllocatePacket(PNDIS_STATUS Status, PNDIS_PACKET *Packet, NDIS_HANDLE PoolHandle)
VOID NdisFreePacket(PNDIS_PACKET Packet)
VOID NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free, ULONG Flags, ULONG Size, ULONG Tag, USHORT Depth)
VOID NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
VOID NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics, PNDIS_HANDLE NdisMiniportDriverHandle)
VOID NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle)
NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportHandle, PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes)
NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportInterruptContext, PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics, PNDIS_HANDLE NdisInterruptHandle)
VOID NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle)
BOOLEAN NdisMSynchronizeWithInterruptEx(NDIS_HANDLE NdisInterruptHandle, ULONG MessageId, MINIPORT_SYNCHRONIZE_INTERRUPT_HANDLER SynchronizeFunction, PVOID SynchronizeContext)
VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferLists, ULONG SendCompleteFlags)
VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferList, NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
VOID NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle, PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics, PNDIS_HANDLE pTimerObject)
VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject)
BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod, PVOID FunctionContext)
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject)
VOID NdisMInitializeTimer(PNDIS_MINIPORT_TIMER Timer, NDIS_HANDLE MiniportAdapterHandle, PNDIS_TIMER_FUNCTION TimerFunction, PVOID FunctionContext)
VOID NdisMSetTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondsToDelay)
VOID NdisMSetPeriodicTimer(PNDIS_MINIPORT_TIMER Timer, UINT MillisecondPeriod)
VOID NdisMCancelTimer(PNDIS_MINIPORT_TIMER Timer, PBOOLEAN TimerCancelled)
VOID NdisInitializeTimer(PNDIS_TIMER Timer, PNDIS_TIMER_FUNCTION TimerFunction, PVOID FunctionContext)
VOID NdisSetTimer(PNDIS_TIMER Timer, UINT MillisecondsToDelay)
VOID NdisCancelTimer(PNDIS_TIMER Timer, PBOOLEAN TimerCancelled)
NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle)
VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext)
VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle)
VOID NdisMInitializeWrapper(PNDIS_HANDLE NdisWrapperHandle, PVOID SystemSpecific1, PVOID SystemSpecific2, PVOID SystemSpecific3)
VOID NdisTerminateWrapper(NDIS_HANDLE NdisWrapperHandle, PVOID SystemSpecific)
NDIS_STATUS NdisMRegisterMiniport(NDIS_HANDLE NdisWrapperHandle, PNDIS_MINIPORT_CHARACTERISTICS MiniportCharacteristics, UINT CharacteristicsLength)
VOID NdisMRegisterUnloadHandler(NDIS_HANDLE NdisWrapperHandle, PDRIVER_UNLOAD UnloadHandler)
VOID NdisMSetAttributesEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext, UINT CheckForHangTimeInSeconds, ULONG AttributeFlags, NDIS_INTERFACE_TYPE AdapterType)
VOID NdisMSetAttributes(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportAdapterContext, BOOLEAN BusMaster, NDIS_INTERFACE_TYPE AdapterType)
NDIS_STATUS NdisMRegisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt, NDIS_HANDLE MiniportAdapterHandle, UINT InterruptVector, UINT InterruptLevel, BOOLEAN RequestIsr, BOOLEAN SharedInterrupt, NDIS_INTERRUPT_MODE InterruptMode)
VOID NdisMDeregisterInterrupt(PNDIS_MINIPORT_INTERRUPT Interrupt)
NDIS_STATUS NdisFRegisterFilterDriver(PDRIVER_OBJECT DriverObject, NDIS_HANDLE FilterDriverContext, PNDIS_FILTER_DRIVER_CHARACTERISTICS FilterDriverCharacteristics, PNDIS_HANDLE NdisFilterDriverHandle)
VOID NdisFDeregisterFilterDriver(NDIS_HANDLE NdisFilterDriverHandle)
NDIS_STATUS NdisFSetAttributes(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_ATTRIBUTES FilterAttributes)
VOID NdisFSendNetBufferLists(NDIS_HANDLE NdisFilterHandle, PNET_BUFFER_LIST NetBufferList, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
VOID NdisFSendNetBufferListsComplete(NDIS_HANDLE NdisFilterHandle, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
VOID NdisFIndicateReceiveNetBufferLists(NDIS_HANDLE NdisFilterHandle, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
VOID NdisFReturnNetBufferLists(NDIS_HANDLE NdisFilterHandle, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
NDIS_STATUS NdisFOidRequest(NDIS_HANDLE NdisFilterHandle, PNDIS_OID_REQUEST OidRequest)
VOID NdisFOidRequestComplete(NDIS_HANDLE NdisFilterHandle, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
VOID NdisFPauseComplete(NDIS_HANDLE NdisFilterHandle)
VOID NdisFRestartComplete(NDIS_HANDLE NdisFilterHandle, NDIS_STATUS Status)
NDIS_STATUS NdisRegisterProtocolDriver(NDIS_HANDLE ProtocolDriverContext, PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS ProtocolCharacteristics, PNDIS_HANDLE NdisProtocolHandle)
VOID NdisDeregisterProtocolDriver(NDIS_HANDLE NdisProtocolHandle)
PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota, struct _IRP *Irp)
VOID IoFreeMdl(PMDL Mdl)
VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
VOID IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
VOID IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType, PVOID Context)
NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject, PNDIS_HANDLE ConfigurationHandle)
VOID NdisReadConfiguration(PNDIS_STATUS Status, PNDIS_CONFIGURATION_PARAMETER *ParameterValue, NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword, NDIS_PARAMETER_TYPE ParameterType)
VOID NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle)
NDIS_STATUS NdisMMapIoSpace(PVOID *VirtualAddress, NDIS_HANDLE MiniportAdapterHandle, NDIS_PHYSICAL_ADDRESS PhysicalAddress, UINT Length)
VOID NdisMUnmapIoSpace(NDIS_HANDLE MiniportAdapterHandle, PVOID VirtualAddress, UINT Length)
VOID NdisMSleep(ULONG MicrosecondsToSleep)
VOID NdisStallExecution(UINT MicrosecondsToStall)
VOID NdisInitializeEvent(PNDIS_EVENT Event)
VOID NdisSetEvent(PNDIS_EVENT Event)
VOID NdisResetEvent(PNDIS_EVENT Event)
BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait)
VOID NdisInitializeWorkItem(PNDIS_WORK_ITEM WorkItem, NDIS_PROC Routine, PVOID Context)
NDIS_STATUS NdisScheduleWorkItem(PNDIS_WORK_ITEM WorkItem)
"""


# NDIS 5-only DDIs (the contract database's "ndis": {"max": 5}). In a
# translation unit that declares itself NDIS 6 (NDIS60_MINIPORT, ...; ndis.h
# then defines NDIS_SUPPORT_NDIS6) their forwarders also report
# ndis-ndis5-only at the call site, as the checker does per translation unit.
NDIS5_ONLY = {
    "NdisAllocateMemory", "NdisAllocateMemoryWithTag",
    "NdisAllocateBufferPool", "NdisFreeBufferPool", "NdisAllocateBuffer",
    "NdisFreeBuffer", "NdisMInitializeTimer", "NdisInitializeTimer",
    "NdisInitializeWorkItem", "NdisScheduleWorkItem", "NdisMRegisterMiniport",
    "NdisMRegisterUnloadHandler", "NdisMAllocateMapRegisters",
    "NdisMFreeMapRegisters", "NdisMInitializeScatterGatherDma",
    "NdisAllocatePacketPool", "NdisAllocatePacketPoolEx", "NdisFreePacketPool",
    "NdisAllocatePacket", "NdisFreePacket", "NdisMSetTimer",
    "NdisMSetPeriodicTimer", "NdisMCancelTimer", "NdisMRegisterInterrupt",
    "NdisMDeregisterInterrupt", "NdisMSetAttributesEx",
}


def parse():
    out = []
    for line in DDIS.strip().splitlines():
        m = re.match(r"(\w+)\s+(\w+)\((.*)\)$", line.strip())
        ret, name, params = m.groups()
        ps = [] if params == "VOID" else [p.strip() for p in params.split(",")]
        names = [re.findall(r"\w+", p)[-1] for p in ps]
        out.append((ret, name, ps, names))
    return out


def header(ddis):
    h = ["/*",
         " * ndisrt_ddi.h - runtime mode: every DDI forwards its call site.",
         " *",
         " * GENERATED by runtime/scripts/gen_ddi.py; edit the list there.",
         " * Included by ndis.h when NDISRT_RUNTIME is defined: a call",
         " * `NdisFreeMdl(m)` in the driver becomes",
         " * `NdisRt_NdisFreeMdl((m), __FILE__, __LINE__)`.",
         " */",
         "#ifndef NDISRT_DDI_H",
         "#define NDISRT_DDI_H",
         "",
         '#include "ndis.h"',
         "",
         "#ifdef __cplusplus",
         'extern "C" {',
         "#endif",
         ""]
    for ret, name, ps, names in ddis:
        args = ", ".join(ps + ["const char *File", "int Line"])
        h.append(f"{ret} NdisRt_{name}({args});")
    h.append("/* An NDIS 5-only DDI called from an NDIS 6 translation unit. */")
    h.append("void NdisRt_Ndis5OnlyDdi(const char *Ddi, const char *File, "
             "int Line);")
    h += ["", "#ifdef __cplusplus", "}", "#endif", "",
          "/* The runtime itself defines the plain names: it opts out. */",
          "#ifndef NDISRT_NO_FORWARDING_MACROS"]
    plain, ndis5 = [], []
    for ret, name, ps, names in ddis:
        formals = ", ".join(names)
        actuals = ", ".join(f"({n})" for n in names)
        sep = ", " if names else ""
        call = f"NdisRt_{name}({actuals}{sep}__FILE__, __LINE__)"
        if name in NDIS5_ONLY:
            ndis5.append((name, formals, call))
        else:
            plain.append(f"#define {name}({formals}) {call}")
    h += plain
    h.append("#ifdef NDIS_SUPPORT_NDIS6")
    for name, formals, call in ndis5:
        h.append(f"#define {name}({formals}) (NdisRt_Ndis5OnlyDdi(\"{name}\", "
                 f"__FILE__, __LINE__), {call})")
    h.append("#else")
    for name, formals, call in ndis5:
        h.append(f"#define {name}({formals}) {call}")
    h.append("#endif")
    h += ["#endif /* NDISRT_NO_FORWARDING_MACROS */", "",
          "#endif /* NDISRT_DDI_H */", ""]
    return "\n".join(h)


def plain(ddis):
    c = ["/*",
         " * plain_ddis.c - the DDIs under their own names, for drivers built",
         " * without NDISRT_RUNTIME (their call site is then unknown).",
         " *",
         " * GENERATED by runtime/scripts/gen_ddi.py; edit the list there.",
         " */",
         '#include "ndisrt_internal.h"',
         ""]
    for ret, name, ps, names in ddis:
        params = ", ".join(ps) if ps else "VOID"
        call = ", ".join(names + ["NDISRT_UNKNOWN_FILE", "0"])
        kw = "" if ret == "VOID" else "return "
        c.append(f"{ret} {name}({params}) {{ {kw}NdisRt_{name}({call}); }}")
    c.append("")
    return "\n".join(c)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ddis = parse()
    with open(os.path.join(root, "include", "ndisrt_ddi.h"), "w") as f:
        f.write(header(ddis))
    os.makedirs(os.path.join(root, "src"), exist_ok=True)
    with open(os.path.join(root, "src", "plain_ddis.c"), "w") as f:
        f.write(plain(ddis))
    # Keep the generated files in the repository's style (.clang-format).
    fmt = shutil.which("clang-format") or shutil.which("clang-format-19")
    if fmt:
        subprocess.run([fmt, "-i", os.path.join(root, "include", "ndisrt_ddi.h"),
                        os.path.join(root, "src", "plain_ddis.c")], check=True)


if __name__ == "__main__":
    main()
