/* trace.h - the WPP configuration block tracewpp reads (included as
   "TRACE.H"). */
// begin_wpp config
// FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
// end_wpp
#define TRACE_LEVEL_INFO 4
#define MP_TRACE 1
