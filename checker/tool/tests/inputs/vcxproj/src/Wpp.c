/* Wpp.c - tracing as the WDK samples do it. tracewpp writes wpp.tmh on
   Windows; on Linux ndis-check stands a stub in for it. */
#include <NDIS.H>
#include <wdf.h>
#include "TRACE.H"
#include "wpp.tmh"

#if NDISCHECK_TEST_KMDF_HEADERS != 15
#error "not the KMDF headers of KMDF_VERSION_MINOR"
#endif
#if !defined(TraceEvents) || !defined(DEBUGP)
#error "the WPP stub does not define the project's trace macros"
#endif

VOID WppTraceAndAllocate(PVOID DriverObject, PVOID RegistryPath) {
  PVOID Buffer;
  WPP_INIT_TRACING(DriverObject, RegistryPath);
  TraceEvents(TRACE_LEVEL_INFO, MP_TRACE, "allocating %d bytes", 64);
  DEBUGP(MP_TRACE, "allocating");
  Buffer = NdisAllocateMemoryWithTagPriority(NULL, 64, 0, NormalPoolPriority); // expect: ndis-tag
  if (Buffer != NULL)
    NdisFreeMemoryWithTagPriority(NULL, Buffer, 0);
  WPP_CLEANUP(DriverObject);
}
