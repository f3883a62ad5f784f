//===- SummaryJson.cpp - TuSummary to and from JSON -----------------------===//

#include "summary/SummaryJson.h"

#include <map>

#include <climits>
#include <exception>

using json = nlohmann::json;

namespace ndischeck {

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

namespace {

// Declared up front so that listToJson finds every overload.
json toJson(const SourcePoint &P);
json toJson(const TraceStep &T);
json toJson(const Finding &F);
json toJson(const CallSite &C);
json toJson(const DdiCall &C);
json toJson(const FunctionSummary &F);
json toJson(const RoleBinding &B);
json toJson(const StateProvider &P);
json toJson(const PtrSource &P);
json toJson(const FieldStore &S);
json toJson(const ArgFact &A);
json toJson(const PointerUse &U);

/// The file table of the summary being written. A summary holds thousands
/// of locations in a handful of files: [file index, line, column] instead
/// of an object with the path keeps the cache small and quick to read back.
thread_local std::map<std::string, unsigned> *WritingFiles = nullptr;

json toJson(const SourcePoint &P) {
  auto It = WritingFiles->emplace(P.File, WritingFiles->size()).first;
  return json::array({It->second, P.Line, P.Col});
}

json toJson(const TraceStep &T) {
  return {{"loc", toJson(T.Loc)}, {"message", T.Message}};
}

template <typename T> json listToJson(const std::vector<T> &V) {
  json A = json::array();
  for (const T &E : V)
    A.push_back(toJson(E));
  return A;
}

json stringsToJson(const std::vector<std::string> &V) {
  json A = json::array();
  for (const std::string &S : V)
    A.push_back(S);
  return A;
}

/// Optional levels are omitted when absent rather than written as null, so
/// that a summary reads like what the source says.
void putIrql(json &O, const char *Key, const std::optional<Irql> &L) {
  if (L)
    O[Key] = irqlName(*L);
}

json toJson(const IrqlRange &R) {
  return {{"lo", irqlName(R.Lo)}, {"hi", irqlName(R.Hi)}};
}

json toJson(const IrqlState &S) {
  json O = {{"fromEntry", S.FromEntry}};
  if (S.Abs)
    O["abs"] = toJson(*S.Abs);
  O["why"] = listToJson(S.Why);
  return O;
}

json toJson(const Finding &F) {
  return {{"ruleId", F.RuleId},        {"severity", F.Severity},
          {"loc", toJson(F.Loc)},      {"message", F.Message},
          {"function", F.Function},    {"trace", listToJson(F.Trace)},
          {"suppressed", F.Suppressed}};
}

json toJson(const CallSite &C) {
  return {{"callee", C.Callee},
          {"calleeName", C.CalleeName},
          {"loc", toJson(C.Loc)},
          {"irql", toJson(C.Irql)}};
}

json toJson(const DdiCall &C) {
  json O = {{"ddi", C.Ddi},
            {"spelledName", C.SpelledName},
            {"loc", toJson(C.Loc)},
            {"irql", toJson(C.Irql)}};
  putIrql(O, "maxIrql", C.MaxIrql);
  O["maxReason"] = C.MaxReason;
  putIrql(O, "minIrql", C.MinIrql);
  O["initOnlyFlags"] = C.InitOnlyFlags;
  O["statesBefore"] = stringsToJson(C.StatesBefore);
  return O;
}

json toJson(const SalIrql &S) {
  json O = json::object();
  putIrql(O, "requiresMax", S.RequiresMax);
  putIrql(O, "requiresMin", S.RequiresMin);
  putIrql(O, "requires", S.Requires);
  putIrql(O, "raises", S.Raises);
  O["savesGlobal"] = S.SavesGlobal;
  O["restoresGlobal"] = S.RestoresGlobal;
  return O;
}

json toJson(const FunctionSummary &F) {
  return {{"key", F.Key},
          {"name", F.Name},
          {"loc", toJson(F.Loc)},
          {"roles", stringsToJson(F.Roles)},
          {"sal", toJson(F.Sal)},
          {"calls", listToJson(F.Calls)},
          {"ddiCalls", listToJson(F.DdiCalls)}};
}

json toJson(const RoleBinding &B) {
  return {{"function", B.Function},
          {"functionName", B.FunctionName},
          {"role", B.Role},
          {"loc", toJson(B.Loc)},
          {"how", B.How}};
}

json toJson(const StateProvider &P) {
  return {{"state", P.State},
          {"ddi", P.Ddi},
          {"loc", toJson(P.Loc)},
          {"function", P.Function}};
}

json constArgsToJson(const std::vector<std::pair<std::string, int64_t>> &V) {
  json O = json::object();
  for (const auto &KV : V)
    O[KV.first] = KV.second;
  return O;
}

json toJson(const PtrSource &P) {
  json O = {{"kind", P.Kind}, {"loc", toJson(P.Loc)}, {"what", P.What}};
  if (!P.Family.empty()) {
    O["family"] = P.Family;
    O["ddi"] = P.Ddi;
    O["args"] = constArgsToJson(P.Args);
  }
  if (P.Kind == "field") {
    O["record"] = P.Record;
    O["field"] = P.Field;
  }
  if (P.Kind == "param")
    O["param"] = P.Param;
  return O;
}

json toJson(const FieldStore &S) {
  return {{"record", S.Record},   {"field", S.Field},
          {"spelled", S.Spelled}, {"value", toJson(S.Value)},
          {"loc", toJson(S.Loc)}, {"function", S.Function},
          {"onStack", S.OnStack}};
}

json toJson(const ArgFact &A) {
  return {{"callee", A.Callee},
          {"index", A.Index},
          {"value", listToJson(A.Value)},
          {"loc", toJson(A.Loc)},
          {"caller", A.Caller}};
}

json toJson(const PointerUse &U) {
  return {{"role", U.Role},
          {"ddi", U.Ddi},
          {"param", U.Param},
          {"family", U.Family},
          {"args", constArgsToJson(U.Args)},
          {"value", listToJson(U.Value)},
          {"loc", toJson(U.Loc)},
          {"function", U.Function}};
}

} // namespace

json summaryToJson(const TuSummary &S) {
  std::map<std::string, unsigned> Files;
  WritingFiles = &Files;
  json J = {{"version", SummaryFormatVersion},
            {"mainFile", S.MainFile},
            {"ndis6", S.Ndis6},
            {"functions", listToJson(S.Functions)},
            {"bindings", listToJson(S.Bindings)},
            {"providers", listToJson(S.Providers)},
            {"localFindings", listToJson(S.LocalFindings)},
            {"dependencies", stringsToJson(S.Dependencies)},
            {"fieldStores", listToJson(S.FieldStores)},
            {"argFacts", listToJson(S.ArgFacts)},
            {"pointerUses", listToJson(S.PointerUses)}};
  WritingFiles = nullptr;
  std::vector<std::string> Table(Files.size());
  for (const auto &[Path, Index] : Files)
    Table[Index] = Path;
  J["files"] = std::move(Table);
  return J;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

namespace {

/// Remembers where in the document the reader is, so that an error names the
/// offending member instead of just "type error".
class Decoder {
public:
  explicit Decoder(std::string &Error) : Error(Error) {}

  class Scope {
  public:
    Scope(Decoder &D, std::string Segment) : D(D) {
      D.Path.push_back(std::move(Segment));
    }
    ~Scope() { D.Path.pop_back(); }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    Decoder &D;
  };

  bool fail(const std::string &What) {
    std::string Where;
    for (const std::string &Seg : Path) {
      if (!Where.empty() && Seg.front() != '[')
        Where += '.';
      Where += Seg;
    }
    Error = (Where.empty() ? std::string("summary") : Where) + ": " + What;
    return false;
  }

  bool expectObject(const json &J) {
    return J.is_object() || fail("expected an object");
  }

  /// The summary's file table, which locations index.
  std::vector<std::string> Files;

private:
  std::string &Error;
  std::vector<std::string> Path;
};

// Declared up front so the templates below find every overload.
bool read(Decoder &D, const json &J, std::string &Out);
bool read(Decoder &D, const json &J, unsigned &Out);
bool read(Decoder &D, const json &J, bool &Out);
bool read(Decoder &D, const json &J, Irql &Out);
bool read(Decoder &D, const json &J, IrqlRange &Out);
bool read(Decoder &D, const json &J, SourcePoint &Out);
bool read(Decoder &D, const json &J, TraceStep &Out);
bool read(Decoder &D, const json &J, IrqlState &Out);
bool read(Decoder &D, const json &J, Finding &Out);
bool read(Decoder &D, const json &J, CallSite &Out);
bool read(Decoder &D, const json &J, DdiCall &Out);
bool read(Decoder &D, const json &J, SalIrql &Out);
bool read(Decoder &D, const json &J, FunctionSummary &Out);
bool read(Decoder &D, const json &J, RoleBinding &Out);
bool read(Decoder &D, const json &J, StateProvider &Out);
bool read(Decoder &D, const json &J, int &Out);
bool read(Decoder &D, const json &J,
          std::vector<std::pair<std::string, int64_t>> &Out);
bool read(Decoder &D, const json &J, PtrSource &Out);
bool read(Decoder &D, const json &J, FieldStore &Out);
bool read(Decoder &D, const json &J, ArgFact &Out);
bool read(Decoder &D, const json &J, PointerUse &Out);

template <typename T>
bool read(Decoder &D, const json &J, std::vector<T> &Out) {
  if (!J.is_array())
    return D.fail("expected an array");
  Out.clear();
  Out.reserve(J.size());
  for (size_t I = 0; I < J.size(); ++I) {
    Decoder::Scope S(D, "[" + std::to_string(I) + "]");
    T E;
    if (!read(D, J[I], E))
      return false;
    Out.push_back(std::move(E));
  }
  return true;
}

/// A member that must be present.
template <typename T>
bool field(Decoder &D, const json &Obj, const char *Key, T &Out) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return D.fail(std::string("missing member '") + Key + "'");
  Decoder::Scope S(D, Key);
  return read(D, *It, Out);
}

/// A member that may be absent (or null): absent means nullopt.
template <typename T>
bool optField(Decoder &D, const json &Obj, const char *Key,
              std::optional<T> &Out) {
  Out.reset();
  auto It = Obj.find(Key);
  if (It == Obj.end() || It->is_null())
    return true;
  Decoder::Scope S(D, Key);
  T V;
  if (!read(D, *It, V))
    return false;
  Out = std::move(V);
  return true;
}

bool read(Decoder &D, const json &J, std::string &Out) {
  if (!J.is_string())
    return D.fail("expected a string");
  Out = J.get_ref<const std::string &>();
  return true;
}

bool read(Decoder &D, const json &J, unsigned &Out) {
  if (!J.is_number_unsigned() || J.get<uint64_t>() > UINT_MAX)
    return D.fail("expected an unsigned integer");
  Out = static_cast<unsigned>(J.get<uint64_t>());
  return true;
}

bool read(Decoder &D, const json &J, bool &Out) {
  if (!J.is_boolean())
    return D.fail("expected true or false");
  Out = J.get<bool>();
  return true;
}

bool read(Decoder &D, const json &J, Irql &Out) {
  std::optional<Irql> L;
  if (J.is_string())
    L = parseIrql(J.get_ref<const std::string &>());
  if (!L)
    return D.fail("expected an IRQL level name such as \"DISPATCH_LEVEL\"");
  Out = *L;
  return true;
}

bool read(Decoder &D, const json &J, IrqlRange &Out) {
  return D.expectObject(J) && field(D, J, "lo", Out.Lo) &&
         field(D, J, "hi", Out.Hi);
}

bool read(Decoder &D, const json &J, SourcePoint &Out) {
  auto Natural = [](const json &V) {
    return V.is_number_integer() && V.get<int64_t>() >= 0 &&
           V.get<int64_t>() <= UINT_MAX;
  };
  if (!J.is_array() || J.size() != 3 || !Natural(J[0]) || !Natural(J[1]) ||
      !Natural(J[2]))
    return D.fail("expected a location [file index, line, column]");
  uint64_t File = J[0].get<uint64_t>();
  if (File >= D.Files.size())
    return D.fail("file index " + std::to_string(File) +
                  " is not in the file table");
  Out.File = D.Files[File];
  Out.Line = J[1].get<unsigned>();
  Out.Col = J[2].get<unsigned>();
  return true;
}

bool read(Decoder &D, const json &J, TraceStep &Out) {
  return D.expectObject(J) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "message", Out.Message);
}

bool read(Decoder &D, const json &J, IrqlState &Out) {
  return D.expectObject(J) && field(D, J, "fromEntry", Out.FromEntry) &&
         optField(D, J, "abs", Out.Abs) && field(D, J, "why", Out.Why);
}

bool read(Decoder &D, const json &J, Finding &Out) {
  return D.expectObject(J) && field(D, J, "ruleId", Out.RuleId) &&
         field(D, J, "severity", Out.Severity) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "message", Out.Message) &&
         field(D, J, "function", Out.Function) &&
         field(D, J, "trace", Out.Trace) &&
         field(D, J, "suppressed", Out.Suppressed);
}

bool read(Decoder &D, const json &J, CallSite &Out) {
  return D.expectObject(J) && field(D, J, "callee", Out.Callee) &&
         field(D, J, "calleeName", Out.CalleeName) &&
         field(D, J, "loc", Out.Loc) && field(D, J, "irql", Out.Irql);
}

bool read(Decoder &D, const json &J, DdiCall &Out) {
  return D.expectObject(J) && field(D, J, "ddi", Out.Ddi) &&
         field(D, J, "spelledName", Out.SpelledName) &&
         field(D, J, "loc", Out.Loc) && field(D, J, "irql", Out.Irql) &&
         optField(D, J, "maxIrql", Out.MaxIrql) &&
         field(D, J, "maxReason", Out.MaxReason) &&
         optField(D, J, "minIrql", Out.MinIrql) &&
         field(D, J, "initOnlyFlags", Out.InitOnlyFlags) &&
         field(D, J, "statesBefore", Out.StatesBefore);
}

bool read(Decoder &D, const json &J, SalIrql &Out) {
  return D.expectObject(J) && optField(D, J, "requiresMax", Out.RequiresMax) &&
         optField(D, J, "requiresMin", Out.RequiresMin) &&
         optField(D, J, "requires", Out.Requires) &&
         optField(D, J, "raises", Out.Raises) &&
         field(D, J, "savesGlobal", Out.SavesGlobal) &&
         field(D, J, "restoresGlobal", Out.RestoresGlobal);
}

bool read(Decoder &D, const json &J, FunctionSummary &Out) {
  return D.expectObject(J) && field(D, J, "key", Out.Key) &&
         field(D, J, "name", Out.Name) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "roles", Out.Roles) && field(D, J, "sal", Out.Sal) &&
         field(D, J, "calls", Out.Calls) &&
         field(D, J, "ddiCalls", Out.DdiCalls);
}

bool read(Decoder &D, const json &J, RoleBinding &Out) {
  return D.expectObject(J) && field(D, J, "function", Out.Function) &&
         field(D, J, "functionName", Out.FunctionName) &&
         field(D, J, "role", Out.Role) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "how", Out.How);
}

bool read(Decoder &D, const json &J, StateProvider &Out) {
  return D.expectObject(J) && field(D, J, "state", Out.State) &&
         field(D, J, "ddi", Out.Ddi) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "function", Out.Function);
}

bool read(Decoder &D, const json &J, int &Out) {
  if (!J.is_number_integer() || J.get<int64_t>() < INT_MIN ||
      J.get<int64_t>() > INT_MAX)
    return D.fail("expected an integer");
  Out = static_cast<int>(J.get<int64_t>());
  return true;
}

bool read(Decoder &D, const json &J,
          std::vector<std::pair<std::string, int64_t>> &Out) {
  if (!D.expectObject(J))
    return false;
  Out.clear();
  for (auto It = J.begin(); It != J.end(); ++It) {
    if (!It->is_number_integer()) {
      Decoder::Scope S(D, It.key());
      return D.fail("expected an integer");
    }
    Out.emplace_back(It.key(), It->get<int64_t>());
  }
  return true;
}

/// A member that may be absent: absent leaves Out as it is.
template <typename T>
bool maybeField(Decoder &D, const json &Obj, const char *Key, T &Out) {
  if (Obj.find(Key) == Obj.end())
    return true;
  return field(D, Obj, Key, Out);
}

bool read(Decoder &D, const json &J, PtrSource &Out) {
  return D.expectObject(J) && field(D, J, "kind", Out.Kind) &&
         field(D, J, "loc", Out.Loc) && field(D, J, "what", Out.What) &&
         maybeField(D, J, "family", Out.Family) &&
         maybeField(D, J, "ddi", Out.Ddi) &&
         maybeField(D, J, "args", Out.Args) &&
         maybeField(D, J, "record", Out.Record) &&
         maybeField(D, J, "field", Out.Field) &&
         maybeField(D, J, "param", Out.Param);
}

bool read(Decoder &D, const json &J, FieldStore &Out) {
  return D.expectObject(J) && field(D, J, "record", Out.Record) &&
         field(D, J, "field", Out.Field) &&
         field(D, J, "spelled", Out.Spelled) &&
         field(D, J, "value", Out.Value) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "function", Out.Function) &&
         field(D, J, "onStack", Out.OnStack);
}

bool read(Decoder &D, const json &J, ArgFact &Out) {
  return D.expectObject(J) && field(D, J, "callee", Out.Callee) &&
         field(D, J, "index", Out.Index) && field(D, J, "value", Out.Value) &&
         field(D, J, "loc", Out.Loc) && field(D, J, "caller", Out.Caller);
}

bool read(Decoder &D, const json &J, PointerUse &Out) {
  return D.expectObject(J) && field(D, J, "role", Out.Role) &&
         field(D, J, "ddi", Out.Ddi) && field(D, J, "param", Out.Param) &&
         field(D, J, "family", Out.Family) && field(D, J, "args", Out.Args) &&
         field(D, J, "value", Out.Value) && field(D, J, "loc", Out.Loc) &&
         field(D, J, "function", Out.Function);
}

bool readSummary(Decoder &D, const json &J, TuSummary &Out) {
  if (!D.expectObject(J))
    return false;
  auto V = J.find("version");
  if (V == J.end() || !V->is_number_integer() ||
      V->get<int64_t>() != SummaryFormatVersion)
    return D.fail("expected summary format version " +
                  std::to_string(SummaryFormatVersion));
  return field(D, J, "files", D.Files) &&
         field(D, J, "mainFile", Out.MainFile) &&
         field(D, J, "ndis6", Out.Ndis6) &&
         field(D, J, "functions", Out.Functions) &&
         field(D, J, "bindings", Out.Bindings) &&
         field(D, J, "providers", Out.Providers) &&
         field(D, J, "localFindings", Out.LocalFindings) &&
         field(D, J, "dependencies", Out.Dependencies) &&
         field(D, J, "fieldStores", Out.FieldStores) &&
         field(D, J, "argFacts", Out.ArgFacts) &&
         field(D, J, "pointerUses", Out.PointerUses);
}

} // namespace

bool summaryFromJson(const json &J, TuSummary &Out, std::string &Error) {
  // Read into a fresh value so that a failure leaves Out as it was.
  TuSummary S;
  try {
    Decoder D(Error);
    if (!readSummary(D, J, S))
      return false;
  } catch (const std::exception &E) {
    // Defensive: the checks above should leave nlohmann nothing to throw.
    Error = std::string("summary: ") + E.what();
    return false;
  }
  Out = std::move(S);
  return true;
}

} // namespace ndischeck
