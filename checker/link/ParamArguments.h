//===- ParamArguments.h - Constants callers pass to DDIs -------*- C++ -*-===//
//
// A DDI argument checked on its constant value (NdisAllocateMemory's
// MemoryFlags and HighestAcceptableAddress) is often the parameter of a
// small helper (`MpAllocRing(&Va, NDIS_MEMORY_CONTIGUOUS | 0x800)`). The TU
// step leaves such arguments as ParamArgUse; here every direct call of the
// helper in the driver that passes a constant for that parameter is checked
// as if the constant were written at the DDI call.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_PARAMARGUMENTS_H
#define NDISCHECK_PARAMARGUMENTS_H

#include "db/ContractDb.h"
#include "report/Finding.h"
#include "summary/Summary.h"

#include <vector>

namespace ndischeck {

/// ndis-memory-flags and ndis-highest-address for the constants callers
/// pass to a helper's parameter that reaches MemoryFlags or
/// HighestAcceptableAddress; the trace shows each such call.
void checkParamArguments(const ContractDb &Db,
                         const std::vector<const TuSummary *> &Tus,
                         std::vector<Finding> &Out);

} // namespace ndischeck

#endif
