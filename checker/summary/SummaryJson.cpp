//===- SummaryJson.cpp - TuSummary to and from bytes ----------------------===//
//
// Each summary type lists its members once, in fields() below; four visitors
// walk those lists: the binary writer and reader, the JSON writer and
// reader. A new member of a summary struct is one line in its fields().
//
// Binary form: an 8-byte magic, the format version, a string table (every
// distinct string once: names, keys and paths repeat thousands of times in
// a large TU) and then the members in fields() order: unsigned integers,
// booleans, IRQL levels and string-table indices as LEB128 varints, signed
// integers zigzag-encoded, a vector as its length and its elements, an
// optional as 0 or 1 and its value.
//
//===----------------------------------------------------------------------===//

#include "summary/SummaryJson.h"

#include "summary/BinaryCoding.h"

#include "llvm/ADT/CachedHashString.h"
#include "llvm/ADT/DenseMap.h"

#include <climits>
#include <exception>
#include <map>
#include <type_traits>

using json = nlohmann::json;
using llvm::StringRef;

namespace ndischeck {

namespace {

using ConstArgs = std::vector<std::pair<std::string, int64_t>>;
using ArgSets = std::vector<std::pair<std::string, std::vector<int64_t>>>;

//===----------------------------------------------------------------------===//
// The members of every summary type
//===----------------------------------------------------------------------===//

template <typename V> void fields(V &Io, TraceStep &T) {
  Io("loc", T.Loc);
  Io("message", T.Message);
}

template <typename V> void fields(V &Io, IrqlRange &R) {
  Io("lo", R.Lo);
  Io("hi", R.Hi);
}

template <typename V> void fields(V &Io, Finding &F) {
  Io("ruleId", F.RuleId);
  Io("severity", F.Severity);
  Io("loc", F.Loc);
  Io("message", F.Message);
  Io("function", F.Function);
  Io("trace", F.Trace);
  Io("suppressed", F.Suppressed);
}

template <typename V> void fields(V &Io, CallSite &C) {
  Io("callee", C.Callee);
  Io("calleeName", C.CalleeName);
  Io("loc", C.Loc);
}

template <typename V> void fields(V &Io, DdiCall &C) {
  Io("ddi", C.Ddi);
  Io("spelledName", C.SpelledName);
  Io("loc", C.Loc);
  Io("maxIrql", C.MaxIrql);
  Io("maxReason", C.MaxReason);
  Io("minIrql", C.MinIrql);
  Io("initOnlyFlags", C.InitOnlyFlags);
  Io("returnsValue", C.ReturnsValue);
}

template <typename V> void fields(V &Io, SalIrql &S) {
  Io("requiresMax", S.RequiresMax);
  Io("requiresMin", S.RequiresMin);
  Io("requires", S.Requires);
  Io("raises", S.Raises);
  Io("savesGlobal", S.SavesGlobal);
  Io("restoresGlobal", S.RestoresGlobal);
}

template <typename V> void fields(V &Io, ProgAtom &A) {
  Io("name", A.Name);
  Io("param", A.Param);
}

template <typename V> void fields(V &Io, ProgValue &X) {
  Io("k", X.K);
  Io("path", X.Path);
  Io("index", X.Index);
  Io("number", X.Number);
}

template <typename V> void fields(V &Io, ProgCond &C) {
  Io("k", C.K);
  Io("negated", C.Negated);
  Io("value", C.Value);
  Io("var", C.Var);
  Io("range", C.Range);
  Io("subject", C.Subject);
  Io("other", C.Other);
  Io("loc", C.Loc);
}

template <typename V> void fields(V &Io, ProgIrqlOp &Op) {
  Io("k", Op.K);
  Io("to", Op.To);
  Io("save", Op.Save);
  Io("restore", Op.Restore);
  Io("restoreTo", Op.RestoreTo);
  Io("keepIfUnsaved", Op.KeepIfUnsaved);
}

template <typename V> void fields(V &Io, ProgArg &A) {
  Io("value", A.Value);
  Io("pointee", A.Pointee);
  Io("cond", A.Cond);
  Io("v", A.V);
  Io("keeps", A.Keeps);
  Io("context", A.Context);
}

template <typename V> void fields(V &Io, ProgStep &S) {
  Io("k", S.K);
  Io("index", S.Index);
  Io("atom", S.Atom);
  Io("cond", S.Cond);
  Io("op", S.Op);
  Io("args", S.Args);
  Io("path", S.Path);
  Io("value", S.Value);
  Io("loc", S.Loc);
  Io("maybePlatform", S.MaybePlatform);
}

template <typename V> void fields(V &Io, ProgBlock &B) {
  Io("steps", B.Steps);
  Io("branch", B.Branch);
  Io("succs", B.Succs);
}

template <typename V> void fields(V &Io, FunctionProgram &P) {
  Io("atoms", P.Atoms);
  Io("blocks", P.Blocks);
  Io("exit", P.Exit);
  Io("numParams", P.NumParams);
  Io("paramNames", P.ParamNames);
  Io("linear", P.Linear);
}

template <typename V> void fields(V &Io, FunctionSummary &F) {
  Io("key", F.Key);
  Io("name", F.Name);
  Io("loc", F.Loc);
  Io("roles", F.Roles);
  Io("sal", F.Sal);
  Io("calls", F.Calls);
  Io("ddiCalls", F.DdiCalls);
  Io("program", F.Program);
}

template <typename V> void fields(V &Io, RoleBinding &B) {
  Io("function", B.Function);
  Io("functionName", B.FunctionName);
  Io("role", B.Role);
  Io("loc", B.Loc);
  Io("how", B.How);
}

template <typename V> void fields(V &Io, StateProvider &P) {
  Io("state", P.State);
  Io("ddi", P.Ddi);
  Io("loc", P.Loc);
  Io("function", P.Function);
}

template <typename V> void fields(V &Io, PtrSource &P) {
  Io("kind", P.Kind);
  Io("family", P.Family);
  Io("ddi", P.Ddi);
  Io("record", P.Record);
  Io("field", P.Field);
  Io("param", P.Param);
  Io("loc", P.Loc);
  Io("what", P.What);
  Io("args", P.Args);
  Io("argSets", P.ArgSets);
}

template <typename V> void fields(V &Io, FieldStore &S) {
  Io("record", S.Record);
  Io("field", S.Field);
  Io("spelled", S.Spelled);
  Io("value", S.Value);
  Io("loc", S.Loc);
  Io("function", S.Function);
  Io("onStack", S.OnStack);
}

template <typename V> void fields(V &Io, ArgFact &A) {
  Io("callee", A.Callee);
  Io("index", A.Index);
  Io("value", A.Value);
  Io("loc", A.Loc);
  Io("caller", A.Caller);
}

template <typename V> void fields(V &Io, PointerUse &U) {
  Io("role", U.Role);
  Io("ddi", U.Ddi);
  Io("param", U.Param);
  Io("family", U.Family);
  Io("args", U.Args);
  Io("argSets", U.ArgSets);
  Io("value", U.Value);
  Io("loc", U.Loc);
  Io("function", U.Function);
}

template <typename V> void fields(V &Io, ParamArgUse &U) {
  Io("ddi", U.Ddi);
  Io("spelled", U.Spelled);
  Io("ddiParam", U.DdiParam);
  Io("param", U.Param);
  Io("paramName", U.ParamName);
  Io("loc", U.Loc);
  Io("function", U.Function);
}

template <typename V> void fields(V &Io, TuSummary &S) {
  Io("mainFile", S.MainFile);
  Io("ndis6", S.Ndis6);
  Io("implementsDdis", S.ImplementsDdis);
  Io("deserialized", S.Deserialized);
  Io("functions", S.Functions);
  Io("bindings", S.Bindings);
  Io("providers", S.Providers);
  Io("localFindings", S.LocalFindings);
  Io("dependencies", S.Dependencies);
  Io("fieldStores", S.FieldStores);
  Io("argFacts", S.ArgFacts);
  Io("pointerUses", S.PointerUses);
  Io("paramArgUses", S.ParamArgUses);
  Io("miniport", S.Miniport);
  Io("driverRecords", S.DriverRecords);
  Io("writtenFields", S.WrittenFields);
  Io("writtenRecords", S.WrittenRecords);
}

template <typename V> void fields(V &Io, SummaryFile &F) {
  Io("source", F.Source);
  Io("dbFingerprint", F.DbFingerprint);
  Io("failed", F.Failed);
  Io("errors", F.Errors);
  Io("summaries", F.Summaries);
}

/// How many enumerators each stored enumeration has: a reader refuses any
/// other value.
template <typename E> constexpr unsigned enumCount();
template <> constexpr unsigned enumCount<ProgValue::Kind>() {
  return ProgValue::IndirectResult + 1;
}
template <> constexpr unsigned enumCount<ProgCond::Kind>() {
  return ProgCond::NotFailure + 1;
}
template <> constexpr unsigned enumCount<ProgIrqlOp::Kind>() {
  return ProgIrqlOp::Release + 1;
}
template <> constexpr unsigned enumCount<ProgStep::Kind>() {
  return ProgStep::Platform + 1;
}

/// What a value read whole must also satisfy ("" when it does): indexes the
/// link step follows stay inside the program.
template <typename T> std::string invalid(const T &) { return ""; }
std::string invalid(const FunctionProgram &P) {
  if (P.Blocks.empty() ? P.Exit != 0 : P.Exit >= P.Blocks.size())
    return "exit block " + std::to_string(P.Exit) + " out of range";
  auto AtomOk = [&](const ProgCond &C) {
    return C.K != ProgCond::Atom ||
           (C.Var >= 0 && static_cast<size_t>(C.Var) < P.Atoms.size());
  };
  for (const ProgBlock &B : P.Blocks) {
    for (unsigned S : B.Succs)
      if (S >= P.Blocks.size())
        return "successor " + std::to_string(S) + " out of range";
    if (B.Branch->known() && B.Succs.size() != 2)
      return "a branch needs two successors";
    if (!AtomOk(*B.Branch))
      return "branch names an atom out of range";
    for (const ProgStep &St : B.Steps) {
      if (St.K == ProgStep::SetAtom &&
          (St.Atom < 0 || static_cast<size_t>(St.Atom) >= P.Atoms.size()))
        return "step assigns an atom out of range";
      if (!AtomOk(*St.Cond))
        return "step names an atom out of range";
      for (const ProgArg &A : St.Args)
        if (!AtomOk(*A.Cond))
          return "argument names an atom out of range";
    }
  }
  return "";
}

//===----------------------------------------------------------------------===//
// Where a reader is, for its error messages
//===----------------------------------------------------------------------===//

/// What went wrong and where ("functions[2].calls[0].loc"). Readers record
/// the member path only on the way out of a failure, so that reading a good
/// summary pays nothing for it.
class ReadPath {
public:
  bool failed() const { return Failed; }
  void fail(const std::string &Why) {
    if (Failed)
      return;
    Failed = true;
    What = Why;
  }
  /// The failure happened within Member (or element Index) of the value
  /// being read: called from the innermost level outwards.
  void within(const char *Member) { Outer.emplace_back(Member); }
  void within(size_t Index) {
    Outer.push_back("[" + std::to_string(Index) + "]");
  }

  std::string message() const {
    std::string Where;
    for (auto It = Outer.rbegin(); It != Outer.rend(); ++It) {
      if (!Where.empty() && It->front() != '[')
        Where += '.';
      Where += *It;
    }
    return (Where.empty() ? std::string("summary") : Where) + ": " + What;
  }

private:
  bool Failed = false;
  std::string What;
  std::vector<std::string> Outer;
};

const char *const BadLocation =
    "expected a location [file index, line, column]";
const char *const BadIrql =
    "expected an IRQL level name such as \"DISPATCH_LEVEL\"";

//===----------------------------------------------------------------------===//
// Binary form
//===----------------------------------------------------------------------===//

/// The first bytes of a summary and of a summary file.
constexpr char SummaryMagic[8] = {'\x89', 'N',  'D',    'S',
                                  '\r',   '\n', '\x1a', '\n'};
constexpr char FindingsMagic[8] = {'\x89', 'N',  'D',    'L',
                                   '\r',   '\n', '\x1a', '\n'};
constexpr char FileMagic[8] = {'\x89', 'N', 'D', 'F', '\r', '\n', '\x1a', '\n'};

class BinaryWriter {
public:
  explicit BinaryWriter(std::string &Body) : W(Body) {}

  template <typename T> void operator()(const char *, const T &X) { put(X); }

  /// The string table, in index order.
  std::vector<StringRef> Strings;

private:
  ByteWriter W;
  llvm::DenseMap<llvm::CachedHashStringRef, unsigned> Index;

  void put(const std::string &S) {
    auto [It, New] =
        Index.try_emplace(llvm::CachedHashStringRef(S), Strings.size());
    if (New)
      Strings.push_back(S);
    W.u64(It->second);
  }
  void put(bool B) { W.u64(B ? 1 : 0); }
  void put(unsigned V) { W.u64(V); }
  void put(int V) { W.s64(V); }
  void put(int64_t V) { W.s64(V); }
  void put(Irql L) { W.u64(static_cast<unsigned>(L)); }
  template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void put(E K) {
    W.u64(static_cast<uint64_t>(K));
  }
  void put(const SourcePoint &P) {
    put(P.File);
    W.u64(P.Line);
    W.u64(P.Col);
  }
  void put(const ConstArgs &A) {
    W.u64(A.size());
    for (const auto &[Name, Value] : A) {
      put(Name);
      W.s64(Value);
    }
  }
  void put(const ArgSets &A) {
    W.u64(A.size());
    for (const auto &[Name, Values] : A) {
      put(Name);
      W.u64(Values.size());
      for (int64_t V : Values)
        W.s64(V);
    }
  }
  template <typename T> void put(const std::optional<T> &O) {
    W.u64(O ? 1 : 0);
    if (O)
      put(*O);
  }
  template <typename T> void put(const std::vector<T> &V) {
    W.u64(V.size());
    for (const T &E : V)
      put(E);
  }
  template <typename T> void put(const OutOfLine<T> &O) { put(*O); }
  // A summary struct: its members. fields() takes a mutable reference so
  // that readers can share it; writers only read through it.
  template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
  void put(const T &Struct) {
    fields(*this, const_cast<T &>(Struct));
  }
};

class BinaryReader {
public:
  BinaryReader(ByteReader &R, const std::vector<StringRef> &Strings,
               ReadPath &Path)
      : R(R), Strings(Strings), Path(Path) {}

  template <typename T> void operator()(const char *Member, T &X) {
    if (Path.failed())
      return;
    get(X);
    if (Path.failed())
      Path.within(Member);
  }

  // Every kind of value has a get(), public: the top level may be any of
  // them.
  template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
  void get(T &Struct) {
    fields(*this, Struct);
    if (!Path.failed())
      if (std::string Why = invalid(Struct); !Why.empty())
        Path.fail(Why);
  }

  bool number(uint64_t &V, uint64_t Max, const char *What) {
    if (R.u64(V) && V <= Max)
      return true;
    Path.fail(What);
    return false;
  }

  void get(std::string &S) {
    uint64_t I;
    if (!R.u64(I))
      return Path.fail("expected a string");
    if (I >= Strings.size())
      return Path.fail("string " + std::to_string(I) +
                       " is not in the string table");
    S.assign(Strings[I].data(), Strings[I].size());
  }
  void get(bool &B) {
    uint64_t V;
    if (number(V, 1, "expected true or false"))
      B = V != 0;
  }
  void get(unsigned &U) {
    uint64_t V;
    if (number(V, UINT_MAX, "expected an unsigned integer"))
      U = static_cast<unsigned>(V);
  }
  void get(int &I) {
    int64_t V;
    if (!R.s64(V) || V < INT_MIN || V > INT_MAX)
      return Path.fail("expected an integer");
    I = static_cast<int>(V);
  }
  void get(int64_t &I) {
    if (!R.s64(I))
      Path.fail("expected an integer");
  }
  void get(Irql &L) {
    uint64_t V;
    if (number(V, static_cast<uint64_t>(Irql::High), BadIrql))
      L = static_cast<Irql>(V);
  }
  template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void get(E &K) {
    uint64_t V;
    if (number(V, enumCount<E>() - 1,
               ("expected an integer below " + std::to_string(enumCount<E>()))
                   .c_str()))
      K = static_cast<E>(V);
  }
  void get(SourcePoint &P) {
    uint64_t Line, Col;
    get(P.File);
    if (Path.failed())
      return;
    if (!number(Line, UINT_MAX, BadLocation) ||
        !number(Col, UINT_MAX, BadLocation))
      return;
    P.Line = static_cast<unsigned>(Line);
    P.Col = static_cast<unsigned>(Col);
  }
  void get(ArgSets &A) {
    uint64_t N;
    if (!R.count(N, 2))
      return Path.fail("expected a list of argument value sets");
    A.resize(N);
    for (auto &[Name, Values] : A) {
      get(Name);
      if (Path.failed())
        return;
      uint64_t M;
      if (!R.count(M))
        return Path.fail("expected a list of values");
      Values.resize(M);
      for (int64_t &V : Values)
        if (!R.s64(V))
          return Path.fail("expected an integer");
    }
  }
  void get(ConstArgs &A) {
    uint64_t N;
    if (!R.count(N, 2))
      return Path.fail("expected a list of constant arguments");
    A.resize(N);
    for (auto &[Name, Value] : A) {
      get(Name);
      if (Path.failed())
        return;
      if (!R.s64(Value))
        return Path.fail("expected an integer");
    }
  }
  template <typename T> void get(std::optional<T> &O) {
    uint64_t Present;
    if (!number(Present, 1, "expected an optional value"))
      return;
    O.reset();
    if (!Present)
      return;
    O.emplace();
    get(*O);
  }
  template <typename T> void get(OutOfLine<T> &O) {
    T V;
    get(V);
    O = std::move(V);
  }
  template <typename T> void get(std::vector<T> &V) {
    uint64_t N;
    if (!R.count(N))
      return Path.fail("expected a list");
    V.clear();
    V.resize(N);
    for (size_t I = 0; I < N; ++I) {
      get(V[I]);
      if (Path.failed())
        return Path.within(I);
    }
  }

private:
  ByteReader &R;
  const std::vector<StringRef> &Strings;
  ReadPath &Path;
};

template <typename T>
std::string encodeBinary(const char (&Magic)[8], const T &Value) {
  std::string Body;
  BinaryWriter Writer(Body);
  Writer("", Value);
  std::string Out(Magic, sizeof(Magic));
  Out.reserve(Body.size() + Body.size() / 2);
  ByteWriter W(Out);
  W.u64(SummaryFormatVersion);
  W.u64(Writer.Strings.size());
  for (StringRef Str : Writer.Strings)
    W.bytes(Str);
  W.raw(Body);
  return Out;
}

template <typename T>
bool decodeBinary(const char (&Magic)[8], const char *What, StringRef Bytes,
                  T &Out, std::string &Error) {
  ReadPath Path;
  ByteReader R(Bytes);
  StringRef Head;
  uint64_t Version = 0, NumStrings = 0;
  if (!R.raw(sizeof(Magic), Head) || Head != StringRef(Magic, sizeof(Magic)))
    Path.fail(std::string("not ") + What);
  else if (!R.u64(Version) || Version != SummaryFormatVersion)
    Path.fail("summary format version " + std::to_string(Version) +
              ", expected " + std::to_string(SummaryFormatVersion));
  else if (!R.count(NumStrings))
    Path.fail("truncated string table");
  std::vector<StringRef> Strings;
  if (!Path.failed()) {
    Strings.resize(NumStrings);
    for (StringRef &S : Strings)
      if (!R.bytes(S)) {
        Path.fail("truncated string table");
        break;
      }
  }
  if (!Path.failed()) {
    BinaryReader Reader(R, Strings, Path);
    Reader.get(Out);
    if (!Path.failed() && !R.atEnd())
      Path.fail(std::string("unexpected bytes after the end of ") + What);
  }
  if (Path.failed())
    Error = Path.message();
  return !Path.failed();
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

class JsonWriter {
public:
  explicit JsonWriter(json &Obj) : Cur(&Obj) {}

  template <typename T> void operator()(const char *Member, const T &X) {
    (*Cur)[Member] = value(X);
  }
  // Absent optionals are left out rather than written as null, so that a
  // summary reads like what the source says.
  template <typename T>
  void operator()(const char *Member, const std::optional<T> &X) {
    if (X)
      (*Cur)[Member] = value(*X);
  }

  json object(const TuSummary &S) { return value(S); }
  /// The file table that locations index: a summary holds thousands of
  /// locations in a handful of files.
  std::map<std::string, unsigned> Files;

private:
  json *Cur;

  json value(const std::string &S) { return S; }
  json value(bool B) { return B; }
  json value(unsigned U) { return U; }
  json value(int I) { return I; }
  json value(int64_t I) { return I; }
  json value(Irql L) { return irqlName(L); }
  template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  json value(E K) {
    return static_cast<unsigned>(K);
  }
  json value(const SourcePoint &P) {
    auto It = Files.emplace(P.File, Files.size()).first;
    return json::array({It->second, P.Line, P.Col});
  }
  json value(const ConstArgs &A) {
    json O = json::object();
    for (const auto &[Name, V] : A)
      O[Name] = V;
    return O;
  }
  json value(const ArgSets &A) {
    json O = json::object();
    for (const auto &[Name, Vs] : A)
      O[Name] = Vs;
    return O;
  }
  template <typename T> json value(const std::vector<T> &V) {
    json A = json::array();
    for (const T &E : V)
      A.push_back(value(E));
    return A;
  }
  template <typename T> json value(const OutOfLine<T> &O) { return value(*O); }
  template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
  json value(const T &Struct) {
    json O = json::object();
    json *Saved = Cur;
    Cur = &O;
    fields(*this, const_cast<T &>(Struct));
    Cur = Saved;
    return O;
  }
};

class JsonReader {
public:
  JsonReader(const std::vector<std::string> &Files, ReadPath &Path)
      : Files(Files), Path(Path) {}

  template <typename T> void operator()(const char *Member, T &X) {
    if (Path.failed())
      return;
    auto It = Cur->find(Member);
    if (It == Cur->end() || (isOptional(X) && It->is_null())) {
      if (!absent(X))
        Path.fail(std::string("missing member '") + Member + "'");
      return;
    }
    get(*It, X);
    if (Path.failed())
      Path.within(Member);
  }

  template <typename T, std::enable_if_t<!std::is_enum_v<T>, int> = 0>
  void get(const json &J, T &Struct) {
    if (!J.is_object())
      return Path.fail("expected an object");
    const json *Saved = Cur;
    Cur = &J;
    fields(*this, Struct);
    Cur = Saved;
    if (!Path.failed())
      if (std::string Why = invalid(Struct); !Why.empty())
        Path.fail(Why);
  }

private:
  const std::vector<std::string> &Files;
  ReadPath &Path;
  const json *Cur = nullptr;

  template <typename T> static bool isOptional(const T &) { return false; }
  template <typename T> static bool isOptional(const std::optional<T> &) {
    return true;
  }
  /// A missing member: fine for an optional (nullopt), an error otherwise.
  template <typename T> static bool absent(T &) { return false; }
  template <typename T> static bool absent(std::optional<T> &O) {
    O.reset();
    return true;
  }

  void get(const json &J, std::string &S) {
    if (!J.is_string())
      return Path.fail("expected a string");
    S = J.get_ref<const std::string &>();
  }
  void get(const json &J, bool &B) {
    if (!J.is_boolean())
      return Path.fail("expected true or false");
    B = J.get<bool>();
  }
  void get(const json &J, unsigned &U) {
    if (!J.is_number_unsigned() || J.get<uint64_t>() > UINT_MAX)
      return Path.fail("expected an unsigned integer");
    U = static_cast<unsigned>(J.get<uint64_t>());
  }
  void get(const json &J, int &I) {
    if (!J.is_number_integer() || J.get<int64_t>() < INT_MIN ||
        J.get<int64_t>() > INT_MAX)
      return Path.fail("expected an integer");
    I = static_cast<int>(J.get<int64_t>());
  }
  void get(const json &J, int64_t &I) {
    if (!J.is_number_integer())
      return Path.fail("expected an integer");
    I = J.get<int64_t>();
  }
  template <typename E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void get(const json &J, E &K) {
    if (!J.is_number_unsigned() || J.get<uint64_t>() >= enumCount<E>())
      return Path.fail("expected an integer below " +
                       std::to_string(enumCount<E>()));
    K = static_cast<E>(J.get<uint64_t>());
  }
  void get(const json &J, Irql &L) {
    std::optional<Irql> Parsed;
    if (J.is_string())
      Parsed = parseIrql(J.get_ref<const std::string &>());
    if (!Parsed)
      return Path.fail(BadIrql);
    L = *Parsed;
  }
  void get(const json &J, SourcePoint &P) {
    auto Natural = [](const json &V) {
      return V.is_number_integer() && V.get<int64_t>() >= 0 &&
             V.get<int64_t>() <= UINT_MAX;
    };
    if (!J.is_array() || J.size() != 3 || !Natural(J[0]) || !Natural(J[1]) ||
        !Natural(J[2]))
      return Path.fail(BadLocation);
    uint64_t File = J[0].get<uint64_t>();
    if (File >= Files.size())
      return Path.fail("file index " + std::to_string(File) +
                       " is not in the file table");
    P.File = Files[File];
    P.Line = J[1].get<unsigned>();
    P.Col = J[2].get<unsigned>();
  }
  void get(const json &J, ArgSets &A) {
    if (!J.is_object())
      return Path.fail("expected an object");
    A.clear();
    for (auto It = J.begin(); It != J.end(); ++It) {
      std::vector<int64_t> Vs;
      if (It->is_array())
        for (const json &V : *It) {
          if (!V.is_number_integer())
            break;
          Vs.push_back(V.get<int64_t>());
        }
      if (!It->is_array() || Vs.size() != It->size()) {
        Path.fail("expected a list of integers");
        return Path.within(It.key().c_str());
      }
      A.emplace_back(It.key(), std::move(Vs));
    }
  }
  void get(const json &J, ConstArgs &A) {
    if (!J.is_object())
      return Path.fail("expected an object");
    A.clear();
    for (auto It = J.begin(); It != J.end(); ++It) {
      if (!It->is_number_integer()) {
        Path.fail("expected an integer");
        return Path.within(It.key().c_str());
      }
      A.emplace_back(It.key(), It->get<int64_t>());
    }
  }
  template <typename T> void get(const json &J, std::optional<T> &O) {
    O.emplace();
    get(J, *O);
  }
  template <typename T> void get(const json &J, OutOfLine<T> &O) {
    T V;
    get(J, V);
    O = std::move(V);
  }
  template <typename T> void get(const json &J, std::vector<T> &V) {
    if (!J.is_array())
      return Path.fail("expected an array");
    V.clear();
    V.resize(J.size());
    for (size_t I = 0; I < J.size(); ++I) {
      get(J[I], V[I]);
      if (Path.failed())
        return Path.within(I);
    }
  }
};

bool readJson(const json &J, TuSummary &Out, std::string &Error) {
  ReadPath Path;
  std::vector<std::string> Files;
  if (!J.is_object()) {
    Path.fail("expected an object");
  } else {
    auto V = J.find("version");
    auto F = J.find("files");
    if (V == J.end() || !V->is_number_integer() ||
        V->get<int64_t>() != SummaryFormatVersion) {
      Path.fail("expected summary format version " +
                std::to_string(SummaryFormatVersion));
    } else if (F == J.end() || !F->is_array()) {
      Path.fail("missing member 'files'");
    } else {
      for (const json &Name : *F) {
        if (!Name.is_string()) {
          Path.fail("expected a string");
          Path.within("files");
          break;
        }
        Files.push_back(Name.get<std::string>());
      }
    }
  }
  if (!Path.failed()) {
    JsonReader Reader(Files, Path);
    Reader.get(J, Out);
  }
  if (Path.failed())
    Error = Path.message();
  return !Path.failed();
}

} // namespace

std::string encodeSummary(const TuSummary &S) {
  return encodeBinary(SummaryMagic, S);
}

bool isBinarySummary(StringRef Bytes) {
  return Bytes.starts_with(StringRef(SummaryMagic, sizeof(SummaryMagic)));
}

bool decodeSummary(StringRef Bytes, TuSummary &Out, std::string &Error) {
  // Read into a fresh value so that a failure leaves Out as it was.
  TuSummary S;
  try {
    if (isBinarySummary(Bytes)) {
      if (!decodeBinary(SummaryMagic, "a summary", Bytes, S, Error))
        return false;
    } else {
      json J = json::parse(Bytes.begin(), Bytes.end(), nullptr,
                           /*allow_exceptions=*/false);
      if (J.is_discarded()) {
        Error = "not a summary: neither NdisCheck's binary form nor JSON";
        return false;
      }
      if (!readJson(J, S, Error))
        return false;
    }
  } catch (const std::exception &E) {
    // Defensive: the checks above should leave nlohmann nothing to throw.
    Error = std::string("summary: ") + E.what();
    return false;
  }
  Out = std::move(S);
  return true;
}

std::string encodeSummaryFile(const SummaryFile &F) {
  return encodeBinary(FileMagic, F);
}

bool isSummaryFile(StringRef Bytes) {
  return Bytes.starts_with(StringRef(FileMagic, sizeof(FileMagic)));
}

bool decodeSummaryFile(StringRef Bytes, SummaryFile &Out, std::string &Error) {
  SummaryFile F;
  if (!decodeBinary(FileMagic, "an NdisCheck summary file", Bytes, F, Error))
    return false;
  Out = std::move(F);
  return true;
}

std::string encodeFindings(const std::vector<Finding> &F) {
  return encodeBinary(FindingsMagic, F);
}

bool decodeFindings(StringRef Bytes, std::vector<Finding> &Out,
                    std::string &Error) {
  std::vector<Finding> F;
  if (!decodeBinary(FindingsMagic, "findings", Bytes, F, Error))
    return false;
  Out = std::move(F);
  return true;
}

json summaryToJson(const TuSummary &S) {
  json Placeholder;
  JsonWriter Writer(Placeholder);
  json J = Writer.object(S);
  J["version"] = SummaryFormatVersion;
  std::vector<std::string> Table(Writer.Files.size());
  for (const auto &[Path, Index] : Writer.Files)
    Table[Index] = Path;
  J["files"] = std::move(Table);
  return J;
}

bool summaryFromJson(const json &J, TuSummary &Out, std::string &Error) {
  TuSummary S;
  try {
    if (!readJson(J, S, Error))
      return false;
  } catch (const std::exception &E) {
    Error = std::string("summary: ") + E.what();
    return false;
  }
  Out = std::move(S);
  return true;
}

} // namespace ndischeck
