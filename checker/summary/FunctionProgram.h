//===- FunctionProgram.h - A function reduced to what the rules see -*- C++
//-*-//
//
// The TU step reduces each function body to a small control-flow graph
// whose blocks hold only the events the rules care about — DDI calls with
// their IRQL effect, calls of driver functions with what their arguments
// mean, assignments of the booleans the function branches on — and whose
// branches say what they test (a boolean variable, the dispatch-level flag
// of a send or receive handler, KeGetCurrentIrql()). Everything else of the
// body is gone.
//
// The link step interprets these programs with the whole driver in view:
// callees' effects (a wrapper that acquires a lock, a helper that raises),
// callers' constant arguments and path conditions. That is what a boolean
// program is to Static Driver Verifier, kept small enough to cache.
//
// Variables and lvalues are named by text ("OldIrql", "*Adapter.Lock"); a
// name rooted at a parameter is written "$<index>" ("*$0.Lock" is the Lock
// field of what parameter 0 points to), so the link step can translate a
// callee's names into its caller's.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_FUNCTIONPROGRAM_H
#define NDISCHECK_FUNCTIONPROGRAM_H

#include "db/Irql.h"
#include "report/Finding.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ndischeck {

/// A variable the function branches on: a parameter (Param >= 0) or a local.
struct ProgAtom {
  std::string Name;
  int Param = -1;
};

/// What a branch condition or a boolean argument says.
struct ProgCond {
  enum Kind : uint8_t {
    Unknown,      ///< nothing the analysis can use
    Const,        ///< always Value
    Atom,         ///< the value of Atoms[Atom]
    DispatchFlag, ///< "the caller is at DISPATCH_LEVEL" (a send/receive flag)
    CurrentIrql,  ///< KeGetCurrentIrql() lies in Range
  };
  Kind K = Unknown;
  bool Negated = false; ///< Atom / DispatchFlag / CurrentIrql: the negation
  bool Value = false;   ///< Const
  int Var = -1;         ///< Atom: the index in FunctionProgram::Atoms
  IrqlRange Range;
  SourcePoint Loc; ///< where the test is written (for traces)

  bool known() const { return K != Unknown; }
};

/// How a DDI call changes the caller's IRQL, resolved from the contract
/// database when the program is built.
struct ProgIrqlOp {
  enum Kind : uint8_t { None, Raise, Acquire, Lower, Release };
  Kind K = None;
  std::optional<Irql> To; ///< Raise / Acquire: the level; absent: unknown
                          ///< (Raise) or unchanged (an Acquire at DPC level)
  std::string Save;       ///< the slot the previous IRQL is kept in
  std::string Restore;    ///< the slot the IRQL comes back from
  std::optional<Irql> RestoreTo; ///< a constant to go back to instead
  bool KeepIfUnsaved = false;    ///< a release that does not lower
};

/// An argument of a call of a driver function.
struct ProgArg {
  std::string Value;   ///< the lvalue passed by value ("OldIrql"), if any
  std::string Pointee; ///< what the callee reaches through it ("*Adapter")
  ProgCond Cond;       ///< the argument as a boolean
};

struct ProgStep {
  enum Kind : uint8_t {
    Ddi,     ///< DdiCalls[Index]: checked, and Op applied
    Call,    ///< Calls[Index] of a driver function, with Args
    SetAtom, ///< Atoms[Atom] = Cond
  };
  Kind K = Ddi;
  unsigned Index = 0;
  int Atom = -1;
  ProgCond Cond;
  ProgIrqlOp Op; ///< Ddi: the DDI's effect; Call: the callee's SAL effect,
                 ///< used when the link step has no body for it
  std::vector<ProgArg> Args;
};

struct ProgBlock {
  std::vector<ProgStep> Steps;
  /// With two successors: the test, true branch first. Otherwise Unknown.
  ProgCond Branch;
  std::vector<unsigned> Succs;
};

struct FunctionProgram {
  std::vector<ProgAtom> Atoms;
  /// Blocks[0] is the entry; Exit is the block every return reaches.
  std::vector<ProgBlock> Blocks;
  unsigned Exit = 0;
  unsigned NumParams = 0;
  /// The body had no control-flow graph (it did not parse): the blocks are
  /// one straight line in source order.
  bool Linear = false;
};

} // namespace ndischeck

#endif
