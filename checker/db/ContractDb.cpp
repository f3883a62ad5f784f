//===- ContractDb.cpp - Loads the NDIS contract database ------------------===//
//
// Reads rules/ndis-contracts.json with nlohmann/json and checks everything the
// engine relies on: types, allowed keys, and that every rule, role, parameter
// and constant a DDI names exists. nlohmann keeps no source positions, so on
// an error a small scanner walks the (already valid) text to the offending
// value and reports its line and column.
//
//===----------------------------------------------------------------------===//

#include "db/ContractDb.h"

#include "db/EngineRules.h"
#include "db/JsonLocator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

// Generated at build time from rules/ndis-contracts.json (checker/lib).
extern const char *const NdisCheckBuiltinContracts;

namespace ndischeck {

const char *phaseName(Phase P) {
  switch (P) {
  case Phase::DriverEntry:
    return "driver-entry";
  case Phase::Initialize:
    return "initialize";
  case Phase::Runtime:
    return "runtime";
  case Phase::Halt:
    return "halt";
  case Phase::Unload:
    return "unload";
  }
  return "?";
}

std::optional<Phase> parsePhase(std::string_view S) {
  for (Phase P : {Phase::DriverEntry, Phase::Initialize, Phase::Runtime,
                  Phase::Halt, Phase::Unload})
    if (S == phaseName(P))
      return P;
  return std::nullopt;
}

int DdiInfo::paramIndex(std::string_view ParamName) const {
  for (size_t I = 0; I < Params.size(); ++I)
    if (Params[I].Name == ParamName)
      return static_cast<int>(I);
  return -1;
}

bool FreeInfo::mustMatch(std::string_view Param,
                         std::optional<int64_t> ConditionValue) const {
  if (std::find(MustMatch.begin(), MustMatch.end(), Param) == MustMatch.end())
    return false;
  auto It = MustMatchUnlessZero.find(std::string(Param));
  if (It == MustMatchUnlessZero.end())
    return true;
  return ConditionValue.value_or(0) != 0;
}

int DdiInfo::paramWithRole(std::string_view Role) const {
  for (size_t I = 0; I < Params.size(); ++I)
    if (Params[I].Role == Role)
      return static_cast<int>(I);
  return -1;
}

template <typename T, typename Map>
static const T *lookup(const Map &Index, const std::vector<T> &Items,
                       std::string_view Key) {
  auto It = Index.find(Key);
  return It == Index.end() ? nullptr : &Items[It->second];
}

const DdiInfo *ContractDb::ddi(std::string_view NameOrAlias) const {
  return lookup(DdiIndex, Ddis, NameOrAlias);
}

const RoleInfo *ContractDb::role(std::string_view Name) const {
  return lookup(RoleIndex, Roles, Name);
}

const RoleInfo *ContractDb::roleForType(std::string_view TypedefName) const {
  return lookup(TypeIndex, Roles, TypedefName);
}

const RoleInfo *ContractDb::roleForField(std::string_view FieldName) const {
  const CharacteristicsField *F = lookup(FieldIndex, Fields, FieldName);
  return F ? role(F->Role) : nullptr;
}

const RoleInfo *
ContractDb::roleForField(const std::vector<std::string> &StructNames,
                         std::string_view FieldName) const {
  for (const std::string &S : StructNames)
    if (const CharacteristicsField *F =
            lookup(FieldIndex, Fields, S + "." + std::string(FieldName)))
      return role(F->Role);
  return roleForField(FieldName);
}

const RuleInfo *ContractDb::rule(std::string_view Id) const {
  return lookup(RuleIdx, Rules, Id);
}

int ContractDb::ruleIndex(std::string_view Id) const {
  auto It = RuleIdx.find(Id);
  return It == RuleIdx.end() ? -1 : static_cast<int>(It->second);
}

void ContractDb::index() {
  DdiIndex.clear();
  RoleIndex.clear();
  TypeIndex.clear();
  FieldIndex.clear();
  RuleIdx.clear();
  KeyedFamilies.clear();
  for (const DdiInfo &D : Ddis)
    if (D.Allocates && D.Allocates->keyed())
      KeyedFamilies.insert(D.Allocates->Family);
  // emplace keeps the first entry; the loader rejects duplicates anyway.
  for (size_t I = 0; I < Ddis.size(); ++I) {
    DdiIndex.emplace(Ddis[I].Name, I);
    for (const std::string &A : Ddis[I].Aliases)
      DdiIndex.emplace(A, I);
  }
  for (size_t I = 0; I < Roles.size(); ++I) {
    RoleIndex.emplace(Roles[I].Name, I);
    for (const std::string &T : Roles[I].Types)
      TypeIndex.emplace(T, I);
  }
  // By "Struct.Field", and by field name alone for structures the driver
  // names differently (the first entry of a shared field name wins).
  for (size_t I = 0; I < Fields.size(); ++I) {
    FieldIndex.emplace(Fields[I].Struct + "." + Fields[I].Field, I);
    if (!Fields[I].StructOnly)
      FieldIndex.emplace(Fields[I].Field, I);
  }
  for (size_t I = 0; I < Rules.size(); ++I)
    RuleIdx.emplace(Rules[I].Id, I);
}

namespace {

using json = nlohmann::json;

std::string join(const std::vector<std::string> &Items) {
  std::string S;
  for (const std::string &Item : Items)
    S += (S.empty() ? "" : ", ") + Item;
  return S;
}

const char *const IrqlNames =
    "PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DIRQL or HIGH_LEVEL";

/// Turns the JSON document into a ContractDb, stopping at the first error.
class Loader {
public:
  Loader(std::string_view T, const std::string &F, std::string &E)
      : Text(T), File(F), Error(E), Scan(T) {}

  bool load(ContractDb &Out);

private:
  std::string_view Text;
  const std::string &File;
  std::string &Error;
  JsonLocator Scan;
  ContractDb Db;
  /// Where each name was first defined, for "duplicate" messages.
  std::map<std::string, JsonPath> DdiNames, RoleNames, TypeNames, FieldNames,
      RuleIds;

  std::string position(size_t Offset) const { return lineColumn(Text, Offset); }
  std::string where(const JsonPath &P, bool AtKey = false) {
    return position(Scan.find(P, AtKey));
  }
  bool failAt(size_t Offset, const std::string &Msg) {
    Error = File + ":" + position(Offset) + ": error: " + Msg;
    return false;
  }
  bool fail(const JsonPath &P, const std::string &Msg, bool AtKey = false) {
    return failAt(Scan.find(P, AtKey), Msg);
  }

  // Shape checks. Each reports its own error and returns false.
  bool checkObject(const json &J, const JsonPath &P, const std::string &What,
                   std::initializer_list<const char *> Allowed,
                   std::initializer_list<const char *> Required);
  bool checkArray(const json &J, const JsonPath &P, const std::string &What);
  bool getString(const json &Obj, const JsonPath &P, const char *Key,
                 std::string &Out, bool NonEmpty = true);
  bool getStringList(const json &Obj, const JsonPath &P, const char *Key,
                     std::vector<std::string> &Out);
  bool getInt(const json &Obj, const JsonPath &P, const char *Key, int &Out);
  bool getBool(const json &Obj, const JsonPath &P, const char *Key, bool &Out);
  bool getIrql(const json &Obj, const JsonPath &P, const char *Key, Irql &Out);
  bool getIrqlRange(const json &J, const JsonPath &P, IrqlRange &Out);
  bool getRoleIrql(const json &Obj, const JsonPath &P, const char *Key,
                   std::optional<IrqlRange> &Out);
  bool getCites(const json &Obj, const JsonPath &P, std::vector<Citation> &Out);
  bool loadMustMatch(const DdiInfo &D, const json &J, const JsonPath &P,
                     FreeInfo &F);
  bool getPhase(const json &Obj, const JsonPath &P, const char *Key,
                Phase &Out);
  bool getEnum(const json &Obj, const JsonPath &P, const char *Key,
               std::initializer_list<const char *> Values, std::string &Out);
  bool getBits(const json &Obj, const JsonPath &P, const char *Key,
               FlagTest &Out);
  bool getParam(const DdiInfo &D, const json &Obj, const JsonPath &P,
                const char *Key, std::string &Out, bool AllowReturn = false);
  bool checkRole(const std::string &Name, const JsonPath &P);
  bool checkUnique(std::map<std::string, JsonPath> &Seen,
                   const std::string &Name, const JsonPath &P,
                   const std::string &What);

  bool loadRoot(const json &Root);
  bool loadConstants(const json &J, const JsonPath &P);
  bool loadRule(const json &J, const JsonPath &P);
  bool loadRole(const json &J, const JsonPath &P);
  bool loadDdi(const json &J, const JsonPath &P);
  bool loadEffect(DdiInfo &D, const json &J, const JsonPath &P);
  bool loadField(const json &J, const JsonPath &P);
  bool loadDeserialized(const json &J, const JsonPath &P);
  bool checkStatesAndFamilies(const JsonPath &P);
  bool checkNames(const JsonPath &P);
  bool checkEngineRules(const JsonPath &P);
};

bool Loader::checkObject(const json &J, const JsonPath &P,
                         const std::string &What,
                         std::initializer_list<const char *> Allowed,
                         std::initializer_list<const char *> Required) {
  if (!J.is_object())
    return fail(P, What + " must be an object, not " + J.type_name());
  for (auto It = J.begin(); It != J.end(); ++It) {
    bool Known = false;
    for (const char *A : Allowed)
      Known |= It.key() == A;
    if (Known)
      continue;
    std::vector<std::string> Names(Allowed.begin(), Allowed.end());
    return fail(P / It.key(),
                "unknown key '" + It.key() + "' in " + What +
                    "; allowed keys: " + join(Names),
                /*AtKey=*/true);
  }
  for (const char *R : Required)
    if (!J.contains(R))
      return fail(P, What + " is missing required key '" + R + "'");
  return true;
}

bool Loader::checkArray(const json &J, const JsonPath &P,
                        const std::string &What) {
  if (!J.is_array())
    return fail(P, What + " must be an array, not " + J.type_name());
  return true;
}

bool Loader::getString(const json &Obj, const JsonPath &P, const char *Key,
                       std::string &Out, bool NonEmpty) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return true;
  if (!It->is_string())
    return fail(P / Key, std::string("'") + Key + "' must be a string, not " +
                             It->type_name());
  Out = It->get<std::string>();
  if (NonEmpty && Out.empty())
    return fail(P / Key, std::string("'") + Key + "' must not be empty");
  return true;
}

bool Loader::getStringList(const json &Obj, const JsonPath &P, const char *Key,
                           std::vector<std::string> &Out) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return true;
  if (!checkArray(*It, P / Key, std::string("'") + Key + "'"))
    return false;
  for (size_t K = 0; K < It->size(); ++K) {
    const json &E = (*It)[K];
    if (!E.is_string() || E.get_ref<const std::string &>().empty())
      return fail(P / Key / K, std::string("elements of '") + Key +
                                   "' must be non-empty strings, not " +
                                   (E.is_string() ? "\"\"" : E.type_name()));
    Out.push_back(E.get<std::string>());
  }
  return true;
}

bool Loader::getInt(const json &Obj, const JsonPath &P, const char *Key,
                    int &Out) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return true;
  if (!It->is_number_integer() || It->get<long long>() < 1 ||
      It->get<long long>() > 1000)
    return fail(P / Key,
                std::string("'") + Key + "' must be a positive integer");
  Out = It->get<int>();
  return true;
}

bool Loader::getBool(const json &Obj, const JsonPath &P, const char *Key,
                     bool &Out) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return true;
  if (!It->is_boolean())
    return fail(P / Key, std::string("'") + Key +
                             "' must be true or false, not " + It->type_name());
  Out = It->get<bool>();
  return true;
}

bool Loader::getIrql(const json &Obj, const JsonPath &P, const char *Key,
                     Irql &Out) {
  std::string S;
  if (!getString(Obj, P, Key, S, /*NonEmpty=*/false))
    return false;
  if (!Obj.contains(Key))
    return true;
  std::optional<Irql> L = parseIrql(S);
  if (!L)
    return fail(P / Key, "unknown IRQL '" + S + "'; expected " + IrqlNames);
  Out = *L;
  return true;
}

bool Loader::getIrqlRange(const json &J, const JsonPath &P, IrqlRange &Out) {
  if (!checkObject(J, P, "IRQL range", {"min", "max"}, {}) ||
      !getIrql(J, P, "min", Out.Lo) || !getIrql(J, P, "max", Out.Hi))
    return false;
  if (Out.Lo > Out.Hi)
    return fail(P, std::string("IRQL range is empty: min ") + irqlName(Out.Lo) +
                       " is above max " + irqlName(Out.Hi));
  return true;
}

/// A role's IRQL: "LEVEL" (exactly) or {min, max}.
bool Loader::getRoleIrql(const json &Obj, const JsonPath &P, const char *Key,
                         std::optional<IrqlRange> &Out) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return true;
  if (It->is_string()) {
    Irql L = Irql::Passive;
    if (!getIrql(Obj, P, Key, L))
      return false;
    Out = IrqlRange::exactly(L);
    return true;
  }
  if (!It->is_object())
    return fail(P / Key, std::string("'") + Key +
                             "' must be an IRQL name or an object {min, "
                             "max}, not " +
                             It->type_name());
  IrqlRange Range;
  if (!getIrqlRange(*It, P / Key, Range))
    return false;
  Out = Range;
  return true;
}

bool Loader::getCites(const json &Obj, const JsonPath &P,
                      std::vector<Citation> &Out) {
  auto It = Obj.find("cites");
  if (It == Obj.end())
    return true;
  if (!checkArray(*It, P / "cites", "'cites'"))
    return false;
  for (size_t K = 0; K < It->size(); ++K) {
    const json &C = (*It)[K];
    JsonPath CP = P / "cites" / K;
    Citation Cite;
    if (!checkObject(C, CP, "citation", {"ddi", "seed", "url", "text"},
                     {"ddi", "text"}) ||
        !getString(C, CP, "ddi", Cite.Ddi) ||
        !getString(C, CP, "seed", Cite.Seed) ||
        !getString(C, CP, "url", Cite.Url) ||
        !getString(C, CP, "text", Cite.Text))
      return false;
    if (Cite.Seed.empty() && Cite.Url.empty())
      return fail(CP, "a citation needs 'seed' (a page in rules/seeds/) or "
                      "'url' (the page it quotes)");
    if (!Cite.Url.empty() && Cite.Url.rfind("https://", 0) != 0 &&
        Cite.Url.rfind("http://", 0) != 0)
      return fail(CP / "url",
                  "'url' must be an http(s) address, not '" + Cite.Url + "'");
    Out.push_back(std::move(Cite));
  }
  return true;
}

bool Loader::getPhase(const json &Obj, const JsonPath &P, const char *Key,
                      Phase &Out) {
  std::string S;
  if (!getString(Obj, P, Key, S, /*NonEmpty=*/false))
    return false;
  if (!Obj.contains(Key))
    return true;
  std::optional<Phase> Ph = parsePhase(S);
  if (!Ph)
    return fail(P / Key, "unknown phase '" + S +
                             "'; expected driver-entry, initialize, runtime, "
                             "halt or unload");
  Out = *Ph;
  return true;
}

bool Loader::getEnum(const json &Obj, const JsonPath &P, const char *Key,
                     std::initializer_list<const char *> Values,
                     std::string &Out) {
  std::string S;
  if (!getString(Obj, P, Key, S, /*NonEmpty=*/false))
    return false;
  if (!Obj.contains(Key))
    return true;
  for (const char *V : Values)
    if (S == V) {
      Out = S;
      return true;
    }
  std::vector<std::string> Names(Values.begin(), Values.end());
  return fail(P / Key, "unknown " + std::string(Key) + " '" + S +
                           "'; expected one of " + join(Names));
}

bool Loader::getBits(const json &Obj, const JsonPath &P, const char *Key,
                     FlagTest &Out) {
  if (!getStringList(Obj, P, Key, Out.BitNames))
    return false;
  for (size_t K = 0; K < Out.BitNames.size(); ++K) {
    const std::string &Name = Out.BitNames[K];
    auto It = Db.Constants.find(Name);
    if (It == Db.Constants.end())
      return fail(P / Key / K,
                  "unknown constant '" + Name + "' (not in \"constants\")");
    if (It->second == 0)
      return fail(P / Key / K,
                  "constant '" + Name + "' is 0 and cannot be tested as a bit");
    Out.Mask |= It->second;
  }
  return true;
}

bool Loader::getParam(const DdiInfo &D, const json &Obj, const JsonPath &P,
                      const char *Key, std::string &Out, bool AllowReturn) {
  if (!getString(Obj, P, Key, Out))
    return false;
  if (Out.empty() || D.paramIndex(Out) >= 0 || (AllowReturn && Out == "return"))
    return true;
  std::vector<std::string> Names;
  for (const ParamInfo &Param : D.Params)
    Names.push_back(Param.Name);
  return fail(P / Key,
              "unknown parameter '" + Out + "' of " + D.Name +
                  (Names.empty() ? " (it has no parameters)"
                                 : "; its parameters are: " + join(Names)) +
                  (AllowReturn ? ", or \"return\"" : ""));
}

bool Loader::checkRole(const std::string &Name, const JsonPath &P) {
  if (Db.role(Name))
    return true;
  return fail(P, "unknown role '" + Name + "' (not in \"roles\")");
}

bool Loader::checkUnique(std::map<std::string, JsonPath> &Seen,
                         const std::string &Name, const JsonPath &P,
                         const std::string &What) {
  auto [It, New] = Seen.emplace(Name, P);
  if (New)
    return true;
  return fail(P, "duplicate " + What + " '" + Name + "' (first at " + File +
                     ":" + where(It->second) + ")");
}

bool Loader::load(ContractDb &Out) {
  if (std::optional<size_t> At = firstOverNested(Text))
    return failAt(*At, "nested deeper than " + std::to_string(MaxJsonNesting) +
                           " levels; a contract database needs 6");
  json Root;
  try {
    Root = json::parse(Text.begin(), Text.end());
  } catch (const json::parse_error &E) {
    // E.byte counts the characters read, the offending one included.
    std::string Msg = E.what();
    size_t Col = Msg.find("column ");
    size_t Colon = Msg.find(": ", Col == std::string::npos ? 0 : Col);
    if (Colon != std::string::npos)
      Msg = Msg.substr(Colon + 2);
    return failAt(E.byte ? E.byte - 1 : 0, "invalid JSON: " + Msg);
  } catch (const std::exception &E) {
    return failAt(0, std::string("invalid JSON: ") + E.what());
  }
  std::string Dup;
  if (std::optional<size_t> At = Scan.firstDuplicateKey(Dup))
    return failAt(*At, "duplicate key '" + Dup + "'");
  try {
    if (!loadRoot(Root))
      return false;
  } catch (const std::exception &E) {
    // Every access is type-checked first; this is a safety net.
    return failAt(0, std::string("internal error: ") + E.what());
  }
  Db.SourcePath = File;
  Db.index();
  Out = std::move(Db);
  return true;
}

bool Loader::loadRoot(const json &Root) {
  JsonPath P;
  if (!checkObject(Root, P, "the contract database",
                   {"$schema", "version", "constants", "ndis6Macros",
                    "miniportMacros", "dispatchLevelFlags", "rules", "ddis",
                    "roles", "characteristics", "deserialized", "familyNouns"},
                   {"version"}))
    return false;
  const json &V = Root["version"];
  if (!V.is_number_integer() || V.get<long long>() != 1)
    return fail(P / "version", "unsupported version " + V.dump() +
                                   "; this NdisCheck reads version 1");
  std::string Ignored;
  if (!getString(Root, P, "$schema", Ignored, false) ||
      !getStringList(Root, P, "ndis6Macros", Db.Ndis6Macros) ||
      !getStringList(Root, P, "miniportMacros", Db.MiniportMacros) ||
      !getStringList(Root, P, "dispatchLevelFlags", Db.DispatchLevelFlags))
    return false;
  if (Root.contains("constants") &&
      !loadConstants(Root["constants"], P / "constants"))
    return false;
  if (Root.contains("familyNouns")) {
    const json &N = Root["familyNouns"];
    if (!N.is_object())
      return fail(P / "familyNouns",
                  std::string("'familyNouns' must be an object, not ") +
                      N.type_name());
    for (auto It = N.begin(); It != N.end(); ++It) {
      if (!It->is_string() || It->get<std::string>().empty())
        return fail(P / "familyNouns" / It.key(),
                    "the noun of family '" + It.key() +
                        "' must be a non-empty string");
      Db.FamilyNouns[It.key()] = It->get<std::string>();
    }
  }
  for (size_t K = 0; K < Db.DispatchLevelFlags.size(); ++K)
    if (!Db.Constants.count(Db.DispatchLevelFlags[K]))
      return fail(P / "dispatchLevelFlags" / K, "unknown constant '" +
                                                    Db.DispatchLevelFlags[K] +
                                                    "' (not in \"constants\")");

  // Rules and roles first: DDIs and fields refer to them.
  using Member = bool (Loader::*)(const json &, const JsonPath &);
  const std::pair<const char *, Member> Sections[] = {
      {"rules", &Loader::loadRule},
      {"roles", &Loader::loadRole},
      {"ddis", &Loader::loadDdi},
      {"characteristics", &Loader::loadField}};
  for (const auto &[Key, Load] : Sections) {
    if (!Root.contains(Key))
      continue;
    const json &Items = Root[Key];
    if (!checkArray(Items, P / Key, std::string("'") + Key + "'"))
      return false;
    for (size_t K = 0; K < Items.size(); ++K)
      if (!(this->*Load)(Items[K], P / Key / K))
        return false;
    Db.index();
  }
  if (Root.contains("deserialized") &&
      !loadDeserialized(Root["deserialized"], P / "deserialized"))
    return false;
  return checkStatesAndFamilies(P / "ddis") && checkNames(P) &&
         checkEngineRules(P);
}

bool Loader::loadConstants(const json &J, const JsonPath &P) {
  if (!J.is_object())
    return fail(P, std::string("'constants' must be an object, not ") +
                       J.type_name());
  for (auto It = J.begin(); It != J.end(); ++It) {
    if (!It->is_number_unsigned() &&
        !(It->is_number_integer() && It->get<long long>() >= 0))
      return fail(P / It.key(),
                  "constant '" + It.key() + "' must be a non-negative integer");
    Db.Constants[It.key()] = It->get<uint64_t>();
  }
  return true;
}

bool Loader::loadRule(const json &J, const JsonPath &P) {
  RuleInfo R;
  if (!checkObject(J, P, "rule",
                   {"id", "name", "severity", "short", "full", "help", "cites"},
                   {"id", "name", "severity", "short", "full", "help"}) ||
      !getString(J, P, "id", R.Id) || !getString(J, P, "name", R.Name) ||
      !getEnum(J, P, "severity", {"error", "warning", "note"}, R.Severity) ||
      !getString(J, P, "short", R.Short) || !getString(J, P, "full", R.Full) ||
      !getString(J, P, "help", R.Help) ||
      !checkUnique(RuleIds, R.Id, P / "id", "rule id") ||
      !getCites(J, P, R.Cites))
    return false;
  Db.Rules.push_back(std::move(R));
  return true;
}

bool Loader::loadRole(const json &J, const JsonPath &P) {
  RoleInfo R;
  R.DriverKind = "any";
  if (!checkObject(J, P, "role",
                   {"name", "types", "irql", "irqlSerialized", "phase",
                    "driverKind", "cites", "note"},
                   {"name"}) ||
      !getString(J, P, "name", R.Name) ||
      !checkUnique(RoleNames, R.Name, P / "name", "role") ||
      !getStringList(J, P, "types", R.Types) ||
      !getPhase(J, P, "phase", R.PhaseOf) ||
      !getEnum(J, P, "driverKind", {"miniport", "protocol", "filter", "any"},
               R.DriverKind))
    return false;
  std::string Note;
  if (!getString(J, P, "note", Note, false))
    return false;
  for (size_t K = 0; K < R.Types.size(); ++K)
    if (!checkUnique(TypeNames, R.Types[K], P / "types" / K, "role type"))
      return false;
  if (!getRoleIrql(J, P, "irql", R.Irql) ||
      !getRoleIrql(J, P, "irqlSerialized", R.IrqlSerialized) ||
      !getCites(J, P, R.Cites))
    return false;
  if (R.IrqlSerialized) {
    // The serialized range narrows the role's range; only NDIS 5 miniports
    // are serialized.
    if (R.DriverKind != "miniport")
      return fail(P / "irqlSerialized",
                  "'irqlSerialized' applies only to miniport roles (driverKind "
                  "\"miniport\"), not " +
                      R.DriverKind,
                  /*AtKey=*/true);
    if (!R.Irql)
      return fail(P / "irqlSerialized",
                  "'irqlSerialized' needs 'irql', the range of a deserialized "
                  "miniport",
                  /*AtKey=*/true);
    if (R.IrqlSerialized->Lo < R.Irql->Lo || R.IrqlSerialized->Hi > R.Irql->Hi)
      return fail(P / "irqlSerialized",
                  "'irqlSerialized' " + R.IrqlSerialized->str() +
                      " is not within the role's 'irql' " + R.Irql->str());
  }
  Db.Roles.push_back(std::move(R));
  return true;
}

bool Loader::loadDdi(const json &J, const JsonPath &P) {
  DdiInfo D;
  D.Rule = "ndis-irql";
  if (!checkObject(J, P, "ddi",
                   {"name", "aliases", "params", "ndis", "irql", "irqlWhen",
                    "allowedFlags", "initOnlyFlags", "irqlEffect", "allocates",
                    "frees", "registers", "requires", "requiresRule",
                    "provides", "rule", "cites", "note"},
                   {"name", "params"}) ||
      !getString(J, P, "name", D.Name) ||
      !checkUnique(DdiNames, D.Name, P / "name", "DDI name") ||
      !getStringList(J, P, "aliases", D.Aliases))
    return false;
  const std::string What = "ddi '" + D.Name + "'";
  for (size_t K = 0; K < D.Aliases.size(); ++K)
    if (!checkUnique(DdiNames, D.Aliases[K], P / "aliases" / K, "DDI name"))
      return false;

  const json &Params = J["params"];
  if (!checkArray(Params, P / "params", "'params'"))
    return false;
  for (size_t K = 0; K < Params.size(); ++K) {
    JsonPath PP = P / "params" / K;
    ParamInfo Param;
    if (!checkObject(Params[K], PP, "parameter", {"name", "role"}, {"name"}) ||
        !getString(Params[K], PP, "name", Param.Name) ||
        !getEnum(Params[K], PP, "role",
                 {"tag", "memory-flags", "highest-acceptable-address", "length",
                  "nonpaged-address", "pool-handle", "pool-type", "pool-flags",
                  "context", "handed-on", "owned"},
                 Param.Role))
      return false;
    if (D.paramIndex(Param.Name) >= 0)
      return fail(PP / "name",
                  "duplicate parameter '" + Param.Name + "' of " + D.Name);
    D.Params.push_back(std::move(Param));
  }

  if (auto It = J.find("ndis"); It != J.end()) {
    if (!checkObject(*It, P / "ndis", "'ndis'", {"min", "max"}, {}) ||
        !getInt(*It, P / "ndis", "min", D.NdisMin) ||
        !getInt(*It, P / "ndis", "max", D.NdisMax))
      return false;
    if (D.NdisMin && D.NdisMax && D.NdisMin > D.NdisMax)
      return fail(P / "ndis", "NDIS version range is empty: min " +
                                  std::to_string(D.NdisMin) + " > max " +
                                  std::to_string(D.NdisMax));
  }
  if (auto It = J.find("irql"); It != J.end()) {
    IrqlRange Range;
    if (!getIrqlRange(*It, P / "irql", Range))
      return false;
    if (It->contains("min"))
      D.MinIrql = Range.Lo;
    D.MaxIrql = Range.Hi;
  }
  if (auto It = J.find("irqlWhen"); It != J.end()) {
    if (!checkArray(*It, P / "irqlWhen", "'irqlWhen'"))
      return false;
    for (size_t K = 0; K < It->size(); ++K) {
      const json &C = (*It)[K];
      JsonPath CP = P / "irqlWhen" / K;
      ConditionalIrql Cond;
      if (!checkObject(C, CP, "irqlWhen entry", {"param", "anyBits", "max"},
                       {"param", "anyBits", "max"}) ||
          !getParam(D, C, CP, "param", Cond.When.Param) ||
          !getBits(C, CP, "anyBits", Cond.When) ||
          !getIrql(C, CP, "max", Cond.Max))
        return false;
      D.IrqlWhen.push_back(std::move(Cond));
    }
  }
  if (auto It = J.find("allowedFlags"); It != J.end()) {
    JsonPath FP = P / "allowedFlags";
    FlagTest F;
    if (!checkObject(*It, FP, "'allowedFlags'", {"param", "bits"},
                     {"param", "bits"}) ||
        !getParam(D, *It, FP, "param", F.Param) || !getBits(*It, FP, "bits", F))
      return false;
    D.AllowedFlags = std::move(F);
  }
  if (auto It = J.find("initOnlyFlags"); It != J.end()) {
    JsonPath FP = P / "initOnlyFlags";
    FlagTest F;
    std::vector<std::string> Phases;
    if (!checkObject(*It, FP, "'initOnlyFlags'",
                     {"param", "anyBits", "phases", "miniportOnly"},
                     {"param", "anyBits", "phases"}) ||
        !getParam(D, *It, FP, "param", F.Param) ||
        !getBits(*It, FP, "anyBits", F) ||
        !getStringList(*It, FP, "phases", Phases) ||
        !getBool(*It, FP, "miniportOnly", D.InitOnlyFlagsMiniportOnly))
      return false;
    for (size_t K = 0; K < Phases.size(); ++K) {
      std::optional<Phase> Ph = parsePhase(Phases[K]);
      if (!Ph)
        return fail(FP / "phases" / K,
                    "unknown phase '" + Phases[K] +
                        "'; expected driver-entry, initialize, runtime, halt "
                        "or unload");
      D.InitPhases.push_back(*Ph);
    }
    D.InitOnlyFlags = std::move(F);
  }
  if (auto It = J.find("irqlEffect"); It != J.end())
    if (!loadEffect(D, *It, P / "irqlEffect"))
      return false;
  if (auto It = J.find("allocates"); It != J.end()) {
    JsonPath AP = P / "allocates";
    AllocationInfo A;
    if (!checkObject(*It, AP, "'allocates'",
                     {"family", "result", "keyedBy", "kind"},
                     {"family", "kind"}) ||
        !getString(*It, AP, "family", A.Family) ||
        !getParam(D, *It, AP, "result", A.Result, /*AllowReturn=*/true) ||
        !getParam(D, *It, AP, "keyedBy", A.KeyedBy) ||
        !getEnum(*It, AP, "kind",
                 {"nonpaged", "paged", "shared", "object", "pool-type"},
                 A.Kind))
      return false;
    if (A.Result.empty() == A.KeyedBy.empty())
      return fail(AP, "'allocates' needs exactly one of 'result' (the out "
                      "parameter or \"return\" that names the resource) and "
                      "'keyedBy' (the input parameter that identifies it)");
    D.Allocates = std::move(A);
  }
  if (auto It = J.find("frees"); It != J.end()) {
    JsonPath FP = P / "frees";
    FreeInfo F;
    if (!checkObject(*It, FP, "'frees'", {"family", "param", "mustMatch"},
                     {"family", "param"}) ||
        !getString(*It, FP, "family", F.Family) ||
        !getParam(D, *It, FP, "param", F.Param) ||
        !loadMustMatch(D, *It, FP, F))
      return false;
    D.Frees = std::move(F);
  }
  if (auto It = J.find("registers"); It != J.end()) {
    JsonPath RP = P / "registers";
    CallbackRegistration R;
    if (!checkObject(*It, RP, "'registers'", {"param", "role"},
                     {"param", "role"}) ||
        !getParam(D, *It, RP, "param", R.Param) ||
        !getString(*It, RP, "role", R.Role) || !checkRole(R.Role, RP / "role"))
      return false;
    D.Registers = std::move(R);
  }
  std::string Note;
  if (!getStringList(J, P, "requires", D.Requires) ||
      !getString(J, P, "requiresRule", D.RequiresRule, false) ||
      !getStringList(J, P, "provides", D.Provides) ||
      !getString(J, P, "rule", D.Rule) ||
      !getString(J, P, "note", Note, false) || !getCites(J, P, D.Cites))
    return false;
  if (!Db.rule(D.Rule))
    return fail(J.contains("rule") ? P / "rule" : P,
                What + " reports under rule '" + D.Rule +
                    "', which is not in \"rules\"");
  if (!D.Requires.empty() && !Db.rule(D.RequiresRule))
    return fail(J.contains("requiresRule") ? P / "requiresRule" : P,
                What + " has \"requires\" and needs \"requiresRule\": a rule "
                       "id from \"rules\" to report a missing state under");
  Db.Ddis.push_back(std::move(D));
  return true;
}

/// "mustMatch": ["MemoryFlags", {"param": "Length", "unlessZero":
/// "MemoryFlags"}]. The condition names a parameter of the allocating DDIs,
/// checked with the families in checkStatesAndFamilies.
bool Loader::loadMustMatch(const DdiInfo &D, const json &J, const JsonPath &P,
                           FreeInfo &F) {
  auto It = J.find("mustMatch");
  if (It == J.end())
    return true;
  JsonPath MP = P / "mustMatch";
  if (!checkArray(*It, MP, "'mustMatch'"))
    return false;
  for (size_t K = 0; K < It->size(); ++K) {
    const json &E = (*It)[K];
    JsonPath EP = MP / K;
    std::string Param, Unless;
    if (E.is_string()) {
      Param = E.get<std::string>();
      if (Param.empty())
        return fail(EP, "elements of 'mustMatch' must be parameter names or "
                        "objects {param, unlessZero}, not \"\"");
    } else if (E.is_object()) {
      if (!checkObject(E, EP, "mustMatch entry", {"param", "unlessZero"},
                       {"param", "unlessZero"}) ||
          !getString(E, EP, "param", Param) ||
          !getString(E, EP, "unlessZero", Unless))
        return false;
      EP = EP / "param";
    } else {
      return fail(EP, std::string("elements of 'mustMatch' must be parameter "
                                  "names or objects {param, unlessZero}, "
                                  "not ") +
                          E.type_name());
    }
    if (D.paramIndex(Param) < 0)
      return fail(EP, "unknown parameter '" + Param + "' of " + D.Name);
    if (std::find(F.MustMatch.begin(), F.MustMatch.end(), Param) !=
        F.MustMatch.end())
      return fail(EP, "parameter '" + Param + "' appears twice in 'mustMatch'");
    F.MustMatch.push_back(Param);
    if (!Unless.empty())
      F.MustMatchUnlessZero[Param] = Unless;
  }
  return true;
}

bool Loader::loadEffect(DdiInfo &D, const json &J, const JsonPath &P) {
  IrqlEffect &E = D.Effect;
  std::string Kind;
  if (!checkObject(J, P, "'irqlEffect'",
                   {"kind", "to", "toParam", "saveTo", "restoreFrom", "lock",
                    "keepsIrql"},
                   {"kind"}) ||
      !getEnum(J, P, "kind", {"raise", "lower", "acquire", "release", "query"},
               Kind) ||
      !getParam(D, J, P, "toParam", E.ToParam) ||
      !getParam(D, J, P, "saveTo", E.SaveTo, /*AllowReturn=*/true) ||
      !getParam(D, J, P, "restoreFrom", E.RestoreFrom) ||
      !getParam(D, J, P, "lock", E.Lock))
    return false;
  if (J.contains("to")) {
    Irql To = Irql::High;
    if (!getIrql(J, P, "to", To))
      return false;
    E.To = To;
  }
  E.K = Kind == "raise"     ? IrqlEffect::Raise
        : Kind == "lower"   ? IrqlEffect::Lower
        : Kind == "acquire" ? IrqlEffect::Acquire
        : Kind == "query"   ? IrqlEffect::Query
                            : IrqlEffect::Release;
  if (J.contains("keepsIrql")) {
    if (E.K != IrqlEffect::Release)
      return fail(P / "keepsIrql",
                  "'keepsIrql' applies only to release, not " + Kind, true);
    if (!J["keepsIrql"].is_boolean())
      return fail(P / "keepsIrql", "'keepsIrql' must be true or false", true);
    E.KeepsIrql = J["keepsIrql"].get<bool>();
  }
  if (E.K == IrqlEffect::Query) {
    for (const char *Key : {"to", "toParam", "saveTo", "restoreFrom", "lock"})
      if (J.contains(Key))
        return fail(P / Key,
                    std::string("'") + Key +
                        "' does not apply to a query of the current IRQL",
                    true);
    return true;
  }
  bool Up = E.K == IrqlEffect::Raise || E.K == IrqlEffect::Acquire;
  bool Lock = E.K == IrqlEffect::Acquire || E.K == IrqlEffect::Release;
  // Keys that make no sense for the kind are mistakes, not decoration.
  for (const char *Key : {"to", "toParam", "saveTo"})
    if (!Up && J.contains(Key))
      return fail(P / Key,
                  std::string("'") + Key +
                      "' applies only to raise "
                      "and acquire, not " +
                      Kind,
                  true);
  if (Up && J.contains("restoreFrom"))
    return fail(P / "restoreFrom",
                "'restoreFrom' applies only to lower and release, not " + Kind,
                true);
  if (!Lock && J.contains("lock"))
    return fail(P / "lock",
                "'lock' applies only to acquire and release, not " + Kind,
                true);
  if (E.K == IrqlEffect::Raise && !E.To && E.ToParam.empty())
    return fail(P, "a raise needs 'to' or 'toParam'");
  if (E.K == IrqlEffect::Lower && E.RestoreFrom.empty())
    return fail(P, "a lower needs 'restoreFrom'");
  if (Lock && E.Lock.empty() && E.SaveTo.empty() && E.RestoreFrom.empty())
    return fail(P, "an " + Kind + " needs 'lock'" +
                       (E.K == IrqlEffect::Acquire ? " or 'saveTo'"
                                                   : " or 'restoreFrom'"));
  return true;
}

bool Loader::loadField(const json &J, const JsonPath &P) {
  CharacteristicsField F;
  std::string Note;
  if (!checkObject(J, P, "characteristics field",
                   {"struct", "field", "role", "structOnly", "cites", "note"},
                   {"struct", "field", "role"}) ||
      !getString(J, P, "struct", F.Struct) ||
      !getString(J, P, "field", F.Field) || !getString(J, P, "role", F.Role) ||
      !getBool(J, P, "structOnly", F.StructOnly) || !getCites(J, P, F.Cites) ||
      !getString(J, P, "note", Note, false) ||
      !checkUnique(FieldNames, F.Struct + "." + F.Field, P / "field",
                   "characteristics field") ||
      !checkRole(F.Role, P / "role"))
    return false;
  Db.Fields.push_back(std::move(F));
  return true;
}

bool Loader::loadDeserialized(const json &J, const JsonPath &P) {
  DeserializationDecl Decl;
  std::string Note;
  if (!checkObject(J, P, "'deserialized'",
                   {"ddi", "param", "anyBits", "cites", "note"},
                   {"ddi", "param", "anyBits"}) ||
      !getString(J, P, "ddi", Decl.Ddi) ||
      !getString(J, P, "note", Note, false) || !getCites(J, P, Decl.Cites))
    return false;
  const DdiInfo *D = Db.ddi(Decl.Ddi);
  if (!D)
    return fail(P / "ddi", "unknown DDI '" + Decl.Ddi + "' (not in \"ddis\")");
  if (!getParam(*D, J, P, "param", Decl.When.Param) ||
      !getBits(J, P, "anyBits", Decl.When))
    return false;
  if (Decl.When.BitNames.empty())
    return fail(P / "anyBits", "'anyBits' must name at least one constant");
  Db.Deserialized = std::move(Decl);
  return true;
}

/// A state some DDI requires must be provided by another; a family some DDI
/// frees must be allocated by another. Otherwise the rule can never hold.
bool Loader::checkStatesAndFamilies(const JsonPath &P) {
  std::set<std::string> Provided, Allocated;
  for (const DdiInfo &D : Db.Ddis) {
    Provided.insert(D.Provides.begin(), D.Provides.end());
    if (D.Allocates)
      Allocated.insert(D.Allocates->Family);
  }
  for (size_t K = 0; K < Db.Ddis.size(); ++K) {
    const DdiInfo &D = Db.Ddis[K];
    for (size_t R = 0; R < D.Requires.size(); ++R)
      if (!Provided.count(D.Requires[R]))
        return fail(P / K / "requires" / R, "state '" + D.Requires[R] +
                                                "' required by " + D.Name +
                                                " is not provided by any DDI");
    if (D.Frees && !Allocated.count(D.Frees->Family))
      return fail(P / K / "frees" / "family",
                  "family '" + D.Frees->Family + "' freed by " + D.Name +
                      " is not allocated by any DDI");
    if (!D.Frees)
      continue;
    for (const auto &[Param, Unless] : D.Frees->MustMatchUnlessZero) {
      bool Known = false;
      for (const DdiInfo &A : Db.Ddis)
        Known |= A.Allocates && A.Allocates->Family == D.Frees->Family &&
                 A.paramIndex(Unless) >= 0;
      if (Known)
        continue;
      size_t At = std::find(D.Frees->MustMatch.begin(),
                            D.Frees->MustMatch.end(), Param) -
                  D.Frees->MustMatch.begin();
      return fail(P / K / "frees" / "mustMatch" / At / "unlessZero",
                  "'unlessZero' names '" + Unless +
                      "', which no DDI allocating family '" + D.Frees->Family +
                      "' has as a parameter");
    }
  }
  return true;
}

const char *const Identifier = "[A-Za-z_][A-Za-z0-9_]*";

bool Loader::checkNames(const JsonPath &P) {
  struct Name {
    const std::string &Value;
    JsonPath Where;
    const char *Pattern;
    const char *What;
  };
  std::vector<Name> Names;
  for (size_t K = 0; K < Db.Ndis6Macros.size(); ++K)
    Names.push_back({Db.Ndis6Macros[K], P / "ndis6Macros" / K, Identifier,
                     "an NDIS 6 macro"});
  for (size_t K = 0; K < Db.MiniportMacros.size(); ++K)
    Names.push_back({Db.MiniportMacros[K], P / "miniportMacros" / K, Identifier,
                     "a miniport macro"});
  for (size_t K = 0; K < Db.DispatchLevelFlags.size(); ++K)
    Names.push_back({Db.DispatchLevelFlags[K], P / "dispatchLevelFlags" / K,
                     Identifier, "a dispatch-level flag"});
  for (size_t K = 0; K < Db.Rules.size(); ++K) {
    const RuleInfo &R = Db.Rules[K];
    JsonPath RP = P / "rules" / K;
    Names.push_back(
        {R.Id, RP / "id", "[a-z][a-z0-9]*(-[a-z0-9]+)*", "a rule id"});
    Names.push_back({R.Name, RP / "name", "[A-Z][A-Za-z0-9]*", "a rule name"});
    for (size_t C = 0; C < R.Cites.size(); ++C) {
      Names.push_back(
          {R.Cites[C].Ddi, RP / "cites" / C / "ddi", Identifier, "a DDI"});
      if (!R.Cites[C].Seed.empty())
        Names.push_back({R.Cites[C].Seed, RP / "cites" / C / "seed",
                         "[A-Za-z0-9_.-]+", "a seed file name"});
    }
  }
  for (size_t K = 0; K < Db.Roles.size(); ++K) {
    const RoleInfo &R = Db.Roles[K];
    Names.push_back(
        {R.Name, P / "roles" / K / "name", "[a-z][a-z0-9_]*", "a role name"});
    for (size_t T = 0; T < R.Types.size(); ++T)
      Names.push_back({R.Types[T], P / "roles" / K / "types" / T, Identifier,
                       "a role type"});
  }
  for (size_t K = 0; K < Db.Ddis.size(); ++K) {
    const DdiInfo &D = Db.Ddis[K];
    JsonPath DP = P / "ddis" / K;
    Names.push_back({D.Name, DP / "name", Identifier, "a DDI name"});
    for (size_t A = 0; A < D.Aliases.size(); ++A)
      Names.push_back(
          {D.Aliases[A], DP / "aliases" / A, Identifier, "a DDI alias"});
    for (size_t A = 0; A < D.Params.size(); ++A)
      Names.push_back({D.Params[A].Name, DP / "params" / A / "name", Identifier,
                       "a parameter name"});
  }
  for (size_t K = 0; K < Db.Fields.size(); ++K)
    Names.push_back({Db.Fields[K].Field, P / "characteristics" / K / "field",
                     Identifier, "a characteristics field"});
  // The name patterns of rules/ndis-contracts.schema.json: a name that is a
  // sentence would be matched against nothing in the code and silently
  // disable what it describes. Each pattern is compiled once: compiling a
  // std::regex costs far more than matching a name with it.
  std::map<std::string_view, std::regex> Compiled;
  for (const Name &N : Names) {
    auto It = Compiled.find(N.Pattern);
    if (It == Compiled.end())
      It = Compiled.emplace(N.Pattern, std::regex(N.Pattern)).first;
    if (!std::regex_match(N.Value, It->second))
      return fail(N.Where, "'" + N.Value + "' is not " + N.What +
                               ": it must match " + N.Pattern);
  }
  return true;
}

/// Every rule the engine reports needs its description, severity and help.
bool Loader::checkEngineRules(const JsonPath &P) {
  for (const char *Id : EngineRuleIds)
    if (!Db.rule(Id))
      return fail(P / "rules",
                  std::string("no rule '") + Id +
                      "': NdisCheck reports it, so the database must "
                      "describe it (see rules/ndis-contracts.json)",
                  /*AtKey=*/true);
  return true;
}

} // namespace

bool parseContractDb(std::string_view Text, const std::string &Path,
                     ContractDb &Out, std::string &Error) {
  try {
    return Loader(Text, Path, Error).load(Out);
  } catch (const std::exception &E) {
    Error = Path + ":1:1: error: " + E.what();
    return false;
  }
}

bool loadContractDb(const std::string &Path, ContractDb &Out,
                    std::string &Error) {
  std::error_code EC;
  if (std::filesystem::is_directory(Path, EC)) {
    Error = Path + ": error: is a directory, not a contract database file";
    return false;
  }
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    Error = Path + ": error: cannot open the contract database: " +
            std::strerror(errno);
    return false;
  }
  std::ostringstream S;
  S << In.rdbuf();
  return parseContractDb(S.str(), Path, Out, Error);
}

bool loadBuiltinContractDb(ContractDb &Out, std::string &Error) {
  return parseContractDb(NdisCheckBuiltinContracts,
                         "<builtin>/ndis-contracts.json", Out, Error);
}

std::string ContractDb::severityOf(std::string_view Rule) const {
  const RuleInfo *RI = rule(Rule);
  return RI ? RI->Severity : "warning";
}

std::string highestAddressProblem(const std::string &Ddi, int64_t Value) {
  char Hex[19];
  std::snprintf(Hex, sizeof Hex, "0x%016llx",
                static_cast<unsigned long long>(Value));
  return "HighestAcceptableAddress of " + Ddi + " must be -1, but is " + Hex;
}

std::optional<std::string> flagsProblem(const FlagTest &Allowed,
                                        const std::string &Ddi, int64_t Value) {
  uint64_t Extra = static_cast<uint64_t>(Value) & ~Allowed.Mask;
  if (!Extra)
    return std::nullopt;
  char Hex[24];
  std::snprintf(Hex, sizeof Hex, "0x%02llx",
                static_cast<unsigned long long>(Extra));
  std::string AllowedNames;
  for (const std::string &B : Allowed.BitNames)
    AllowedNames += (AllowedNames.empty() ? "" : " | ") + B;
  return Allowed.Param + " of " + Ddi + " has bits " + Hex + " outside " +
         AllowedNames;
}

} // namespace ndischeck
