//===- IrqlSolver.h - IRQL along the paths of a function program -*- C++
//-*-===//
//
// Interprets one function's FunctionProgram (summary/FunctionProgram.h) for
// one context: the values its callers give the booleans it branches on.
// The state at a point is a small set of path classes, one per combination
// of the function's boolean values and of what the tests passed so far say
// about the entry IRQL (a dispatch-level flag, KeGetCurrentIrql()); each
// class carries the IRQL relative to the entry, the IRQLs saved by raises
// and lock acquisitions, and the driver states (DMA registered) established
// on every path. A BOOLEAN that holds the dispatch-level flag therefore
// chooses NdisDprAcquireSpinLock on exactly the paths at DISPATCH_LEVEL, and
// an acquire and its release under the same test stay paired.
//
// Calls of driver functions apply the callee's own effect, computed the
// same way: what it raises, lowers, saves through a pointer parameter,
// restores from one, and whether it returns at all. A lock wrapper needs no
// SAL annotation. The result of a run, for every DDI call and call, is the
// IRQL facts of each path class reaching it; DriverLink joins them over
// the call graph.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_IRQLSOLVER_H
#define NDISCHECK_IRQLSOLVER_H

#include "db/ContractDb.h"
#include "summary/Summary.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ndischeck {

/// An IRQL relative to a function's entry, as a join of possibilities: the
/// entry IRQL itself, an absolute range, or what the caller had saved in a
/// slot the function reads through a parameter.
struct SymIrql {
  bool Entry = false;
  std::optional<IrqlRange> Abs;
  std::vector<std::string> Slots; ///< sorted, in the function's own names
  bool Unknown = false;
  /// What set Abs: the raise or acquisition (for traces).
  std::vector<TraceStep> Why;

  static SymIrql entry();
  static SymIrql unknown();
  static SymIrql absolute(IrqlRange R, std::vector<TraceStep> Why);
  static SymIrql fromSlot(std::string Slot);

  void join(const SymIrql &O);
  bool sameAs(const SymIrql &O) const; ///< ignoring Why
  bool isEntry() const { return Entry && !Abs && Slots.empty() && !Unknown; }
  bool isAbsolute() const { return !Entry && Abs && Slots.empty() && !Unknown; }

  /// The lowest / highest IRQL when the entry IRQL lies in [EntryLo,
  /// EntryHi]; nullopt when it cannot be bounded.
  std::optional<Irql> lo(std::optional<Irql> EntryLo) const;
  std::optional<Irql> hi(std::optional<Irql> EntryHi) const;
};

/// The facts of one path class at a DDI call or a call.
struct PointFact {
  /// What the tests passed so far say about the entry IRQL.
  IrqlRange Entry = IrqlRange::any();
  std::vector<TraceStep> EntryWhy;
  SymIrql Cur;
  std::vector<std::string> Provided; ///< sorted
  /// For a call: the callee's parameter values (-1 unknown, 0, 1).
  std::vector<int8_t> CalleeParams;
};

/// A function's net effect on its caller, in its own names.
struct IrqlCallEffect {
  bool Returns = true;
  SymIrql Cur = SymIrql::entry();
  std::map<std::string, SymIrql> Writes; ///< caller-visible slots
  std::vector<std::string> Provided;     ///< sorted; on every returning path
};

struct FunctionRun {
  std::vector<std::vector<PointFact>> Ddi;   ///< by DdiCalls index
  std::vector<std::vector<PointFact>> Calls; ///< by Calls index
  IrqlCallEffect Effect;
  /// Nothing is known: the function has no program, or went over the budget.
  bool GaveUp = false;
  bool OverBudget = false;
};

/// The budget of a function's run: worklist steps per block.
unsigned irqlStepsPerBlock();

class IrqlSolver {
public:
  IrqlSolver(const ContractDb &Db,
             const std::map<std::string, const FunctionSummary *> &Functions)
      : Db(Db), Functions(Functions) {}

  /// Params: a value per parameter (-1 unknown, 0, 1); only parameters the
  /// function branches on matter (see contextFor).
  const FunctionRun &run(const FunctionSummary &F,
                         const std::vector<int8_t> &Params);

  /// Params reduced to the parameters F branches on, sized F's parameters.
  static std::vector<int8_t> contextFor(const FunctionSummary &F,
                                        std::vector<int8_t> Params);

  /// Translates a callee's slot name into the caller's, through the call's
  /// arguments; "" when the caller cannot see it.
  static std::string callerSlot(const std::string &Slot,
                                const std::vector<ProgArg> &Args);
  /// Whether a caller could see the slot (rooted at a parameter or global).
  static bool visibleToCaller(const std::string &Slot);

private:
  const ContractDb &Db;
  const std::map<std::string, const FunctionSummary *> &Functions;
  std::map<std::pair<std::string, std::vector<int8_t>>,
           std::unique_ptr<FunctionRun>>
      Runs;
  std::set<std::pair<std::string, std::vector<int8_t>>> InProgress;
  unsigned Depth = 0;

  friend class ProgramRun;
};

} // namespace ndischeck

#endif
