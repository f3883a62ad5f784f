/* mdl-nonpaged/field-other-file: the adapter shared by init.c and rx.c. */
#ifndef MP_ADAPTER_H
#define MP_ADAPTER_H

#define MP_TAG 'gaTM'
#define MP_FRAME_SIZE 64

typedef struct _MP_ADAPTER {
  NDIS_HANDLE AdapterHandle;
  PUCHAR StackFrame;  /* a stack array of MpProbe (init.c) */
  PULONG Counter;     /* the address of a local of MpProbe */
  PUCHAR GlobalFrame; /* driver global data */
  PVOID Banner;       /* a string literal */
  PVOID PagedArea;    /* paged pool */
  PUCHAR RxBuffer;    /* nonpaged pool: right */
} MP_ADAPTER, *PMP_ADAPTER;

VOID MpDescribeFields(PMP_ADAPTER Adapter);

#endif
