//===- ResourceLink.h - Provenance and pairing over the driver --*- C++ -*-===//
//
// The whole-driver half of the provenance and resource analyses. Resolves
// the field and parameter references the TU summaries left open (every
// store into Record.Field anywhere in the driver; every call site of a
// function, or "unknown" for entry points and functions whose address is
// taken), then checks:
//
//   ndis-mdl-nonpaged   NdisAllocateMdl over the stack, global data, a
//                       literal or paged pool;
//   ndis-buffer-pool    NdisAllocateBuffer whose PoolHandle is not from
//                       NdisAllocateBufferPool (NULL only for a protocol
//                       driver) or whose VirtualAddress is not nonpaged;
//   ndis-wrong-free     a free DDI of another family than the allocation, or
//                       of memory that was never allocated;
//   ndis-free-mismatch  mustMatch arguments of the free differ from the
//                       allocation's (both constants).
//
// A rule fires only when every source of the value is known.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_RESOURCELINK_H
#define NDISCHECK_RESOURCELINK_H

#include "db/ContractDb.h"
#include "report/Finding.h"
#include "summary/Summary.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace ndischeck {

/// What the link step knows about the driver's phases.
struct DriverPhases {
  /// The phases the function with this link key can run in.
  std::function<std::vector<Phase>(const std::string &Key)> PhasesOf;
  /// entry point -> ... -> the function, for a phase it runs in.
  std::function<std::vector<TraceStep>(const std::string &Key, Phase P)> Trace;
  /// The functions NDIS (or the I/O manager) enters directly in a phase.
  std::function<std::vector<std::string>(Phase P)> EntriesOf;
  /// "miniport", "protocol", "filter": the kinds of the driver's roles; with
  /// none, "miniport" where a file defines a miniport macro.
  std::set<std::string> DriverKinds;
};

/// The free DDI for an allocation by Alloc: of the same family, sharing the
/// most parameter names with it (NdisFreeMemoryWithTagPriority for
/// NdisAllocateMemoryWithTagPriority), the database's first on a tie.
const DdiInfo *matchingFree(const ContractDb &Db, const DdiInfo &Alloc);

/// Every free DDI that releases an allocation by Alloc: of the same family
/// and present in an NDIS version Alloc exists in (NdisFreeMemory and
/// NdisFreeMemoryWithTagPriority for NdisAllocateMemoryWithTagPriority, only
/// NdisFreeMemory for NdisAllocateMemory).
std::vector<const DdiInfo *> allowedFrees(const ContractDb &Db,
                                          const DdiInfo &Alloc);

void checkDriverResources(const ContractDb &Db,
                          const std::vector<const TuSummary *> &Tus,
                          const DriverPhases &Phases,
                          std::vector<Finding> &Out);

} // namespace ndischeck

#endif
