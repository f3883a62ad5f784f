//===- DriverLink.h - Whole-driver facts and findings -----------*- C++ -*-===//
//
// The second phase of a run. Joins the summaries of every translation unit
// of a driver into a call graph, computes for each function the IRQL bounds
// and phases it can be entered with (from role types, characteristics
// assignments, registrations and callers, to a fixpoint), and turns the
// calls recorded in the summaries into findings with the call chain that
// proves them. The result depends only on the set of summaries, never on
// their order.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_DRIVERLINK_H
#define NDISCHECK_DRIVERLINK_H

#include "db/ContractDb.h"
#include "report/Finding.h"
#include "summary/Summary.h"

#include <vector>

namespace ndischeck {

/// All findings for the driver made of these translation units: the local
/// findings of each summary plus the whole-driver ones, sorted and without
/// duplicates (a header analysed in two TUs reports once).
std::vector<Finding> linkDriver(const ContractDb &Db,
                                const std::vector<TuSummary> &Tus);

} // namespace ndischeck

#endif
