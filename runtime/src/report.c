/*
 * report.c - violation reporting.
 *
 * One line per violation, in the format the cross-check parses:
 *   ndisrt: violation: RULE-ID at FILE:LINE: MESSAGE
 * Deduplicated by rule + file + line, as a static finding is one per site.
 * A child of the failure walk writes tab-separated records to a pipe instead
 * (NdisRt_SetRecordFd); the parent merges them with NdisRt_ReportRecord.
 */
#define _POSIX_C_SOURCE 200809L
#include "ndisrt_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct _SEEN {
  char *Key; /* "rule\nfile\nline" */
  char *Rule;
} SEEN;

static SEEN *Seen;
static size_t SeenCount, SeenCap;
static unsigned Violations;
static NDISRT_VIOLATION_HOOK Hook;
static void *HookContext;
static int RecordFd = -1;
static BOOLEAN SummaryAtExit = TRUE;

static void emit(const char *Text) {
  size_t Len = strlen(Text);
  if (RecordFd >= 0) {
    /* One write per line so that lines of concurrent writers don't mix. */
    ssize_t Ignored = write(RecordFd, Text, Len);
    (void)Ignored;
    return;
  }
  fputs(Text, stderr);
  fflush(stderr);
}

static char *dup_string(const char *S) {
  size_t N = strlen(S) + 1;
  char *D = malloc(N);
  if (D)
    memcpy(D, S, N);
  return D;
}

/* Records the key; FALSE if it was seen already. */
static BOOLEAN remember(const char *Rule, const char *File, int Line) {
  char Key[1024];
  snprintf(Key, sizeof Key, "%s\n%s\n%d", Rule, File, Line);
  for (size_t I = 0; I < SeenCount; ++I)
    if (strcmp(Seen[I].Key, Key) == 0)
      return FALSE;
  if (SeenCount == SeenCap) {
    size_t Cap = SeenCap ? SeenCap * 2 : 32;
    SEEN *N = realloc(Seen, Cap * sizeof *N);
    if (!N)
      return TRUE;
    Seen = N;
    SeenCap = Cap;
  }
  Seen[SeenCount].Key = dup_string(Key);
  Seen[SeenCount].Rule = dup_string(Rule);
  ++SeenCount;
  return TRUE;
}

void ndisrt_violation(const char *Rule, const char *File, int Line,
                      const char *Format, ...) {
  char Message[768], Text[1280];
  va_list Args;
  if (!File)
    File = NDISRT_UNKNOWN_FILE;
  va_start(Args, Format);
  vsnprintf(Message, sizeof Message, Format, Args);
  va_end(Args);
  if (!remember(Rule, File, Line))
    return;
  ++Violations;
  if (RecordFd >= 0)
    snprintf(Text, sizeof Text, "%s\t%s\t%d\t%s\n", Rule, File, Line, Message);
  else
    snprintf(Text, sizeof Text, "ndisrt: violation: %s at %s:%d: %s\n", Rule,
             File, Line, Message);
  emit(Text);
  if (Hook)
    Hook(Rule, File, Line, Message, HookContext);
}

void NdisRt_ReportRecord(const char *Record) {
  /* "RULE\tFILE\tLINE\tMESSAGE\n"; a rule "note" carries a note. */
  char Buf[1536];
  char *Fields[4];
  char *P = Buf;
  size_t N = strcspn(Record, "\n");
  if (N >= sizeof Buf)
    N = sizeof Buf - 1;
  memcpy(Buf, Record, N);
  Buf[N] = 0;
  for (int I = 0; I < 4; ++I) {
    Fields[I] = P;
    if (I < 3) {
      P = strchr(P, '\t');
      if (!P)
        return;
      *P++ = 0;
    }
  }
  if (strcmp(Fields[0], "note") == 0) {
    ndisrt_note("%s", Fields[3]);
    return;
  }
  ndisrt_violation(Fields[0], Fields[1], atoi(Fields[2]), "%s", Fields[3]);
}

void ndisrt_note(const char *Format, ...) {
  char Message[768], Text[1024];
  va_list Args;
  va_start(Args, Format);
  vsnprintf(Message, sizeof Message, Format, Args);
  va_end(Args);
  if (RecordFd >= 0)
    snprintf(Text, sizeof Text, "note\t\t0\t%s\n", Message);
  else
    snprintf(Text, sizeof Text, "ndisrt: note: %s\n", Message);
  emit(Text);
}

void NdisRt_Note(const char *Format, ...) {
  char Message[768];
  va_list Args;
  va_start(Args, Format);
  vsnprintf(Message, sizeof Message, Format, Args);
  va_end(Args);
  ndisrt_note("%s", Message);
}

void NdisRt_SetViolationHook(NDISRT_VIOLATION_HOOK H, void *Context) {
  Hook = H;
  HookContext = Context;
}

unsigned NdisRt_ViolationCount(void) { return Violations; }

unsigned NdisRt_RuleCount(const char *Rule) {
  unsigned N = 0;
  for (size_t I = 0; I < SeenCount; ++I)
    if (strcmp(Seen[I].Rule, Rule) == 0)
      ++N;
  return N;
}

void NdisRt_SetRecordFd(int Fd) { RecordFd = Fd; }

void NdisRt_PrintSummary(void) {
  char Text[128];
  snprintf(Text, sizeof Text, "ndisrt: summary: %u violations\n", Violations);
  emit(Text);
}

void NdisRt_DisableExitSummary(void) { SummaryAtExit = FALSE; }

static void at_exit(void) {
  if (SummaryAtExit)
    NdisRt_PrintSummary();
}

void ndisrt_report_reset(void) {
  for (size_t I = 0; I < SeenCount; ++I) {
    free(Seen[I].Key);
    free(Seen[I].Rule);
  }
  SeenCount = 0;
  Violations = 0;
}

/* The summary is printed at exit by every program linked with the runtime. */
__attribute__((constructor)) static void report_init(void) { atexit(at_exit); }
