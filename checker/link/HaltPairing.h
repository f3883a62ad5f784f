//===- HaltPairing.h - What initialisation keeps, halt must free -*- C++
//-*-===//
//
// ndis-halt-leak: an allocation that initialisation (MiniportInitializeEx,
// FilterAttach, BindAdapterEx, DriverEntry) leaves reachable when it
// succeeds — from the context it hands NDIS or from a global — that no path
// of the halt/unload entry points (Halt, Detach, Unbind, Unload) frees.
// Both sides come from ResourceSolver, so ownership followed through helpers,
// fields, interior pointers and CONTAINING_RECORD counts on both sides.
//
// Resources named by an argument rather than a result (map registers by the
// adapter handle, a timer or lookaside list by its address) are paired by
// family: one set up outside halt needs a DDI of its family on the
// halt/unload path.
//
// The check says nothing when the driver has no teardown entry point, when
// teardown calls driver code the link does not have, or when a teardown
// function's effect is unknown.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_HALTPAIRING_H
#define NDISCHECK_HALTPAIRING_H

#include "db/ContractDb.h"
#include "link/ResourceLink.h"
#include "link/ResourceSolver.h"
#include "report/Finding.h"
#include "summary/Summary.h"

#include <map>
#include <string>
#include <vector>

namespace ndischeck {

void checkHaltPairing(
    const ContractDb &Db,
    const std::map<std::string, const FunctionSummary *> &Functions,
    ResourceSolver &Resources, const DriverPhases &Phases,
    std::vector<Finding> &Out);

} // namespace ndischeck

#endif
