//===- Summary.h - What one translation unit tells the link step -*- C++
//-*-===//
//
// Phase one of a run turns each translation unit into a TuSummary: a pure
// function of the file and its flags, serialisable and cached by content.
// Phase two (DriverLink) joins the summaries of a whole driver into
// findings. Nothing here refers to the AST.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_SUMMARY_H
#define NDISCHECK_SUMMARY_H

#include "db/Irql.h"
#include "report/Finding.h"
#include "summary/FunctionProgram.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ndischeck {

/// A call from a driver function to another driver function.
struct CallSite {
  std::string Callee; ///< link key of the callee (see FunctionSummary::Key)
  std::string CalleeName;
  SourcePoint Loc;
};

/// A call to a DDI of the contract database.
struct DdiCall {
  std::string Ddi;         ///< database name of the entry used for semantics
  std::string SpelledName; ///< what the source says (outermost known macro)
  SourcePoint Loc;
  /// The IRQL limits that apply to this call, flags considered.
  std::optional<ndischeck::Irql> MaxIrql;
  std::string MaxReason; ///< e.g. "with NDIS_MEMORY_CONTIGUOUS", or empty
  std::optional<ndischeck::Irql> MinIrql;
  /// InitOnlyFlags provably set: the flag names, e.g. "NDIS_MEMORY_CONTIGUOUS".
  std::string InitOnlyFlags;
  /// The call has a result (a status when the DDI allocates through an
  /// out parameter).
  bool ReturnsValue = false;
};

/// SAL IRQL annotations of a driver function, read from macro expansions.
struct SalIrql {
  std::optional<Irql> RequiresMax, RequiresMin, Requires, Raises;
  bool SavesGlobal = false, RestoresGlobal = false;
  bool any() const {
    return RequiresMax || RequiresMin || Requires || Raises || SavesGlobal ||
           RestoresGlobal;
  }
};

struct FunctionSummary {
  /// Link key: the name for external linkage, "name@file" for static ones.
  std::string Key;
  std::string Name;
  SourcePoint Loc;
  std::vector<std::string> Roles; ///< from role typedefs on any declaration
  SalIrql Sal;
  std::vector<CallSite> Calls;
  std::vector<DdiCall> DdiCalls;
  /// The body reduced to its calls and the branches the rules care about;
  /// its steps index Calls and DdiCalls.
  FunctionProgram Program;
};

/// "Function F runs as role R" learnt from a characteristics assignment or a
/// registration call, e.g. `Chars.InitializeHandler = MpInitialize;`.
struct RoleBinding {
  std::string Function; ///< link key
  std::string FunctionName;
  std::string Role;
  SourcePoint Loc;
  std::string How; ///< e.g. "assigned to InitializeHandler"
};

/// A DDI call that provides a driver state (e.g. DMA registration).
struct StateProvider {
  std::string State;
  std::string Ddi;
  SourcePoint Loc;
  std::string Function; ///< link key
};

//===----------------------------------------------------------------------===//
// Provenance (tu/Provenance.cpp, link/ResourceLink.cpp)
//===----------------------------------------------------------------------===//

/// One possible origin of a pointer value. Kinds:
///  - memory: "stack", "global", "literal", "paged", "nonpaged", "shared";
///    an allocation also names its Family, Ddi and constant arguments;
///  - "null": the constant NULL;
///  - "unknown": the engine cannot tell (silences every rule);
///  - references resolved in the link step: "field" (any value stored into
///    Record.Field anywhere in the driver; Record is "" for a global
///    variable) and "param" (the argument at index Param of every call of
///    the function the source was recorded in).
struct PtrSource {
  std::string Kind;
  std::string Family; ///< allocation family, for allocations
  std::string Ddi;    ///< the allocating DDI, for allocations
  std::string Record, Field;
  int Param = -1;
  SourcePoint Loc;  ///< the allocation, the variable's declaration, ...
  std::string What; ///< for messages: "stack array 'Buf'", ...
  /// Integer-constant arguments of the allocation, by parameter name, for
  /// the free's mustMatch check.
  std::vector<std::pair<std::string, int64_t>> Args;
  /// Arguments that are one of a few known values (ValueSets.h), sorted.
  std::vector<std::pair<std::string, std::vector<int64_t>>> ArgSets;
};

/// `Record.Field = value` (or an allocation whose out parameter is
/// `&P->Field`) somewhere in Function.
struct FieldStore {
  std::string Record, Field;
  std::string Spelled; ///< the lvalue as written, e.g. "Adapter->RxBuf"
  PtrSource Value;
  SourcePoint Loc;
  std::string Function; ///< link key of the storing function
  /// The field belongs to an object on the stack (`Attributes.Context =
  /// Adapter`): the value does not outlive the function through it.
  bool OnStack = false;
};

/// A pointer argument of a call from Caller to the driver function Callee.
struct ArgFact {
  std::string Callee; ///< link key
  unsigned Index = 0;
  std::vector<PtrSource> Value;
  SourcePoint Loc;
  std::string Caller; ///< link key; "param" sources refer to its parameters
};

/// A DDI argument whose provenance a rule checks in the link step.
struct PointerUse {
  /// The parameter's role: "nonpaged-address", "pool-handle", or "free"
  /// (the pointer a free DDI releases).
  std::string Role;
  std::string Ddi;    ///< as spelled at the call
  std::string Param;  ///< parameter name
  std::string Family; ///< for "free": the family the DDI frees
  /// For "free": the constant mustMatch arguments of the call, and those
  /// that are one of a few known values.
  std::vector<std::pair<std::string, int64_t>> Args;
  std::vector<std::pair<std::string, std::vector<int64_t>>> ArgSets;
  std::vector<PtrSource> Value;
  SourcePoint Loc;
  std::string Function; ///< link key
};

/// A DDI argument checked on its constant value (MemoryFlags) that is the
/// calling function's own parameter: the link step checks the constants the
/// function's callers pass for it.
struct ParamArgUse {
  std::string Ddi;     ///< database name
  std::string Spelled; ///< as spelled at the call
  std::string DdiParam;
  unsigned Param = 0; ///< the function's parameter passed as DdiParam
  std::string ParamName;
  SourcePoint Loc;      ///< the argument
  std::string Function; ///< link key
};

struct TuSummary {
  std::string MainFile;
  bool Ndis6 = false;
  /// The file defines DDIs of the database: it is (part of) the NDIS
  /// library, not a driver, and rules about drivers do not apply to it.
  bool ImplementsDdis = false;
  /// The file declares the miniport deserialized (the database's
  /// "deserialized" flag passed), or serialized (passed without it).
  std::optional<bool> Deserialized;
  std::vector<FunctionSummary> Functions;
  std::vector<RoleBinding> Bindings;
  std::vector<StateProvider> Providers;
  /// Findings one function proves on its own (tags, flags, addresses, ...).
  std::vector<Finding> LocalFindings;
  /// Files this summary depends on (main file and headers), for the cache.
  std::vector<std::string> Dependencies;
  /// Provenance facts for the link step (Provenance.h).
  std::vector<FieldStore> FieldStores;
  std::vector<ArgFact> ArgFacts;
  std::vector<PointerUse> PointerUses;
  std::vector<ParamArgUse> ParamArgUses;
  /// The file defines one of the database's miniport macros.
  bool Miniport = false;
  /// What the file may write of the driver's records (FieldWrites.h), for
  /// the fields nothing in the driver sets: the records it defines in its
  /// own files, "Record.Field" of the fields it may write, and the records
  /// it may write whole. Each sorted.
  std::vector<std::string> DriverRecords;
  std::vector<std::string> WrittenFields;
  std::vector<std::string> WrittenRecords;
};

} // namespace ndischeck

#endif
