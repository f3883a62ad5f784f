/* hwio.h - port I/O helpers of an x86 NDIS 5 miniport, written the way
 * 32-bit drivers and their headers (ReactOS's, older WDKs') write them: an
 * MS-style __asm block. The reference runtime is built by the host compiler,
 * which has no MS-style inline assembly; it gets the C fallback. */
#ifndef HWIO_H
#define HWIO_H

#if defined(_M_IX86) && !defined(NDISRT_RUNTIME)
static __inline VOID HwStall(VOID) {
  __asm {
    push eax
    in al, 80h
    pop eax
  }
}
#else
static __inline VOID HwStall(VOID) {}
#endif

#endif
