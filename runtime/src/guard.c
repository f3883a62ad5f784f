/*
 * guard.c - ndis-unchecked-failure: the driver used the NULL of an
 * allocation that was made to fail.
 *
 * Fault injection fails one allocation the documented way (NULL, a failure
 * status). A driver that uses the result before checking it dereferences
 * NULL, which on Windows bugchecks. Here the fault is caught (SIGSEGV or
 * SIGBUS at an address in the first 64 KiB, as Windows reserves them, after
 * an injected failure), reported with the checker's rule id at the driver's
 * source line of the faulting access - from the program's debug information
 * (ndisrt_add_driver compiles drivers with -g), through addr2line - or, when
 * that cannot be told, at the failed allocation's call site; then control
 * returns to NdisRt_RunGuarded's caller. Any other fault is left to the
 * handler that was there before (the failure walk's crash report).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "ndisrt_internal.h"

#include <execinfo.h>
#include <link.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef NDISRT_ADDR2LINE
#define NDISRT_ADDR2LINE ""
#endif
/* The runtime's own sources (src/, harness/): their frames are not the
   driver's, should the runtime be built with debug information. */
#ifndef NDISRT_SOURCE_DIR
#define NDISRT_SOURCE_DIR ""
#endif
#ifndef NDISRT_HARNESS_SOURCE_DIR
#define NDISRT_HARNESS_SOURCE_DIR ""
#endif

#define NULL_PAGE_LIMIT 0x10000u
#define MAX_FRAMES 64

static sigjmp_buf Jump;
static volatile sig_atomic_t Guarding;
static struct sigaction OldSegv, OldBus;
static void *Frames[MAX_FRAMES + 1];
static int FrameCount;
static void *FaultAddress;
static char AltStack[64 * 1024];

/* The main program's load bias and address range, for addr2line. */
static uintptr_t ImageBias, ImageLow, ImageHigh;

static int find_image(struct dl_phdr_info *Info, size_t Size, void *Data) {
  (void)Size;
  (void)Data;
  ImageBias = Info->dlpi_addr;
  ImageLow = UINTPTR_MAX;
  ImageHigh = 0;
  for (int I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) *P = &Info->dlpi_phdr[I];
    if (P->p_type != PT_LOAD)
      continue;
    if (Info->dlpi_addr + P->p_vaddr < ImageLow)
      ImageLow = Info->dlpi_addr + P->p_vaddr;
    if (Info->dlpi_addr + P->p_vaddr + P->p_memsz > ImageHigh)
      ImageHigh = Info->dlpi_addr + P->p_vaddr + P->p_memsz;
  }
  return 1; /* the first object is the program itself */
}

static void *fault_pc(void *UContext) {
#if defined(__x86_64__)
  return (void *)((ucontext_t *)UContext)->uc_mcontext.gregs[REG_RIP];
#elif defined(__i386__)
  return (void *)((ucontext_t *)UContext)->uc_mcontext.gregs[REG_EIP];
#elif defined(__aarch64__)
  return (void *)((ucontext_t *)UContext)->uc_mcontext.pc;
#else
  (void)UContext;
  return NULL;
#endif
}

static void handler(int Sig, siginfo_t *Info, void *UContext) {
  struct sigaction *Old = Sig == SIGBUS ? &OldBus : &OldSegv;
  uintptr_t Address = (uintptr_t)Info->si_addr;
  if (!Guarding || !ndisrt_fault_injected_ddi() || Address >= NULL_PAGE_LIMIT) {
    /* Not ours: the fault repeats under the previous handler. */
    sigaction(Sig, Old, NULL);
    return;
  }
  FaultAddress = Info->si_addr;
  Frames[0] = fault_pc(UContext);
  FrameCount = 1 + backtrace(Frames + 1, MAX_FRAMES);
  Guarding = 0;
  siglongjmp(Jump, 1);
}

/* "FILE:LINE" of an address in the program, from its debug information, or
   FALSE when there is none (the runtime's own objects, a stripped program,
   no addr2line). */
static BOOLEAN symbolize(void *const *Addrs, int N, char (*Files)[512],
                         int *Lines) {
  char Exe[512], Cmd[8192];
  size_t Len;
  FILE *P;
  ssize_t E;
  if (!*NDISRT_ADDR2LINE)
    return FALSE;
  E = readlink("/proc/self/exe", Exe, sizeof Exe - 1);
  if (E <= 0)
    return FALSE;
  Exe[E] = 0;
  Len = (size_t)snprintf(Cmd, sizeof Cmd, "%s -e '%s'", NDISRT_ADDR2LINE, Exe);
  for (int I = 0; I < N && Len < sizeof Cmd - 32; ++I)
    Len += (size_t)snprintf(Cmd + Len, sizeof Cmd - Len, " 0x%lx",
                            (unsigned long)((uintptr_t)Addrs[I] - ImageBias));
  snprintf(Cmd + Len, sizeof Cmd - Len, " 2>/dev/null");
  P = popen(Cmd, "r");
  if (!P)
    return FALSE;
  for (int I = 0; I < N; ++I) {
    char Text[600], *Colon;
    Files[I][0] = 0;
    Lines[I] = 0;
    if (!fgets(Text, sizeof Text, P))
      break;
    Text[strcspn(Text, "\n")] = 0;
    /* "file:line" or "file:line (discriminator N)" or "??:0" */
    if ((Colon = strstr(Text, " (discriminator")))
      *Colon = 0;
    Colon = strrchr(Text, ':');
    if (!Colon)
      continue;
    *Colon = 0;
    Lines[I] = atoi(Colon + 1);
    snprintf(Files[I], sizeof Files[I], "%s", Text);
  }
  pclose(P);
  return TRUE;
}

/* A frame of the driver: known to the debug information, not the runtime's
   own code, not a system header. */
static BOOLEAN under(const char *File, const char *Dir) {
  size_t N = strlen(Dir);
  return N && strncmp(File, Dir, N) == 0;
}

static BOOLEAN driver_frame(const char *File, int Line) {
  if (!*File || Line <= 0 || strncmp(File, "??", 2) == 0)
    return FALSE;
  if (under(File, NDISRT_SOURCE_DIR) || under(File, NDISRT_HARNESS_SOURCE_DIR))
    return FALSE;
  return strncmp(File, "/usr/", 5) != 0;
}

static void report(void) {
  void *Addrs[MAX_FRAMES + 1];
  char Files[MAX_FRAMES + 1][512];
  int Lines[MAX_FRAMES + 1], N = 0, AllocLine = 0;
  const char *AllocFile = NdisRt_InjectedFailureSite(&AllocLine);
  const char *Ddi = ndisrt_fault_injected_ddi();
  const char *File = AllocFile;
  int Line = AllocLine;
  /* The faulting instruction, then the return addresses of its callers (one
     byte back, inside the call). Only the program's own code has lines. */
  for (int I = 0; I < FrameCount; ++I) {
    uintptr_t A = (uintptr_t)Frames[I] - (I == 0 ? 0 : 1);
    if (A >= ImageLow && A < ImageHigh)
      Addrs[N++] = (void *)A;
  }
  if (N && symbolize(Addrs, N, Files, Lines))
    for (int I = 0; I < N; ++I)
      if (driver_frame(Files[I], Lines[I])) {
        File = Files[I];
        Line = Lines[I];
        break;
      }
  ndisrt_violation("ndis-unchecked-failure", File, Line,
                   "the driver used address %p: the NULL that %s (%s:%d) "
                   "leaves when it fails, as it did here (fault injection), "
                   "before checking it",
                   FaultAddress, Ddi ? Ddi : "an allocation",
                   AllocFile ? AllocFile : NDISRT_UNKNOWN_FILE, AllocLine);
}

BOOLEAN NdisRt_RunGuarded(void (*Function)(void *), void *Context) {
  struct sigaction Action;
  stack_t Stack;
  void *Warm[2];
  BOOLEAN Caught = FALSE;

  dl_iterate_phdr(find_image, NULL);
  backtrace(Warm, 2); /* loads the unwinder outside the handler */
  memset(&Stack, 0, sizeof Stack);
  Stack.ss_sp = AltStack;
  Stack.ss_size = sizeof AltStack;
  sigaltstack(&Stack, NULL);
  memset(&Action, 0, sizeof Action);
  Action.sa_sigaction = handler;
  Action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&Action.sa_mask);
  sigaction(SIGSEGV, &Action, &OldSegv);
  sigaction(SIGBUS, &Action, &OldBus);

  if (sigsetjmp(Jump, 1) == 0) {
    Guarding = 1;
    Function(Context);
    Guarding = 0;
  } else {
    Caught = TRUE;
    NdisRt_SetIrql(PASSIVE_LEVEL);
    report();
  }
  sigaction(SIGSEGV, &OldSegv, NULL);
  sigaction(SIGBUS, &OldBus, NULL);
  return Caught;
}
