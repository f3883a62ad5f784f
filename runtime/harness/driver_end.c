/* driver_end.c - linked last, after a driver's own objects; see
   driver_begin.c. */
char ndisrt_driver_data_end[1] = {1};
char ndisrt_driver_bss_end[1];
