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
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace ndischeck {

/// A member that is rarely anything but its default, kept out of line: a
/// program has a step for every call, assignment and dereference and a
/// block for every statement that branches or acts, and few of them carry a
/// condition or an IRQL operation. Absent, it costs a pointer instead of a
/// few hundred bytes, and reads as T().
template <typename T> class OutOfLine {
public:
  OutOfLine() = default;
  OutOfLine(T V) { *this = std::move(V); }
  OutOfLine(const OutOfLine &O)
      : P(O.P ? std::make_unique<T>(*O.P) : nullptr) {}
  OutOfLine(OutOfLine &&) noexcept = default;
  OutOfLine &operator=(const OutOfLine &O) {
    P = O.P ? std::make_unique<T>(*O.P) : nullptr;
    return *this;
  }
  OutOfLine &operator=(OutOfLine &&) noexcept = default;
  OutOfLine &operator=(T V) {
    if (V == T())
      P.reset();
    else if (P)
      *P = std::move(V);
    else
      P = std::make_unique<T>(std::move(V));
    return *this;
  }

  const T &operator*() const { return P ? *P : defaultValue(); }
  const T *operator->() const { return &**this; }
  /// The value, to change a member of it in place.
  T &edit() {
    if (!P)
      P = std::make_unique<T>();
    return *P;
  }

private:
  std::unique_ptr<T> P;
  static const T &defaultValue() {
    static const T Default;
    return Default;
  }
};

/// A variable the function branches on: a parameter (Param >= 0) or a local.
struct ProgAtom {
  std::string Name;
  int Param = -1;
};

/// A pointer (or status) value as the resource analysis sees it. Paths name
/// lvalues: a root ("Adapter" a local, "$0" parameter 0, "@Table" a global)
/// followed by "->Field" (through a pointer), ".Field" (of a structure),
/// "*" (what a pointer points to) and "[]" (an element).
struct ProgValue {
  enum Kind : uint8_t {
    Unknown,
    Null,       ///< a null pointer constant
    Int,        ///< an integer constant (a status), in Int
    Read,       ///< the value held in Path
    Addr,       ///< &Path: into the object Path lies in
    DdiResult,  ///< what DdiCalls[Index] returns
    CallResult, ///< what Calls[Index] returns
    /// What the call through a pointer at the Platform step with this
    /// Index returns.
    IndirectResult,
  };
  Kind K = Unknown;
  std::string Path;
  unsigned Index = 0;
  int64_t Number = 0; ///< Int

  bool operator==(const ProgValue &O) const {
    return std::tie(K, Path, Index, Number) ==
           std::tie(O.K, O.Path, O.Index, O.Number);
  }
};

/// What a branch condition or a boolean argument says.
struct ProgCond {
  enum Kind : uint8_t {
    Unknown,      ///< nothing the analysis can use
    Const,        ///< always Value
    Atom,         ///< the value of Atoms[Atom]
    DispatchFlag, ///< "the caller is at DISPATCH_LEVEL" (a send/receive flag)
    CurrentIrql,  ///< KeGetCurrentIrql() lies in Range
    NotNull,      ///< Subject (a pointer) is not NULL
    Success,      ///< Subject (a status) is a success status
    Failure,      ///< Subject (a status) is a failure status (false says
                  ///< nothing: `Status == NDIS_STATUS_FAILURE`)
    SameAs,       ///< Subject and Other are the same pointer
    NotFailure,   ///< Subject (a status) is not a failure status (false says
                  ///< nothing: `Status == NDIS_STATUS_PENDING`)
  };
  Kind K = Unknown;
  bool Negated = false; ///< the negation of the test
  bool Value = false;   ///< Const
  int Var = -1;         ///< Atom: the index in FunctionProgram::Atoms
  IrqlRange Range;
  ProgValue Subject; ///< NotNull / Success / Failure / SameAs
  ProgValue Other;   ///< SameAs
  SourcePoint Loc;   ///< where the test is written (for traces)

  bool known() const { return K != Unknown; }
  bool operator==(const ProgCond &O) const {
    return std::tie(K, Negated, Value, Var, Range, Subject, Other, Loc) ==
           std::tie(O.K, O.Negated, O.Value, O.Var, O.Range, O.Subject, O.Other,
                    O.Loc);
  }
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

  bool operator==(const ProgIrqlOp &O) const {
    return std::tie(K, To, Save, Restore, RestoreTo, KeepIfUnsaved) ==
           std::tie(O.K, O.To, O.Save, O.Restore, O.RestoreTo, O.KeepIfUnsaved);
  }
};

/// An argument of a call.
struct ProgArg {
  std::string Value;        ///< the lvalue passed by value ("OldIrql"), if any
  std::string Pointee;      ///< what the callee reaches through it ("*Adapter")
  OutOfLine<ProgCond> Cond; ///< the argument as a boolean
  ProgValue V;              ///< the argument as a pointer or status
  /// The callee may keep the pointer beyond the call (an NDIS_HANDLE
  /// context, a typed pointer given to a system function, a driver
  /// function whose body the link step does not have).
  bool Keeps = false;
  /// Kept as the driver's context: NDIS gives it back to the driver's
  /// handlers (an NDIS_HANDLE context, a work item's or timer's context).
  bool Context = false;
};

struct ProgStep {
  enum Kind : uint8_t {
    Ddi,      ///< DdiCalls[Index]: checked, and Op applied
    Call,     ///< Calls[Index] of a driver function, with Args
    SetAtom,  ///< Atoms[Atom] = Cond
    Assign,   ///< Path = Value
    Use,      ///< the pointer in Path is dereferenced
    Return,   ///< the function returns Value
    Kill,     ///< the local Path goes out of scope
    Escape,   ///< Value is kept somewhere the analysis does not follow
    Platform, ///< a call of Path, a function the database does not model;
              ///< Path "" a call through a pointer, its result Index
  };
  Kind K = Ddi;
  unsigned Index = 0;
  int Atom = -1;
  OutOfLine<ProgCond> Cond; ///< SetAtom
  /// Ddi: the DDI's effect; Call: the callee's SAL effect, used when the
  /// link step has no body for it.
  OutOfLine<ProgIrqlOp> Op;
  std::vector<ProgArg> Args;
  std::string Path;
  ProgValue Value;
  SourcePoint Loc;
  /// Call: a function declared only in a header included with `<...>`:
  /// when the driver does not define it, the link step takes it as a
  /// Platform step named Path.
  bool MaybePlatform = false;
};

struct ProgBlock {
  std::vector<ProgStep> Steps;
  /// With two successors: the test, true branch first. Otherwise Unknown.
  OutOfLine<ProgCond> Branch;
  std::vector<unsigned> Succs;
};

struct FunctionProgram {
  std::vector<ProgAtom> Atoms;
  /// Blocks[0] is the entry; Exit is the block every return reaches.
  std::vector<ProgBlock> Blocks;
  unsigned Exit = 0;
  unsigned NumParams = 0;
  std::vector<std::string> ParamNames; ///< for messages ("$0" is Adapter)
  /// The body had no control-flow graph (it did not parse): the blocks are
  /// one straight line in source order.
  bool Linear = false;
};

} // namespace ndischeck

#endif
