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
json toJson(const FunctionProgram &P);
json toJson(const ProgCond &C);
json toJson(const ProgValue &V);
json toJson(const ProgIrqlOp &Op);
json toJson(const ProgArg &A);
json toJson(const ProgStep &S);
json toJson(const ProgBlock &B);
json toJson(const ProgAtom &A);

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

json toJson(const Finding &F) {
  return {{"ruleId", F.RuleId},        {"severity", F.Severity},
          {"loc", toJson(F.Loc)},      {"message", F.Message},
          {"function", F.Function},    {"trace", listToJson(F.Trace)},
          {"suppressed", F.Suppressed}};
}

json toJson(const CallSite &C) {
  return {{"callee", C.Callee},
          {"calleeName", C.CalleeName},
          {"loc", toJson(C.Loc)}};
}

json toJson(const DdiCall &C) {
  json O = {
      {"ddi", C.Ddi}, {"spelledName", C.SpelledName}, {"loc", toJson(C.Loc)}};
  putIrql(O, "maxIrql", C.MaxIrql);
  O["maxReason"] = C.MaxReason;
  putIrql(O, "minIrql", C.MinIrql);
  O["initOnlyFlags"] = C.InitOnlyFlags;
  if (C.ReturnsValue)
    O["returnsValue"] = true;
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

// Programs are most of a summary: members that hold their default are left
// out, and a condition is an array.
json toJson(const ProgValue &V) {
  json A = json::array({static_cast<int>(V.K)});
  switch (V.K) {
  case ProgValue::Unknown:
  case ProgValue::Null:
    break;
  case ProgValue::Int:
    A.push_back(V.Number);
    break;
  case ProgValue::Read:
  case ProgValue::Addr:
    A.push_back(V.Path);
    break;
  case ProgValue::DdiResult:
  case ProgValue::CallResult:
    A.push_back(V.Index);
    break;
  }
  return A;
}

json toJson(const ProgCond &C) {
  json A = json::array({static_cast<int>(C.K), C.Negated ? 1 : 0});
  switch (C.K) {
  case ProgCond::Unknown:
    break;
  case ProgCond::Const:
    A.push_back(C.Value ? 1 : 0);
    break;
  case ProgCond::Atom:
    A.push_back(C.Var);
    break;
  case ProgCond::DispatchFlag:
    A.push_back(toJson(C.Loc));
    break;
  case ProgCond::CurrentIrql:
    A.push_back(static_cast<int>(C.Range.Lo));
    A.push_back(static_cast<int>(C.Range.Hi));
    A.push_back(toJson(C.Loc));
    break;
  case ProgCond::NotNull:
  case ProgCond::Success:
  case ProgCond::Failure:
    A.push_back(toJson(C.Subject));
    A.push_back(toJson(C.Loc));
    break;
  case ProgCond::SameAs:
    A.push_back(toJson(C.Subject));
    A.push_back(toJson(C.Other));
    A.push_back(toJson(C.Loc));
    break;
  }
  return A;
}

json toJson(const ProgIrqlOp &Op) {
  json O = {{"k", static_cast<int>(Op.K)}};
  if (Op.To)
    O["to"] = static_cast<int>(*Op.To);
  if (!Op.Save.empty())
    O["save"] = Op.Save;
  if (!Op.Restore.empty())
    O["restore"] = Op.Restore;
  if (Op.RestoreTo)
    O["restoreTo"] = static_cast<int>(*Op.RestoreTo);
  if (Op.KeepIfUnsaved)
    O["keep"] = true;
  return O;
}

json toJson(const ProgArg &A) {
  json O = json::object();
  if (!A.Value.empty())
    O["v"] = A.Value;
  if (!A.Pointee.empty())
    O["p"] = A.Pointee;
  if (A.Cond.known())
    O["c"] = toJson(A.Cond);
  if (A.V.K != ProgValue::Unknown)
    O["x"] = toJson(A.V);
  if (A.Keeps)
    O["keeps"] = true;
  if (A.Context)
    O["context"] = true;
  return O;
}

json toJson(const ProgStep &S) {
  json O = {{"k", static_cast<int>(S.K)}};
  if (S.K == ProgStep::Ddi || S.K == ProgStep::Call)
    O["i"] = S.Index;
  if (S.K == ProgStep::SetAtom) {
    O["atom"] = S.Atom;
    O["c"] = toJson(S.Cond);
  }
  if (S.Op.K != ProgIrqlOp::None)
    O["op"] = toJson(S.Op);
  if (!S.Args.empty())
    O["args"] = listToJson(S.Args);
  if (!S.Path.empty())
    O["p"] = S.Path;
  if (S.Value.K != ProgValue::Unknown)
    O["x"] = toJson(S.Value);
  if (S.Loc.valid())
    O["loc"] = toJson(S.Loc);
  return O;
}

json toJson(const ProgBlock &B) {
  json O = {{"succs", B.Succs}};
  if (!B.Steps.empty())
    O["steps"] = listToJson(B.Steps);
  if (B.Branch.known())
    O["branch"] = toJson(B.Branch);
  return O;
}

json toJson(const ProgAtom &A) { return json::array({A.Name, A.Param}); }

json toJson(const FunctionProgram &P) {
  json O = {{"blocks", listToJson(P.Blocks)},
            {"exit", P.Exit},
            {"params", P.NumParams}};
  if (!P.Atoms.empty())
    O["atoms"] = listToJson(P.Atoms);
  if (!P.ParamNames.empty())
    O["paramNames"] = stringsToJson(P.ParamNames);
  if (P.Linear)
    O["linear"] = true;
  return O;
}

json toJson(const FunctionSummary &F) {
  return {{"key", F.Key},
          {"name", F.Name},
          {"loc", toJson(F.Loc)},
          {"roles", stringsToJson(F.Roles)},
          {"sal", toJson(F.Sal)},
          {"calls", listToJson(F.Calls)},
          {"ddiCalls", listToJson(F.DdiCalls)},
          {"program", toJson(F.Program)}};
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
            {"implementsDdis", S.ImplementsDdis},
            {"functions", listToJson(S.Functions)},
            {"bindings", listToJson(S.Bindings)},
            {"providers", listToJson(S.Providers)},
            {"localFindings", listToJson(S.LocalFindings)},
            {"dependencies", stringsToJson(S.Dependencies)},
            {"fieldStores", listToJson(S.FieldStores)},
            {"argFacts", listToJson(S.ArgFacts)},
            {"pointerUses", listToJson(S.PointerUses)}};
  if (S.Deserialized)
    J["deserialized"] = *S.Deserialized;
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
bool read(Decoder &D, const json &J, FunctionProgram &Out);
bool read(Decoder &D, const json &J, ProgCond &Out);
bool read(Decoder &D, const json &J, ProgValue &Out);
bool read(Decoder &D, const json &J, ProgIrqlOp &Out);
bool read(Decoder &D, const json &J, ProgArg &Out);
bool read(Decoder &D, const json &J, ProgStep &Out);
bool read(Decoder &D, const json &J, ProgBlock &Out);
bool read(Decoder &D, const json &J, ProgAtom &Out);
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

/// A member that may be absent: absent leaves Out as it is.
template <typename T>
bool maybeField(Decoder &D, const json &Obj, const char *Key, T &Out) {
  if (Obj.find(Key) == Obj.end())
    return true;
  return field(D, Obj, Key, Out);
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
         field(D, J, "loc", Out.Loc);
}

bool read(Decoder &D, const json &J, DdiCall &Out) {
  return D.expectObject(J) && field(D, J, "ddi", Out.Ddi) &&
         field(D, J, "spelledName", Out.SpelledName) &&
         field(D, J, "loc", Out.Loc) &&
         optField(D, J, "maxIrql", Out.MaxIrql) &&
         field(D, J, "maxReason", Out.MaxReason) &&
         optField(D, J, "minIrql", Out.MinIrql) &&
         field(D, J, "initOnlyFlags", Out.InitOnlyFlags) &&
         maybeField(D, J, "returnsValue", Out.ReturnsValue);
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
         field(D, J, "ddiCalls", Out.DdiCalls) &&
         field(D, J, "program", Out.Program);
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

/// A small integer that must name one of Count enumerators.
template <typename E>
bool readEnum(Decoder &D, const json &J, unsigned Count, E &Out) {
  if (!J.is_number_integer() || J.get<int64_t>() < 0 ||
      J.get<int64_t>() >= static_cast<int64_t>(Count))
    return D.fail("expected an integer below " + std::to_string(Count));
  Out = static_cast<E>(J.get<int64_t>());
  return true;
}

bool read(Decoder &D, const json &J, ProgValue &Out) {
  if (!J.is_array() || J.empty())
    return D.fail("expected a value [kind, ...]");
  if (!readEnum(D, J[0], ProgValue::CallResult + 1, Out.K))
    return false;
  auto Need = [&](size_t N) {
    return J.size() == N ||
           D.fail("expected " + std::to_string(N) + " members in this value");
  };
  switch (Out.K) {
  case ProgValue::Unknown:
  case ProgValue::Null:
    return Need(1);
  case ProgValue::Int:
    if (!Need(2))
      return false;
    if (!J[1].is_number_integer())
      return D.fail("expected an integer");
    Out.Number = J[1].get<int64_t>();
    return true;
  case ProgValue::Read:
  case ProgValue::Addr:
    return Need(2) && read(D, J[1], Out.Path);
  case ProgValue::DdiResult:
  case ProgValue::CallResult:
    return Need(2) && read(D, J[1], Out.Index);
  }
  return true;
}

bool read(Decoder &D, const json &J, ProgCond &Out) {
  if (!J.is_array() || J.size() < 2)
    return D.fail("expected a condition [kind, negated, ...]");
  if (!readEnum(D, J[0], ProgCond::SameAs + 1, Out.K))
    return false;
  Out.Negated = J[1] == 1;
  auto Need = [&](size_t N) {
    return J.size() == N || D.fail("expected " + std::to_string(N) +
                                   " members in this condition");
  };
  switch (Out.K) {
  case ProgCond::Unknown:
    return true;
  case ProgCond::Const:
    return Need(3) && (Out.Value = J[2] == 1, true);
  case ProgCond::Atom:
    return Need(3) && read(D, J[2], Out.Var);
  case ProgCond::DispatchFlag:
    return Need(3) && read(D, J[2], Out.Loc);
  case ProgCond::CurrentIrql:
    return Need(5) && readEnum(D, J[2], 5, Out.Range.Lo) &&
           readEnum(D, J[3], 5, Out.Range.Hi) && read(D, J[4], Out.Loc);
  case ProgCond::NotNull:
  case ProgCond::Success:
  case ProgCond::Failure:
    return Need(4) && read(D, J[2], Out.Subject) && read(D, J[3], Out.Loc);
  case ProgCond::SameAs:
    return Need(5) && read(D, J[2], Out.Subject) && read(D, J[3], Out.Other) &&
           read(D, J[4], Out.Loc);
  }
  return true;
}

/// A level written as its number (programs) rather than its name.
bool optLevel(Decoder &D, const json &Obj, const char *Key,
              std::optional<Irql> &Out) {
  auto It = Obj.find(Key);
  if (It == Obj.end())
    return true;
  Decoder::Scope S(D, Key);
  Irql L;
  if (!readEnum(D, *It, 5, L))
    return false;
  Out = L;
  return true;
}

bool read(Decoder &D, const json &J, ProgIrqlOp &Out) {
  if (!D.expectObject(J))
    return false;
  auto K = J.find("k");
  if (K == J.end())
    return D.fail("missing member 'k'");
  return readEnum(D, *K, ProgIrqlOp::Release + 1, Out.K) &&
         optLevel(D, J, "to", Out.To) && maybeField(D, J, "save", Out.Save) &&
         maybeField(D, J, "restore", Out.Restore) &&
         optLevel(D, J, "restoreTo", Out.RestoreTo) &&
         maybeField(D, J, "keep", Out.KeepIfUnsaved);
}

bool read(Decoder &D, const json &J, ProgArg &Out) {
  return D.expectObject(J) && maybeField(D, J, "v", Out.Value) &&
         maybeField(D, J, "p", Out.Pointee) &&
         maybeField(D, J, "c", Out.Cond) && maybeField(D, J, "x", Out.V) &&
         maybeField(D, J, "keeps", Out.Keeps) &&
         maybeField(D, J, "context", Out.Context);
}

bool read(Decoder &D, const json &J, ProgStep &Out) {
  if (!D.expectObject(J))
    return false;
  auto K = J.find("k");
  if (K == J.end())
    return D.fail("missing member 'k'");
  if (!readEnum(D, *K, ProgStep::Platform + 1, Out.K))
    return false;
  if (Out.K == ProgStep::SetAtom &&
      !(field(D, J, "atom", Out.Atom) && field(D, J, "c", Out.Cond)))
    return false;
  if ((Out.K == ProgStep::Ddi || Out.K == ProgStep::Call) &&
      !field(D, J, "i", Out.Index))
    return false;
  return maybeField(D, J, "op", Out.Op) && maybeField(D, J, "args", Out.Args) &&
         maybeField(D, J, "p", Out.Path) && maybeField(D, J, "x", Out.Value) &&
         maybeField(D, J, "loc", Out.Loc);
}

bool read(Decoder &D, const json &J, ProgBlock &Out) {
  return D.expectObject(J) && field(D, J, "succs", Out.Succs) &&
         maybeField(D, J, "steps", Out.Steps) &&
         maybeField(D, J, "branch", Out.Branch);
}

bool read(Decoder &D, const json &J, ProgAtom &Out) {
  if (!J.is_array() || J.size() != 2)
    return D.fail("expected an atom [name, parameter]");
  return read(D, J[0], Out.Name) && read(D, J[1], Out.Param);
}

bool read(Decoder &D, const json &J, FunctionProgram &Out) {
  if (!D.expectObject(J) || !field(D, J, "blocks", Out.Blocks) ||
      !field(D, J, "exit", Out.Exit) || !field(D, J, "params", Out.NumParams) ||
      !maybeField(D, J, "atoms", Out.Atoms) ||
      !maybeField(D, J, "paramNames", Out.ParamNames) ||
      !maybeField(D, J, "linear", Out.Linear))
    return false;
  // Indexes must stay inside the program: the link step follows them.
  if (Out.Blocks.empty() ? Out.Exit != 0 : Out.Exit >= Out.Blocks.size())
    return D.fail("exit block " + std::to_string(Out.Exit) + " out of range");
  for (const ProgBlock &B : Out.Blocks) {
    for (unsigned S : B.Succs)
      if (S >= Out.Blocks.size())
        return D.fail("successor " + std::to_string(S) + " out of range");
    if (B.Branch.known() && B.Succs.size() != 2)
      return D.fail("a branch needs two successors");
    auto AtomOk = [&](const ProgCond &C) {
      return C.K != ProgCond::Atom ||
             (C.Var >= 0 && static_cast<size_t>(C.Var) < Out.Atoms.size());
    };
    if (!AtomOk(B.Branch))
      return D.fail("branch names an atom out of range");
    for (const ProgStep &St : B.Steps) {
      if (St.K == ProgStep::SetAtom &&
          (St.Atom < 0 || static_cast<size_t>(St.Atom) >= Out.Atoms.size()))
        return D.fail("step assigns an atom out of range");
      if (!AtomOk(St.Cond))
        return D.fail("step names an atom out of range");
      for (const ProgArg &A : St.Args)
        if (!AtomOk(A.Cond))
          return D.fail("argument names an atom out of range");
    }
  }
  return true;
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
         field(D, J, "implementsDdis", Out.ImplementsDdis) &&
         optField(D, J, "deserialized", Out.Deserialized) &&
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
