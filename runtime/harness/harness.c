/*
 * harness.c - main() for a driver linked with the reference runtime.
 *
 * Plays NDIS: calls DriverEntry at PASSIVE_LEVEL, then what the driver
 * registered - initialise, the data path and the other callbacks at the IRQL
 * of their role, timers, DPCs and work items, halt - then unload, and reports
 * what is still allocated: ndis-halt-leak for what DriverEntry or
 * initialisation kept, ndis-leak for the rest. A NULL dereference after an
 * injected allocation failure is ndis-unchecked-failure and ends that life.
 *
 *   driver                  one life of the driver
 *   driver --fail-nth N     ... with the Nth allocation failing
 *   driver --walk-failures  one life per allocation, failing that allocation,
 *                           each in a child process; violations are merged
 *   driver --exit-zero      exit 0 even when violations were reported
 *
 * The exit status is 1 when any violation was reported, 0 otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include "ndisrt.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Defined by the driver. */
DRIVER_INITIALIZE DriverEntry;

/* ---- Stand-ins for what NDIS would hand the driver ------------------------
 */

static DRIVER_OBJECT DriverObject;
static WCHAR RegistryPathBuffer[] = {'\\', 'R', 'e', 'g',  'i', 's',
                                     't',  'r', 'y', '\\', 'N', 'd',
                                     'i',  's', 'R', 't',  0};
static UNICODE_STRING RegistryPath = {sizeof RegistryPathBuffer - 2,
                                      sizeof RegistryPathBuffer,
                                      RegistryPathBuffer};
/* Handles NDIS gives out are opaque; any distinct address will do. */
static char AdapterHandle, WrapperConfigurationContext, FilterHandle,
    BindContext;

/* One NET_BUFFER_LIST with one NET_BUFFER over one MDL of a 60-byte frame. */
static UCHAR Frame[60];
static MDL FrameMdl;
static NET_BUFFER FrameNb;
static NET_BUFFER_LIST FrameNbl;
static NDIS_PACKET Packet;
static PNDIS_PACKET PacketArray[1] = {&Packet};

static void reset_frame(void) {
  memset(&FrameMdl, 0, sizeof FrameMdl);
  memset(&FrameNb, 0, sizeof FrameNb);
  memset(&FrameNbl, 0, sizeof FrameNbl);
  memset(&Packet, 0, sizeof Packet);
  FrameMdl.StartVa = FrameMdl.MappedSystemVa = Frame;
  FrameMdl.ByteCount = sizeof Frame;
  FrameNb.CurrentMdl = FrameNb.MdlChain = &FrameMdl;
  FrameNb.DataLength = sizeof Frame;
  FrameNbl.FirstNetBuffer = &FrameNb;
}

#define CALL_AT(Irql, What, Call)                                              \
  do {                                                                         \
    KIRQL Saved_ = NdisRt_EnterCallback(Irql);                                 \
    Call;                                                                      \
    NdisRt_LeaveCallback(Saved_, Irql, What);                                  \
  } while (0)

/* ---- NDIS 6 miniports ------------------------------------------------------
 */

static void oid_requests(NDISRT_REGISTRATION *R, NDIS_HANDLE Ctx) {
  NDIS_OID_REQUEST Query, Set;
  ULONG Value = 0, Filter = 0x0B; /* directed | multicast | broadcast */
  if (!R->Miniport.OidRequestHandler)
    return;
  memset(&Query, 0, sizeof Query);
  Query.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
  Query.Header.Revision = 1;
  Query.Header.Size = sizeof Query;
  Query.RequestType = NdisRequestQueryInformation;
  Query.DATA.QUERY_INFORMATION.Oid = OID_GEN_MAXIMUM_FRAME_SIZE;
  Query.DATA.QUERY_INFORMATION.InformationBuffer = &Value;
  Query.DATA.QUERY_INFORMATION.InformationBufferLength = sizeof Value;
  Set = Query;
  Set.RequestType = NdisRequestSetInformation;
  Set.DATA.SET_INFORMATION.Oid = OID_GEN_CURRENT_PACKET_FILTER;
  Set.DATA.SET_INFORMATION.InformationBuffer = &Filter;
  Set.DATA.SET_INFORMATION.InformationBufferLength = sizeof Filter;
  CALL_AT(PASSIVE_LEVEL, "MiniportOidRequest",
          R->Miniport.OidRequestHandler(Ctx, &Query));
  CALL_AT(PASSIVE_LEVEL, "MiniportOidRequest",
          R->Miniport.OidRequestHandler(Ctx, &Set));
}

static void interrupts6(NDISRT_REGISTRATION *R) {
  NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS *I = &R->Interrupt;
  NDIS_HANDLE Ctx = R->MiniportInterruptContext;
  BOOLEAN QueueDpc = FALSE;
  ULONG Target = 0;
  if (!R->InterruptRegistered)
    return;
  if (I->InterruptHandler)
    CALL_AT(NDISRT_DIRQL, "MiniportInterrupt",
            I->InterruptHandler(Ctx, &QueueDpc, &Target));
  if (I->InterruptDpcHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportInterruptDPC",
            I->InterruptDpcHandler(Ctx, NULL, NULL, NULL));
  if (I->DisableInterruptHandler)
    CALL_AT(NDISRT_DIRQL, "MiniportDisableInterruptEx",
            I->DisableInterruptHandler(Ctx));
  if (I->EnableInterruptHandler)
    CALL_AT(NDISRT_DIRQL, "MiniportEnableInterruptEx",
            I->EnableInterruptHandler(Ctx));
  if (I->MessageInterruptHandler)
    CALL_AT(NDISRT_DIRQL, "MiniportMessageInterrupt",
            I->MessageInterruptHandler(Ctx, 0, &QueueDpc, &Target));
  if (I->MessageInterruptDpcHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportMessageInterruptDPC",
            I->MessageInterruptDpcHandler(Ctx, 0, NULL, NULL, NULL));
  if (I->DisableMessageInterruptHandler)
    CALL_AT(NDISRT_DIRQL, "MiniportDisableMessageInterrupt",
            I->DisableMessageInterruptHandler(Ctx, 0));
  if (I->EnableMessageInterruptHandler)
    CALL_AT(NDISRT_DIRQL, "MiniportEnableMessageInterrupt",
            I->EnableMessageInterruptHandler(Ctx, 0));
}

static void run_miniport6(NDISRT_REGISTRATION *R) {
  NDIS_MINIPORT_DRIVER_CHARACTERISTICS *M = &R->Miniport;
  NDIS_MINIPORT_INIT_PARAMETERS Init;
  NDIS_MINIPORT_RESTART_PARAMETERS Restart;
  NDIS_MINIPORT_PAUSE_PARAMETERS Pause;
  NET_DEVICE_PNP_EVENT PnP;
  NDIS_STATUS Status = NDIS_STATUS_FAILURE;
  NDIS_HANDLE Ctx;
  BOOLEAN AddressingReset = FALSE;

  memset(&Init, 0, sizeof Init);
  Init.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS;
  Init.Header.Revision = 1;
  Init.Header.Size = sizeof Init;
  Init.IfIndex = 1;
  if (!M->InitializeHandlerEx)
    return;
  NdisRt_SetPhase(NdisRtPhaseInitialize);
  CALL_AT(PASSIVE_LEVEL, "MiniportInitializeEx",
          Status = M->InitializeHandlerEx(&AdapterHandle,
                                          R->MiniportDriverContext, &Init));
  if (Status != NDIS_STATUS_SUCCESS)
    return; /* NDIS does not halt a miniport that failed to initialise. */
  NdisRt_MarkKept();

  NdisRt_SetPhase(NdisRtPhaseRunning);
  Ctx = R->MiniportAdapterContext;
  NdisRt_DrainQueues();
  if (M->RestartHandler) {
    memset(&Restart, 0, sizeof Restart);
    Restart.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Restart.Header.Size = sizeof Restart;
    CALL_AT(PASSIVE_LEVEL, "MiniportRestart", M->RestartHandler(Ctx, &Restart));
  }
  oid_requests(R, Ctx);
  reset_frame();
  if (M->SendNetBufferListsHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportSendNetBufferLists",
            M->SendNetBufferListsHandler(Ctx, &FrameNbl,
                                         NDIS_DEFAULT_PORT_NUMBER,
                                         NDIS_SEND_FLAGS_DISPATCH_LEVEL));
  reset_frame();
  if (M->ReturnNetBufferListsHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportReturnNetBufferLists",
            M->ReturnNetBufferListsHandler(Ctx, &FrameNbl,
                                           NDIS_RETURN_FLAGS_DISPATCH_LEVEL));
  if (M->CancelSendHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportCancelSend",
            M->CancelSendHandler(Ctx, (PVOID)&FrameNbl));
  if (M->CancelOidRequestHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportCancelOidRequest",
            M->CancelOidRequestHandler(Ctx, (PVOID)&FrameNbl));
  interrupts6(R);
  NdisRt_FireTimers();
  NdisRt_DrainQueues();
  if (M->CheckForHangHandlerEx)
    CALL_AT(PASSIVE_LEVEL, "MiniportCheckForHangEx",
            M->CheckForHangHandlerEx(Ctx));
  if (M->ResetHandlerEx)
    CALL_AT(DISPATCH_LEVEL, "MiniportResetEx",
            M->ResetHandlerEx(Ctx, &AddressingReset));
  if (M->DevicePnPEventNotifyHandler) {
    memset(&PnP, 0, sizeof PnP);
    PnP.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    PnP.Header.Size = sizeof PnP;
    PnP.DevicePnPEvent = NdisDevicePnPEventPowerProfileChanged;
    CALL_AT(PASSIVE_LEVEL, "MiniportDevicePnPEventNotify",
            M->DevicePnPEventNotifyHandler(Ctx, &PnP));
  }
  NdisRt_DrainQueues();
  if (M->PauseHandler) {
    memset(&Pause, 0, sizeof Pause);
    Pause.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Pause.Header.Size = sizeof Pause;
    CALL_AT(PASSIVE_LEVEL, "MiniportPause", M->PauseHandler(Ctx, &Pause));
  }

  NdisRt_SetPhase(NdisRtPhaseHalt);
  if (M->HaltHandlerEx)
    CALL_AT(PASSIVE_LEVEL, "MiniportHaltEx",
            M->HaltHandlerEx(Ctx, NdisHaltDeviceDisabled));
}

/* ---- NDIS 5 miniports ------------------------------------------------------
 */

static void run_miniport5(NDISRT_REGISTRATION *R) {
  NDIS_MINIPORT_CHARACTERISTICS *M = &R->Miniport5;
  NDIS_MEDIUM Media[] = {NdisMedium802_3};
  NDIS_STATUS Status = NDIS_STATUS_FAILURE, OpenError = NDIS_STATUS_SUCCESS;
  UINT Selected = 0;
  NDIS_HANDLE Ctx;
  BOOLEAN B1 = FALSE, B2 = FALSE;
  ULONG Value = 0, Written = 0, Needed = 0;

  if (!M->InitializeHandler)
    return;
  NdisRt_SetPhase(NdisRtPhaseInitialize);
  CALL_AT(PASSIVE_LEVEL, "MiniportInitialize",
          Status = M->InitializeHandler(&OpenError, &Selected, Media, 1,
                                        &AdapterHandle,
                                        &WrapperConfigurationContext));
  if (Status != NDIS_STATUS_SUCCESS)
    return;
  NdisRt_MarkKept();

  NdisRt_SetPhase(NdisRtPhaseRunning);
  Ctx = R->MiniportAdapterContext;
  NdisRt_DrainQueues();
  if (M->QueryInformationHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportQueryInformation",
            M->QueryInformationHandler(Ctx, OID_GEN_MAXIMUM_FRAME_SIZE, &Value,
                                       sizeof Value, &Written, &Needed));
  if (M->SetInformationHandler) {
    Value = 0x0B;
    CALL_AT(DISPATCH_LEVEL, "MiniportSetInformation",
            M->SetInformationHandler(Ctx, OID_GEN_CURRENT_PACKET_FILTER, &Value,
                                     sizeof Value, &Written, &Needed));
  }
  reset_frame();
  if (M->SendPacketsHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportSendPackets",
            M->SendPacketsHandler(Ctx, PacketArray, 1));
  else if (M->SendHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportSend", M->SendHandler(Ctx, &Packet, 0));
  reset_frame();
  if (M->ReturnPacketHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportReturnPacket",
            M->ReturnPacketHandler(Ctx, &Packet));
  if (R->Interrupt5Registered) {
    if (M->ISRHandler)
      CALL_AT(NDISRT_DIRQL, "MiniportISR", M->ISRHandler(&B1, &B2, Ctx));
    if (M->HandleInterruptHandler)
      CALL_AT(DISPATCH_LEVEL, "MiniportHandleInterrupt",
              M->HandleInterruptHandler(Ctx));
    if (M->DisableInterruptHandler)
      CALL_AT(NDISRT_DIRQL, "MiniportDisableInterrupt",
              M->DisableInterruptHandler(Ctx));
    if (M->EnableInterruptHandler)
      CALL_AT(NDISRT_DIRQL, "MiniportEnableInterrupt",
              M->EnableInterruptHandler(Ctx));
  }
  NdisRt_FireTimers();
  NdisRt_DrainQueues();
  if (M->CheckForHangHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportCheckForHang",
            M->CheckForHangHandler(Ctx));
  if (M->ResetHandler)
    CALL_AT(DISPATCH_LEVEL, "MiniportReset", M->ResetHandler(&B1, Ctx));
  if (M->PnPEventNotifyHandler)
    CALL_AT(PASSIVE_LEVEL, "MiniportPnPEventNotify",
            M->PnPEventNotifyHandler(Ctx, NdisDevicePnPEventPowerProfileChanged,
                                     NULL, 0));
  NdisRt_DrainQueues();

  NdisRt_SetPhase(NdisRtPhaseHalt);
  if (M->HaltHandler)
    CALL_AT(PASSIVE_LEVEL, "MiniportHalt", M->HaltHandler(Ctx));
}

/* ---- Filters and protocols
 * --------------------------------------------------- */

static void run_filter(NDISRT_REGISTRATION *R) {
  NDIS_FILTER_DRIVER_CHARACTERISTICS *F = &R->Filter;
  NDIS_FILTER_ATTACH_PARAMETERS Attach;
  NDIS_FILTER_RESTART_PARAMETERS Restart;
  NDIS_FILTER_PAUSE_PARAMETERS Pause;
  NDIS_STATUS Status = NDIS_STATUS_FAILURE;
  NDIS_HANDLE Ctx;

  if (!F->AttachHandler)
    return;
  memset(&Attach, 0, sizeof Attach);
  Attach.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTACH_PARAMETERS;
  Attach.Header.Size = sizeof Attach;
  Attach.MiniportMediaType = NdisMedium802_3;
  NdisRt_SetPhase(NdisRtPhaseInitialize);
  CALL_AT(PASSIVE_LEVEL, "FilterAttach",
          Status =
              F->AttachHandler(&FilterHandle, R->FilterDriverContext, &Attach));
  if (Status != NDIS_STATUS_SUCCESS)
    return;
  NdisRt_MarkKept();

  NdisRt_SetPhase(NdisRtPhaseRunning);
  Ctx = R->FilterModuleContext;
  NdisRt_DrainQueues();
  if (F->RestartHandler) {
    memset(&Restart, 0, sizeof Restart);
    Restart.Header.Size = sizeof Restart;
    CALL_AT(PASSIVE_LEVEL, "FilterRestart", F->RestartHandler(Ctx, &Restart));
  }
  reset_frame();
  if (F->SendNetBufferListsHandler)
    CALL_AT(DISPATCH_LEVEL, "FilterSendNetBufferLists",
            F->SendNetBufferListsHandler(Ctx, &FrameNbl,
                                         NDIS_DEFAULT_PORT_NUMBER,
                                         NDIS_SEND_FLAGS_DISPATCH_LEVEL));
  reset_frame();
  if (F->SendNetBufferListsCompleteHandler)
    CALL_AT(DISPATCH_LEVEL, "FilterSendNetBufferListsComplete",
            F->SendNetBufferListsCompleteHandler(
                Ctx, &FrameNbl, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL));
  reset_frame();
  if (F->ReceiveNetBufferListsHandler)
    CALL_AT(DISPATCH_LEVEL, "FilterReceiveNetBufferLists",
            F->ReceiveNetBufferListsHandler(Ctx, &FrameNbl,
                                            NDIS_DEFAULT_PORT_NUMBER, 1,
                                            NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL));
  reset_frame();
  if (F->ReturnNetBufferListsHandler)
    CALL_AT(DISPATCH_LEVEL, "FilterReturnNetBufferLists",
            F->ReturnNetBufferListsHandler(Ctx, &FrameNbl,
                                           NDIS_RETURN_FLAGS_DISPATCH_LEVEL));
  NdisRt_FireTimers();
  NdisRt_DrainQueues();
  if (F->PauseHandler) {
    memset(&Pause, 0, sizeof Pause);
    Pause.Header.Size = sizeof Pause;
    CALL_AT(PASSIVE_LEVEL, "FilterPause", F->PauseHandler(Ctx, &Pause));
  }
  NdisRt_SetPhase(NdisRtPhaseHalt);
  if (F->DetachHandler)
    CALL_AT(PASSIVE_LEVEL, "FilterDetach", F->DetachHandler(Ctx));
}

static void run_protocol(NDISRT_REGISTRATION *R) {
  NDIS_PROTOCOL_DRIVER_CHARACTERISTICS *P = &R->Protocol;
  NDIS_BIND_PARAMETERS Bind;
  if (!P->BindAdapterHandlerEx)
    return;
  memset(&Bind, 0, sizeof Bind);
  Bind.Header.Type = NDIS_OBJECT_TYPE_BIND_PARAMETERS;
  Bind.Header.Size = sizeof Bind;
  Bind.MediaType = NdisMedium802_3;
  /* Without NdisOpenAdapterEx there is no binding to drive further. */
  NdisRt_SetPhase(NdisRtPhaseInitialize);
  CALL_AT(
      PASSIVE_LEVEL, "ProtocolBindAdapterEx",
      P->BindAdapterHandlerEx(R->ProtocolDriverContext, &BindContext, &Bind));
  NdisRt_MarkKept();
  NdisRt_SetPhase(NdisRtPhaseRunning);
  NdisRt_FireTimers();
  NdisRt_DrainQueues();
}

/* ---- One life of the driver -----------------------------------------------
 */

static void life(void *Unused) {
  NDISRT_REGISTRATION *R = NdisRt_Registration();
  NTSTATUS Status = STATUS_UNSUCCESSFUL;
  PDRIVER_UNLOAD Unload;
  (void)Unused;

  memset(&DriverObject, 0, sizeof DriverObject);
  DriverObject.Size = sizeof DriverObject;
  NdisRt_SetPhase(NdisRtPhaseDriverEntry);
  CALL_AT(PASSIVE_LEVEL, "DriverEntry",
          Status = DriverEntry(&DriverObject, &RegistryPath));
  if (!NT_SUCCESS(Status)) {
    /* A failed DriverEntry is never unloaded: it must have cleaned up. */
    NdisRt_SetPhase(NdisRtPhaseUnload);
    NdisRt_ReportLeaks();
    return;
  }
  NdisRt_MarkKept();

  switch (R->Kind) {
  case NdisRtDriverMiniport6:
    run_miniport6(R);
    break;
  case NdisRtDriverMiniport5:
    run_miniport5(R);
    break;
  case NdisRtDriverFilter:
    run_filter(R);
    break;
  case NdisRtDriverProtocol:
    run_protocol(R);
    break;
  case NdisRtDriverUnknown:
    break;
  }

  NdisRt_SetPhase(NdisRtPhaseUnload);
  Unload = NULL;
  if (R->MiniportRegistered && R->Miniport.UnloadHandler)
    Unload = R->Miniport.UnloadHandler;
  else if (R->Ndis5UnloadHandler)
    Unload = R->Ndis5UnloadHandler;
  else if (DriverObject.DriverUnload)
    Unload = DriverObject.DriverUnload;
  if (Unload)
    CALL_AT(PASSIVE_LEVEL, "Unload", Unload(&DriverObject));
  NdisRt_ReportLeaks();
}

/* One life of the driver. A NULL dereference after an injected allocation
   failure ends it there (on Windows it bugchecks): what was allocated is not
   reported as leaked. */
static void run_driver(void) {
  if (NdisRt_RunGuarded(life, NULL))
    NdisRt_Note("the run stopped at that dereference; halt and unload did "
                "not run");
}

/* ---- Failure walk -----------------------------------------------------------
 */

static int RecordFd = -1;

static void write_all(int Fd, const char *Text) {
  size_t Len = strlen(Text);
  while (Len) {
    ssize_t N = write(Fd, Text, Len);
    if (N <= 0)
      return;
    Text += N;
    Len -= (size_t)N;
  }
}

static void injected_site_record(const char *Tag) {
  char Text[640];
  int Line = 0;
  const char *File = NdisRt_InjectedFailureSite(&Line);
  if (!File)
    return;
  snprintf(Text, sizeof Text, "#%s\t%s\t%d\n", Tag, File, Line);
  write_all(RecordFd, Text);
}

/* A child that crashes reports which injected failure it did not survive. */
static void crash_handler(int Sig) {
  char Text[64];
  injected_site_record("injected");
  snprintf(Text, sizeof Text, "#crash\t%d\n", Sig);
  write_all(RecordFd, Text);
  _exit(128 + Sig);
}

typedef struct _RUN {
  unsigned long Allocations;
  BOOLEAN Injected;
  char InjectedSite[600];
  int Signal;
} RUN;

/* The child's "#..." records describe the run; the others are violations
   and notes, merged after the run is described. */
static void handle_meta(char *Line, RUN *Run) {
  if (strncmp(Line, "#allocations\t", 13) == 0) {
    Run->Allocations = strtoul(Line + 13, NULL, 10);
  } else if (strncmp(Line, "#injected\t", 10) == 0) {
    char *Tab = strchr(Line + 10, '\t');
    Run->Injected = TRUE;
    if (Tab)
      *Tab = ':';
    snprintf(Run->InjectedSite, sizeof Run->InjectedSite, "%s", Line + 10);
  } else if (strncmp(Line, "#crash\t", 7) == 0) {
    Run->Signal = atoi(Line + 7);
  }
}

static void describe_run(unsigned long I, const RUN *Run) {
  if (Run->Injected)
    fprintf(stderr,
            "ndisrt: injected: allocation %lu (%s) failed the documented "
            "way\n",
            I, Run->InjectedSite);
  else
    fprintf(stderr, "ndisrt: walk: run %lu made no allocation fail\n", I);
  if (Run->Signal)
    NdisRt_Note("the driver crashed (signal %d) with allocation %lu%s%s%s "
                "failing: a failure path does not check the allocation",
                Run->Signal, I, Run->Injected ? " (" : "",
                Run->Injected ? Run->InjectedSite : "",
                Run->Injected ? ")" : "");
}

static void describe_base(unsigned long I, const RUN *Run) {
  (void)I;
  fprintf(stderr, "ndisrt: walk: %lu allocation%s in the normal run\n",
          Run->Allocations, Run->Allocations == 1 ? "" : "s");
  if (Run->Signal)
    NdisRt_Note("the driver crashed (signal %d) in the normal run",
                Run->Signal);
}

/* Runs one life of the driver in a child with allocation FailNth failing
   (0: none) and merges what it reports. */
static int run_child(unsigned long FailNth, RUN *Run,
                     void (*Describe)(unsigned long, const RUN *)) {
  int Fds[2];
  pid_t Pid;
  int WStatus = 0;
  char *Buf = NULL;
  size_t Len = 0, Cap = 0;

  memset(Run, 0, sizeof *Run);
  fflush(stdout);
  fflush(stderr);
  if (pipe(Fds) != 0)
    return -1;
  Pid = fork();
  if (Pid < 0)
    return -1;
  if (Pid == 0) {
    char Text[64];
    close(Fds[0]);
    RecordFd = Fds[1];
    NdisRt_SetRecordFd(Fds[1]);
    NdisRt_DisableExitSummary();
    NdisRt_SetFailNth(FailNth);
    signal(SIGSEGV, crash_handler);
    signal(SIGBUS, crash_handler);
    signal(SIGABRT, crash_handler);
    signal(SIGFPE, crash_handler);
    signal(SIGILL, crash_handler);
    run_driver();
    injected_site_record("injected");
    snprintf(Text, sizeof Text, "#allocations\t%lu\n",
             NdisRt_AllocationCount());
    write_all(Fds[1], Text);
    _exit(0);
  }
  close(Fds[1]);
  for (;;) {
    ssize_t N;
    if (Cap - Len < 4096) {
      char *B = realloc(Buf, Cap ? Cap * 2 : 8192);
      if (!B)
        break;
      Buf = B;
      Cap = Cap ? Cap * 2 : 8192;
    }
    N = read(Fds[0], Buf + Len, Cap - Len - 1);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Len += (size_t)N;
  }
  close(Fds[0]);
  while (waitpid(Pid, &WStatus, 0) < 0 && errno == EINTR)
    ;
  if (WIFSIGNALED(WStatus))
    Run->Signal = WTERMSIG(WStatus);
  if (Buf) {
    Buf[Len] = 0;
    for (char *P = Buf; P < Buf + Len; P += strlen(P) + 1) {
      P[strcspn(P, "\n")] = 0;
      if (P[0] == '#')
        handle_meta(P, Run);
    }
  }
  Describe(FailNth, Run);
  if (Buf) {
    for (char *P = Buf; P < Buf + Len; P += strlen(P) + 1)
      if (P[0] && P[0] != '#')
        NdisRt_ReportRecord(P);
    free(Buf);
  }
  return 0;
}

static int walk_failures(void) {
  RUN Base, Run;
  unsigned long K;
  if (run_child(0, &Base, describe_base) != 0) {
    perror("ndisrt: fork");
    return 2;
  }
  K = Base.Allocations;
  for (unsigned long I = 1; I <= K; ++I) {
    if (run_child(I, &Run, describe_run) != 0) {
      perror("ndisrt: fork");
      return 2;
    }
  }
  return 0;
}

/* ---- main
 * --------------------------------------------------------------------- */

static void usage(const char *Argv0) {
  fprintf(stderr,
          "usage: %s [--walk-failures] [--fail-nth N] [--exit-zero]\n"
          "Runs the driver linked into this program under the NdisCheck\n"
          "reference runtime; violations are reported on stderr as\n"
          "  ndisrt: violation: RULE at FILE:LINE: MESSAGE\n",
          Argv0);
}

int main(int Argc, char **Argv) {
  BOOLEAN Walk = FALSE, ExitZero = FALSE;
  for (int I = 1; I < Argc; ++I) {
    if (strcmp(Argv[I], "--walk-failures") == 0) {
      Walk = TRUE;
    } else if (strcmp(Argv[I], "--exit-zero") == 0) {
      ExitZero = TRUE;
    } else if (strcmp(Argv[I], "--fail-nth") == 0 && I + 1 < Argc) {
      NdisRt_SetFailNth(strtoul(Argv[++I], NULL, 10));
    } else if (strcmp(Argv[I], "--help") == 0 || strcmp(Argv[I], "-h") == 0) {
      usage(Argv[0]);
      return 0;
    } else {
      usage(Argv[0]);
      return 2;
    }
  }
  if (Walk) {
    int Rc = walk_failures();
    if (Rc)
      return Rc;
  } else {
    int Line = 0;
    const char *File;
    run_driver();
    File = NdisRt_InjectedFailureSite(&Line);
    if (File)
      fprintf(stderr, "ndisrt: injected: allocation failure at %s:%d\n", File,
              Line);
  }
  return NdisRt_ViolationCount() && !ExitZero ? 1 : 0;
}
