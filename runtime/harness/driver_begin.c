/*
 * driver_begin.c - linked first, before a driver's own objects
 * (ndisrt_add_driver). With driver_end.c, linked last, it brackets the
 * driver's initialised (.data) and zero-initialised (.bss) global variables:
 * the linker lays input sections out in command-line order. The runtime
 * scans that range for the resources initialisation kept (NdisRt_MarkKept)
 * and checks that its own globals lie outside it.
 */
char ndisrt_driver_data_begin[1] = {1};
char ndisrt_driver_bss_begin[1];
