/*
 * ndis_version.c - NDIS 5-only DDIs in NDIS 6 drivers.
 *
 * "Not supported for NDIS 6.0 drivers in Windows Vista." Whether a driver is
 * NDIS 6 is a property of the translation unit (NDIS60_MINIPORT, ...), known
 * when it is compiled: ndisrt_ddi.h makes the NDIS 5-only DDIs call this
 * first in such units.
 */
#include "ndisrt_internal.h"

void NdisRt_Ndis5OnlyDdi(const char *Ddi, const char *File, int Line) {
  ndisrt_violation("ndis-ndis5-only", File, Line,
                   "%s is an NDIS 5 DDI, not supported for NDIS 6 drivers; "
                   "this file is compiled as NDIS 6",
                   Ddi);
}
