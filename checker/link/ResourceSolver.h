//===- ResourceSolver.h - Allocations along the paths of the driver -*- C++
//-*-//
//
// Interprets each function's FunctionProgram for the resources the contract
// database allocates ("allocates") and frees ("frees"). Every allocation is
// an object; a pointer is followed through locals, parameters, globals and
// struct fields, a field being a cell of the object its base points to (a
// small symbolic heap: `Adapter->RxRing` and `A->RxRing` are one cell once
// `A = Adapter`). What a function receives (its parameters, globals) are
// symbolic objects named by the path that reaches them ("$0->RxArea"), so a
// function's effect on its caller — what it frees, allocates into, keeps,
// returns, and with which status — is stated in those names and applied at
// every call, in any file.
//
// The state at a point is a few path cases, kept apart while they differ
// (a pointer NULL on one, allocated on the other; a status that says which),
// so the checks of a goto-cleanup, a NULL-initialised pointer or a status
// returned through an out parameter come out right, and a leak is shown on
// a path that really leaks. Reported per function:
//
//   ndis-leak               an allocation no longer reachable from anything
//                           that outlives the function (returned, overwritten,
//                           out of scope, its container freed) while live;
//                           one finding per allocation, naming every exit;
//   ndis-double-free        a free of what this path freed already, also
//                           in a helper;
//   ndis-unchecked-failure  a dereference, or a pass to a DDI or the
//                           platform, before the allocation's NULL or status
//                           check.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_RESOURCESOLVER_H
#define NDISCHECK_RESOURCESOLVER_H

#include "db/ContractDb.h"
#include "report/Finding.h"
#include "summary/Summary.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ndischeck {

struct ResourceEffect;

/// An allocation a function leaves in place when it returns successfully,
/// and every path that reaches it from what outlives the call: "ctx" (an
/// object handed to NDIS as the driver's context) or a global ("@Table"),
/// then "->Field" steps ("ctx->RxRing").
struct KeptResource {
  std::vector<std::string> Paths;
  std::string Ddi, Family;
  SourcePoint Site;
  std::vector<TraceStep> Trace; ///< allocation, the checks it passed
  SourcePoint Exit;             ///< the return that keeps it
};

/// The budget of a function's run: worklist steps per block.
unsigned resourceStepsPerBlock();

class ResourceSolver {
public:
  ResourceSolver(
      const ContractDb &Db,
      const std::map<std::string, const FunctionSummary *> &Functions);
  ~ResourceSolver();

  /// F's leak, double-free and unchecked-failure findings.
  void check(const FunctionSummary &F, std::vector<Finding> &Out);

  /// F's effect on a caller (computed once; null for recursion or a
  /// function over the budget).
  const ResourceEffect *effect(const FunctionSummary &F);

  /// What initialisation (F) keeps for the driver's lifetime, at each
  /// return whose status is not a failure.
  std::vector<KeptResource> kept(const FunctionSummary &F);

  /// What a teardown entry point (halt, unload) frees on some path, as
  /// paths in kept()'s terms: its parameters are "ctx". Nothing when F's
  /// effect is unknown (over the budget).
  std::optional<std::set<std::string>> released(const FunctionSummary &F);

  /// The functions (link keys) whose run went over the budget.
  const std::set<std::string> &gaveUp() const { return GaveUpKeys; }

private:
  const ContractDb &Db;
  const std::map<std::string, const FunctionSummary *> &Functions;
  std::map<std::string, std::unique_ptr<ResourceEffect>> Effects;
  /// The findings of the run that computed a function's effect: check()
  /// gives them instead of running the function again.
  std::map<std::string, std::vector<Finding>> FindingsOf;
  std::set<std::string> InProgress;
  std::set<std::string> GaveUpKeys;
  unsigned Depth = 0;

  friend class ResourceRun;
};

} // namespace ndischeck

#endif
