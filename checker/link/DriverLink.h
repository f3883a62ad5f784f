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

/// A function an analysis gave up on: it went over the analysis's budget of
/// steps, so that analysis's findings in it (and through it) are missing.
struct GaveUp {
  std::string Function;
  SourcePoint Loc;
  std::string Analysis; ///< "resource" or "IRQL"

  std::string message() const;
};

/// What decides the link's findings besides the summaries and the code:
/// the analyses' budgets (for a cache of its results).
std::string linkSettings();

/// All findings for the driver made of these translation units: the local
/// findings of each summary plus the whole-driver ones, sorted and without
/// duplicates (a header analysed in two TUs reports once). The functions an
/// analysis gave up on go to GaveUps, sorted, when it is given.
std::vector<Finding> linkDriver(const ContractDb &Db,
                                const std::vector<TuSummary> &Tus,
                                std::vector<GaveUp> *GaveUps = nullptr);

} // namespace ndischeck

#endif
