//===- ContractDb.h - The NDIS contract database ----------------*- C++ -*-===//
//
// The documented contracts of the NDIS DDIs, as data
// (rules/ndis-contracts.json, format in rules/README.md, schema in
// rules/ndis-contracts.schema.json). The engine never names a DDI in code: it
// asks this database.
//
// This header and its loader depend on the standard library and nlohmann/json
// only, so the runtime's tools and the loader's unit tests build without LLVM.
//
//===----------------------------------------------------------------------===//
#ifndef NDISCHECK_CONTRACTDB_H
#define NDISCHECK_CONTRACTDB_H

#include "db/Irql.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ndischeck {

/// The phase of the driver's life a function runs in.
enum class Phase { DriverEntry, Initialize, Runtime, Halt, Unload };
const char *phaseName(Phase P);
std::optional<Phase> parsePhase(std::string_view S);

/// A sentence of Microsoft's documentation that a rule enforces.
struct Citation {
  std::string Ddi;  ///< the reference page, e.g. "NdisAllocateMemory"
  std::string Seed; ///< file in rules/seeds/ it was taken from, if any
  std::string Text; ///< the sentence, verbatim
  /// The page it was taken from, when not a seed. Last, so that
  /// {Ddi, Seed, Text} initialises a seed citation as before.
  std::string Url;
};

/// A rule: what flows into SARIF tool.driver.rules.
struct RuleInfo {
  std::string Id;       ///< stable, e.g. "ndis-tag"
  std::string Name;     ///< PascalCase, e.g. "InvalidPoolTag"
  std::string Severity; ///< "error" | "warning" | "note"
  std::string Short;    ///< one line
  std::string Full;     ///< a paragraph
  std::string Help;     ///< how to fix it
  std::vector<Citation> Cites;
};

/// "any of these bits set in parameter Param".
struct FlagTest {
  std::string Param;
  uint64_t Mask = 0;
  std::vector<std::string> BitNames; ///< as written in the database
};

/// "MemoryFlags of NdisAllocateMemory has bits 0x800 outside ..." for a
/// value with bits Allowed does not name; nothing when it has none.
std::optional<std::string> flagsProblem(const FlagTest &Allowed,
                                        const std::string &Ddi, int64_t Value);

/// The message for a HighestAcceptableAddress other than -1 passed to Ddi.
std::string highestAddressProblem(const std::string &Ddi, int64_t Value);

/// A stricter IRQL limit that applies when a flag argument has some bits set
/// (NdisAllocateMemory with NDIS_MEMORY_CONTIGUOUS needs PASSIVE_LEVEL).
struct ConditionalIrql {
  FlagTest When;
  Irql Max = Irql::High;
};

/// How a DDI changes the IRQL of its caller, or (Query) that it returns the
/// current IRQL, so a test of its result tells the IRQL on each branch.
struct IrqlEffect {
  enum Kind { None, Raise, Lower, Acquire, Release, Query };
  Kind K = None;
  /// Raise / Acquire: the level it raises to; absent for an acquire that
  /// requires and keeps DISPATCH_LEVEL (NdisDprAcquireSpinLock).
  std::optional<Irql> To;
  /// Raise: the parameter holding the level it raises to, when that is an
  /// argument rather than fixed (KeRaiseIrql's NewIrql).
  std::string ToParam;
  /// Raise / Acquire: where the previous IRQL is saved: a parameter name (an
  /// out pointer, e.g. KeRaiseIrql's OldIrql) or "return" (KfRaiseIrql).
  std::string SaveTo;
  /// Lower / Release: the parameter holding the IRQL to go back to
  /// (KeLowerIrql's NewIrql, KeReleaseSpinLock's NewIrql).
  std::string RestoreFrom;
  /// Release: the IRQL stays where it is (NdisDprReleaseSpinLock releases a
  /// lock taken at DISPATCH_LEVEL without raising); the others go back to
  /// the IRQL saved at the acquisition, unknown when that is not seen.
  bool KeepsIrql = false;
  /// Acquire / Release: the parameter naming the lock (or lock-state handle)
  /// that remembers the previous IRQL when no SaveTo/RestoreFrom is given
  /// (NdisAcquireSpinLock / NdisReleaseSpinLock).
  std::string Lock;
};

struct AllocationInfo {
  std::string Family; ///< e.g. "ndis-memory", "mdl", "shared-memory"
  /// Out parameter name, or "return"; empty when the resource is identified
  /// by an input argument instead (KeyedBy).
  std::string Result;
  /// The input parameter whose value identifies the resource when the DDI
  /// returns nothing that names it: a handle the resource is held against
  /// (NdisMAllocateMapRegisters' MiniportAdapterHandle) or the address of a
  /// caller-allocated object it initialises
  /// (NdisInitializeNPagedLookasideList's Lookaside). A free whose `param` has
  /// the same value releases it. Empty for result-identified allocations.
  std::string KeyedBy;
  /// What the memory is, for provenance: "nonpaged", "paged", "shared",
  /// "object" (a handle or descriptor, not memory the driver addresses), or a
  /// parameter-dependent kind decided by the engine ("pool-type").
  std::string Kind;

  bool keyed() const { return !KeyedBy.empty(); }
};

struct FreeInfo {
  std::string Family;
  std::string Param; ///< the parameter being freed
  /// Parameters that must equal the allocation's argument of the same name
  /// (taken as 0 when the allocating DDI has no such parameter), including
  /// the conditional ones of MustMatchUnlessZero.
  std::vector<std::string> MustMatch;
  /// Parameter -> allocation parameter: the parameter must match only when
  /// the allocation's argument of that name is non-zero (NdisFreeMemory's
  /// Length is ignored when the allocation's MemoryFlags is 0; an allocating
  /// DDI without that parameter counts as 0).
  std::map<std::string, std::string> MustMatchUnlessZero;

  /// Whether Param must match for an allocation whose argument named by the
  /// condition has this value (nullopt: no such argument, which counts as 0).
  bool mustMatch(std::string_view Param,
                 std::optional<int64_t> ConditionValue) const;
};

struct CallbackRegistration {
  std::string Param; ///< the parameter receiving the function pointer
  std::string Role;  ///< the role the function then runs in
};

struct ParamInfo {
  std::string Name;
  /// What the engine checks on it: "tag", "memory-flags",
  /// "highest-acceptable-address", "length", "nonpaged-address", "pool-handle",
  /// or empty.
  std::string Role;
};

struct DdiInfo {
  std::string Name;
  std::vector<std::string> Aliases; ///< kernel functions behind the macro
  std::vector<ParamInfo> Params;
  int NdisMin = 0; ///< first NDIS major version with it; 0 = any
  int NdisMax =
      0; ///< last NDIS major version with it; 0 = any (5 = NDIS 5 only)
  std::optional<Irql> MinIrql;
  Irql MaxIrql = Irql::High;
  std::vector<ConditionalIrql> IrqlWhen;
  std::optional<FlagTest> AllowedFlags;  ///< the only bits allowed
  std::optional<FlagTest> InitOnlyFlags; ///< bits allowed only in init phases
  std::vector<Phase> InitPhases; ///< phases where InitOnlyFlags are allowed
  bool InitOnlyFlagsMiniportOnly =
      false; ///< "Only miniport drivers can set ..."
  IrqlEffect Effect;
  std::optional<AllocationInfo> Allocates;
  std::optional<FreeInfo> Frees;
  std::optional<CallbackRegistration> Registers;
  std::vector<std::string> Requires; ///< driver states needed before the call
  std::string RequiresRule;          ///< rule id reported when one is missing
  std::vector<std::string> Provides; ///< driver states the call establishes
  std::string Rule; ///< rule id for its plain IRQL limit (default "ndis-irql")
  std::vector<Citation> Cites; ///< the documentation it rests on

  /// Index of the named parameter, or -1.
  int paramIndex(std::string_view ParamName) const;
  /// Index of the first parameter with this role, or -1.
  int paramWithRole(std::string_view Role) const;
};

/// A callback role: how a function registered or declared as it is entered.
struct RoleInfo {
  std::string Name;               ///< e.g. "miniport_initialize"
  std::vector<std::string> Types; ///< role typedefs, e.g. "MINIPORT_INITIALIZE"
  /// The IRQL it is entered at; absent when the documentation leaves it open
  /// ("See Remarks section" for MINIPORT_SHUTDOWN).
  std::optional<IrqlRange> Irql;
  /// The IRQL it is entered at in a serialized NDIS 5 miniport (one that does
  /// not declare itself deserialized, see ContractDb::Deserialized), when that
  /// is narrower than Irql; Irql then holds for deserialized miniports.
  std::optional<IrqlRange> IrqlSerialized;
  Phase PhaseOf = Phase::Runtime;
  std::string DriverKind; ///< "miniport", "protocol", "filter" or "any"
  std::vector<Citation> Cites;

  /// The range for a miniport that is (or is not) deserialized.
  std::optional<IrqlRange> irqlFor(bool Deserialized) const {
    return !Deserialized && IrqlSerialized ? IrqlSerialized : Irql;
  }
};

/// How an NDIS 5 miniport declares itself deserialized: a call of Ddi whose
/// argument When.Param has any of When's bits set (NdisMSetAttributesEx with
/// NDIS_ATTRIBUTE_DESERIALIZE in AttributeFlags).
struct DeserializationDecl {
  std::string Ddi;
  FlagTest When;
  std::vector<Citation> Cites;
};

/// A function-pointer field of a characteristics structure (NDIS 5 or 6)
/// whose assignment makes the function an entry point of the given role.
struct CharacteristicsField {
  std::string Struct; ///< the structure it belongs to
  std::string Field;
  std::string Role;
  /// Matched only when the assignment is to this structure, never by the
  /// field name alone (NDIS_WORK_ITEM.Routine: other structures have a
  /// Routine too).
  bool StructOnly = false;
  std::vector<Citation> Cites;
};

class ContractDb {
public:
  std::string SourcePath;
  std::vector<RuleInfo> Rules;
  std::vector<DdiInfo> Ddis;
  std::vector<RoleInfo> Roles;
  std::vector<CharacteristicsField> Fields;
  /// Macros whose definition marks a translation unit as an NDIS 6 driver.
  std::vector<std::string> Ndis6Macros;
  /// Macros a miniport driver defines before including ndis.h
  /// (NDIS51_MINIPORT): a translation unit that defines one is a
  /// miniport's, whether or not its entry points are in sight.
  std::vector<std::string> MiniportMacros;
  /// Flags whose test tells a handler it runs at DISPATCH_LEVEL
  /// (NDIS_SEND_FLAGS_DISPATCH_LEVEL): set means DISPATCH_LEVEL, clear means
  /// below it.
  std::vector<std::string> DispatchLevelFlags;
  std::map<std::string, uint64_t> Constants;
  /// How an NDIS 5 miniport declares itself deserialized; absent when the
  /// database does not say (then no role's IrqlSerialized can be told
  /// apart).
  std::optional<DeserializationDecl> Deserialized;
  /// What a message calls a family's resource ("memory", "MDL", "timer
  /// object"), by family name.
  std::map<std::string, std::string> FamilyNouns;

  /// The noun for Family's resources; the family name when the database
  /// has none.
  std::string familyNoun(const std::string &Family) const {
    auto It = FamilyNouns.find(Family);
    return It == FamilyNouns.end() ? Family : It->second;
  }

  /// Whether the family's resources are named by an argument (some
  /// allocating DDI has KeyedBy): a lookaside list, a timer, map registers.
  bool keyedFamily(std::string_view Family) const {
    return KeyedFamilies.count(Family) != 0;
  }

  /// The severity findings of Rule carry: the rule's, or "warning" for a
  /// rule the database does not have.
  std::string severityOf(std::string_view Rule) const;

  const DdiInfo *ddi(std::string_view NameOrAlias) const;
  const RoleInfo *role(std::string_view Name) const;
  const RoleInfo *roleForType(std::string_view TypedefName) const;
  /// The role registered by assigning to a field of this name, or null.
  /// Entries marked StructOnly are not found this way.
  const RoleInfo *roleForField(std::string_view FieldName) const;
  /// The same, preferring the entry of the first structure named in
  /// StructNames (filter, protocol and miniport structures share names).
  const RoleInfo *roleForField(const std::vector<std::string> &StructNames,
                               std::string_view FieldName) const;
  const RuleInfo *rule(std::string_view Id) const;
  int ruleIndex(std::string_view Id) const;

  /// Builds the lookup indexes; called by the loader.
  void index();

private:
  std::map<std::string, size_t, std::less<>> DdiIndex, RoleIndex, TypeIndex,
      FieldIndex, RuleIdx;
  std::set<std::string, std::less<>> KeyedFamilies;
};

/// Parses and validates a database. On failure returns false and sets Error to
/// "FILE:LINE:COL: error: WHAT" naming what was expected, for syntax errors,
/// wrong types, missing or unknown keys and dangling references (a DDI naming
/// a rule, role or parameter that does not exist).
bool parseContractDb(std::string_view Text, const std::string &Path,
                     ContractDb &Out, std::string &Error);
bool loadContractDb(const std::string &Path, ContractDb &Out,
                    std::string &Error);
/// The database built into the binary (rules/ndis-contracts.json at build
/// time).
bool loadBuiltinContractDb(ContractDb &Out, std::string &Error);

} // namespace ndischeck

#endif
