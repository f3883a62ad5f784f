//===- ResourceSolver.cpp - Allocations along the paths of the driver -----===//

#include "link/ResourceSolver.h"

#include "link/ResourceLink.h"

#include "llvm/Support/CommandLine.h"

#include <algorithm>
#include <deque>
#include <tuple>
#include <unordered_map>

namespace ndischeck {

// Hidden: the tests lower it to show what a function over the budget gives.
static llvm::cl::opt<unsigned> ResourceStepsPerBlock(
    "resource-steps-per-block", llvm::cl::Hidden, llvm::cl::init(24),
    llvm::cl::desc("Budget of the resource analysis: worklist steps per block "
                   "of a function (and 21 blocks more) before it gives the "
                   "function up"));

unsigned resourceStepsPerBlock() { return ResourceStepsPerBlock; }

namespace {

/// What an object can be on the path case it is in (a may-set).
enum : unsigned {
  Unchecked = 1, ///< allocated, its failure not tested yet
  Checked = 2,   ///< known not NULL
  Failed = 4,    ///< known NULL: the allocation failed, nothing to free
  Freed = 8,
  Escaped = 16, ///< kept somewhere the analysis does not follow
  Gone = 32,    ///< its fate is unknown (merged away, overwritten in a loop)
  Live = Unchecked | Checked,
};

constexpr size_t MaxCases = 8;
/// A callee's outcomes beyond this many are merged (each applies to every
/// case of every caller).
constexpr size_t MaxOutcomes = 4;
/// Call results (and their statuses) a case carries.
constexpr size_t RecentResultsKept = 32;
/// Objects a value may be beyond which those whose fate is already unknown
/// are widened into "unknown".
constexpr size_t ObjectsPerValueKept = 4;
/// Steps (".F", "[]") a cell address a value holds may have: a pointer
/// walked through a buffer in a loop (`p = (T *)(p->Data + p->Len)`)
/// would otherwise address a deeper cell on every turn.
constexpr size_t RefStepsKept = 6;
constexpr unsigned MaxDepth = 32;

using ObjId = unsigned;

/// How a block keeps the cases that reach it. It only ever moves down the
/// list, which is what makes the join monotone: a join that went back to
/// more cases could cycle between many and few forever.
enum class CaseMode : uint8_t {
  Apart,   ///< every distinct case on its own (at most MaxCases)
  ByFacts, ///< cases merged by their facts (sameFacts), at most MaxCases
  Merged,  ///< everything merged into one case
};

/// What an object stands for, the same in every case of a run.
struct ObjInfo {
  bool Tracked = false; ///< an allocation: losing it is a leak
  std::string Key;      ///< an entry object: the path that reaches it
  std::string Ddi, Family;
  SourcePoint Site;
};

/// An object's story (allocated here, checked there), shared between the
/// path cases that copy it until one of them adds to it: cases are copied at
/// every branch, their stories rarely change.
class SharedTrace {
public:
  void push_back(TraceStep S) {
    auto V = own();
    V->push_back(std::move(S));
    Steps = std::move(V);
  }
  template <typename It> void append(It B, It E) {
    if (B == E)
      return;
    auto V = own();
    V->insert(V->end(), B, E);
    Steps = std::move(V);
  }
  size_t size() const { return Steps ? Steps->size() : 0; }
  operator std::vector<TraceStep>() const {
    return Steps ? *Steps : std::vector<TraceStep>{};
  }

private:
  std::shared_ptr<const std::vector<TraceStep>> Steps;
  std::shared_ptr<std::vector<TraceStep>> own() const {
    return Steps ? std::make_shared<std::vector<TraceStep>>(*Steps)
                 : std::make_shared<std::vector<TraceStep>>();
  }
};

struct Obj {
  unsigned Mask = 0;
  SharedTrace Path;
  std::vector<ObjId> Owns; ///< what it describes (an MDL its buffer)
  bool same(const Obj &O) const { return Mask == O.Mask && Owns == O.Owns; }
};

template <typename T> void insertSorted(std::vector<T> &V, const T &X) {
  auto It = std::lower_bound(V.begin(), V.end(), X);
  if (It == V.end() || *It != X)
    V.insert(It, X);
}

struct Val {
  std::vector<ObjId> Objs;       ///< sorted
  std::vector<std::string> Refs; ///< addresses of variable cells, sorted
  bool Null = false;
  bool Unknown = false;
  /// Objects whose fate is unknown were widened into Unknown.
  bool Widened = false;

  static Val unknown() {
    Val V;
    V.Unknown = true;
    return V;
  }
  static Val null() {
    Val V;
    V.Null = true;
    return V;
  }
  static Val object(ObjId O) {
    Val V;
    V.Objs.push_back(O);
    return V;
  }
  void add(const Val &O) {
    for (ObjId X : O.Objs)
      insertSorted(Objs, X);
    for (const std::string &R : O.Refs)
      insertSorted(Refs, R);
    Null |= O.Null;
    Unknown |= O.Unknown;
    Widened |= O.Widened;
  }
  bool operator==(const Val &O) const {
    return Objs == O.Objs && Refs == O.Refs && Null == O.Null &&
           Unknown == O.Unknown && Widened == O.Widened;
  }
  bool operator!=(const Val &O) const { return !(*this == O); }
  /// Exactly one object and nothing else.
  bool single() const {
    return Objs.size() == 1 && Refs.empty() && !Null && !Unknown;
  }
};

struct Status {
  /// Success is the success code itself (a constant 0, an allocation that
  /// succeeded); NotFailed any status that is not a failure, such as
  /// NDIS_STATUS_PENDING (a handler reached through a pointer that did
  /// not fail).
  enum Kind : uint8_t { Unknown, Success, Failure, Of, NotFailed };
  Kind K = Unknown;
  ObjId Obj = 0; ///< Of: success means this allocation succeeded
  bool operator==(const Status &O) const {
    return K == O.K && (K != Of || Obj == O.Obj);
  }
};

struct Case {
  std::map<ObjId, Obj> Objs;
  std::map<std::string, Val> Cells;
  std::map<std::string, Status> Stat;
  std::map<unsigned, Val> Results; ///< (index << 1) | IsCall
  std::map<unsigned, Status> ResultStat;
  bool Returned = false;
  Val ReturnValue;
  Status ReturnStat;
  /// Objects handed to NDIS as the driver's context, sorted.
  std::vector<ObjId> Contexts;
  /// Globals handed to NDIS by address as the driver's context ("v:@G").
  std::vector<std::string> ContextGlobals;

  bool same(const Case &O) const {
    if (Objs.size() != O.Objs.size() || Cells != O.Cells || Stat != O.Stat ||
        Contexts != O.Contexts || ContextGlobals != O.ContextGlobals ||
        Results != O.Results || ResultStat != O.ResultStat ||
        Returned != O.Returned || !(ReturnValue == O.ReturnValue) ||
        !(ReturnStat == O.ReturnStat))
      return false;
    for (auto A = Objs.begin(), B = O.Objs.begin(); A != Objs.end(); ++A, ++B)
      if (A->first != B->first || !A->second.same(B->second))
        return false;
    return true;
  }
};

/// For a cell of an object ("o:12", "o:12.Status.Va"): the object, and
/// whether the cell is a field inside it rather than the object itself.
bool objectOfCell(const std::string &Cell, ObjId &Id, bool &Inside) {
  if (Cell.rfind("o:", 0) != 0)
    return false;
  size_t End = 2;
  while (End < Cell.size() && isdigit(static_cast<unsigned char>(Cell[End])))
    ++End;
  if (End == 2)
    return false;
  Id = static_cast<ObjId>(std::stoul(Cell.substr(2, End - 2)));
  Inside = End < Cell.size();
  return true;
}

/// The key of a call's result in Case::Results: DDI calls, driver calls
/// and calls through pointers are numbered apart.
unsigned resultKey(ProgValue::Kind K, unsigned Index) {
  unsigned Space = K == ProgValue::CallResult       ? 1
                   : K == ProgValue::IndirectResult ? 2
                                                    : 0;
  return (Index << 2) | Space;
}

bool isResult(ProgValue::Kind K) {
  return K == ProgValue::DdiResult || K == ProgValue::CallResult ||
         K == ProgValue::IndirectResult;
}

/// One step of a path: "->F", ".F", "*", "[]".
struct Seg {
  enum Kind { Arrow, Field, Deref, Elem } K;
  std::string Name;
};

bool parsePathUncached(const std::string &Path, std::string &Root,
                       std::vector<Seg> &Segs) {
  size_t I = 0;
  auto IsIdent = [](char C) {
    return isalnum(static_cast<unsigned char>(C)) || C == '_';
  };
  if (I < Path.size() && (Path[I] == '$' || Path[I] == '@'))
    ++I;
  while (I < Path.size() && IsIdent(Path[I]))
    ++I;
  Root = Path.substr(0, I);
  if (Root.empty())
    return false;
  Segs.clear();
  while (I < Path.size()) {
    if (Path.compare(I, 2, "->") == 0 || Path[I] == '.') {
      bool Arrow = Path[I] == '-';
      I += Arrow ? 2 : 1;
      size_t Start = I;
      while (I < Path.size() && IsIdent(Path[I]))
        ++I;
      if (I == Start)
        return false;
      Segs.push_back(
          {Arrow ? Seg::Arrow : Seg::Field, Path.substr(Start, I - Start)});
    } else if (Path[I] == '*') {
      Segs.push_back({Seg::Deref, ""});
      ++I;
    } else if (Path.compare(I, 2, "[]") == 0) {
      Segs.push_back({Seg::Elem, ""});
      I += 2;
    } else {
      return false;
    }
  }
  return true;
}

/// parsePath, remembered: the same few hundred paths (a callee's effect, a
/// cell) are parsed again at every step of every case.
bool parsePath(const std::string &Path, std::string &Root,
               std::vector<Seg> &Segs) {
  struct Parsed {
    bool Ok;
    std::string Root;
    std::vector<Seg> Segs;
  };
  thread_local std::unordered_map<std::string, Parsed> Cache;
  auto It = Cache.find(Path);
  if (It == Cache.end()) {
    if (Cache.size() > 1 << 16)
      Cache.clear();
    Parsed P;
    P.Ok = parsePathUncached(Path, P.Root, P.Segs);
    It = Cache.emplace(Path, std::move(P)).first;
  }
  Root = It->second.Root;
  Segs = It->second.Segs;
  return It->second.Ok;
}

/// A value a callee's effect talks about, in the callee's names.
struct EffVal {
  bool Null = false, Unknown = false;
  std::vector<std::string> Keys; ///< entry objects: what the caller passed
  std::vector<unsigned> News;    ///< objects the callee allocated
  /// Addresses inside them (`&Hdr->User`): the object and the cell suffix.
  std::vector<std::pair<unsigned, std::string>> NewFields;
  bool operator==(const EffVal &O) const {
    return Null == O.Null && Unknown == O.Unknown && Keys == O.Keys &&
           News == O.News && NewFields == O.NewFields;
  }
};

struct EffStatus {
  Status::Kind K = Status::Unknown;
  unsigned New = 0;
  bool operator==(const EffStatus &O) const {
    return K == O.K && (K != Status::Of || New == O.New);
  }
};

struct NewObj {
  ObjInfo Info;
  unsigned Mask = 0;
  bool Context = false; ///< handed to NDIS as the driver's context
  std::vector<TraceStep> Path;
  std::vector<unsigned> Owns;
};

/// One way the callee can return.
struct Outcome {
  /// What the callee's tests found of what it was given: a caller whose
  /// value contradicts them cannot take this outcome.
  std::vector<std::string> Nulls, NonNulls;
  std::vector<std::pair<std::string, EffVal>> Writes;
  std::vector<std::string> Freed, Escaped, Gone;
  /// Handed to NDIS as the driver's context (entry objects by key).
  std::vector<std::string> Contexts;
  EffVal Result;
  EffStatus ResultStat;
  /// Statuses written where the caller sees them (`*Status` of a
  /// PNDIS_STATUS parameter), by key: whose allocation they report.
  std::vector<std::pair<std::string, EffStatus>> StatWrites;
  bool operator==(const Outcome &O) const {
    return Nulls == O.Nulls && NonNulls == O.NonNulls && Writes == O.Writes &&
           Freed == O.Freed && Escaped == O.Escaped && Gone == O.Gone &&
           Contexts == O.Contexts && Result == O.Result &&
           ResultStat == O.ResultStat && StatWrites == O.StatWrites;
  }
};

template <typename T>
std::vector<T> intersect(const std::vector<T> &A, const std::vector<T> &B) {
  std::vector<T> Out;
  for (const T &X : A)
    if (std::find(B.begin(), B.end(), X) != B.end())
      Out.push_back(X);
  return Out;
}

template <typename T> void unite(std::vector<T> &A, const std::vector<T> &B) {
  for (const T &X : B)
    if (std::find(A.begin(), A.end(), X) == A.end())
      A.push_back(X);
}

/// Whether a caller can tell A from B: a test of what it passed, or the
/// status or result it gets back, differs.
bool distinguishable(const Outcome &A, const Outcome &B) {
  auto Meet = [](const std::vector<std::string> &X,
                 const std::vector<std::string> &Y) {
    return std::any_of(X.begin(), X.end(), [&](const std::string &K) {
      return std::find(Y.begin(), Y.end(), K) != Y.end();
    });
  };
  return Meet(A.Nulls, B.NonNulls) || Meet(B.Nulls, A.NonNulls) ||
         !(A.ResultStat == B.ResultStat) || A.Result.Null != B.Result.Null ||
         A.StatWrites != B.StatWrites;
}

/// A free the caller cannot tell happened (a reference count dropping to
/// zero inside the callee) is not one it may count on, nor its absence: the
/// object's fate is unknown to it (Gone) on both outcomes, so two such
/// calls are neither a double free nor a leak.
void settleUncertainFrees(std::vector<Outcome> &Outcomes) {
  auto Has = [](const std::vector<std::string> &V, const std::string &K) {
    return std::find(V.begin(), V.end(), K) != V.end();
  };
  std::vector<std::set<std::string>> Uncertain(Outcomes.size());
  for (size_t I = 0; I < Outcomes.size(); ++I)
    for (const std::string &K : Outcomes[I].Freed)
      for (size_t J = 0; J < Outcomes.size(); ++J)
        if (J != I && !Has(Outcomes[J].Freed, K) &&
            !distinguishable(Outcomes[I], Outcomes[J])) {
          Uncertain[I].insert(K);
          Uncertain[J].insert(K);
        }
  for (size_t I = 0; I < Outcomes.size(); ++I)
    for (const std::string &K : Uncertain[I]) {
      Outcome &O = Outcomes[I];
      auto It = std::find(O.Freed.begin(), O.Freed.end(), K);
      if (It != O.Freed.end())
        O.Freed.erase(It);
      if (!Has(O.Gone, K) && !Has(O.Escaped, K))
        O.Gone.push_back(K);
    }
  // Outcomes that now say the same are one.
  for (size_t I = 0; I < Outcomes.size(); ++I)
    for (size_t J = I + 1; J < Outcomes.size();)
      if (Outcomes[J] == Outcomes[I])
        Outcomes.erase(Outcomes.begin() + J);
      else
        ++J;
}

/// One outcome standing for two: what both say, and "unknown" for what
/// only one says (freed on one of them only: the caller cannot tell).
Outcome mergeOutcomes(const Outcome &A, const Outcome &B) {
  Outcome M;
  M.Nulls = intersect(A.Nulls, B.Nulls);
  M.NonNulls = intersect(A.NonNulls, B.NonNulls);
  M.Freed = intersect(A.Freed, B.Freed);
  M.Escaped = A.Escaped;
  unite(M.Escaped, B.Escaped);
  M.Gone = A.Gone;
  unite(M.Gone, B.Gone);
  M.Contexts = A.Contexts;
  unite(M.Contexts, B.Contexts);
  for (const Outcome *O : {&A, &B})
    for (const std::string &K : O->Freed)
      if (std::find(M.Freed.begin(), M.Freed.end(), K) == M.Freed.end() &&
          std::find(M.Gone.begin(), M.Gone.end(), K) == M.Gone.end())
        M.Gone.push_back(K);
  auto Find = [](const Outcome &O, const std::string &K) -> const EffVal * {
    for (const auto &W : O.Writes)
      if (W.first == K)
        return &W.second;
    return nullptr;
  };
  std::vector<std::string> Keys;
  for (const Outcome *O : {&A, &B})
    for (const auto &W : O->Writes)
      if (std::find(Keys.begin(), Keys.end(), W.first) == Keys.end())
        Keys.push_back(W.first);
  for (const std::string &K : Keys) {
    EffVal V;
    for (const Outcome *O : {&A, &B}) {
      const EffVal *W = Find(*O, K);
      if (!W) {
        V.Keys.push_back(K); // unchanged on that outcome
        continue;
      }
      V.Null |= W->Null;
      V.Unknown |= W->Unknown;
      unite(V.Keys, W->Keys);
      unite(V.News, W->News);
      unite(V.NewFields, W->NewFields);
    }
    std::sort(V.Keys.begin(), V.Keys.end());
    V.Keys.erase(std::unique(V.Keys.begin(), V.Keys.end()), V.Keys.end());
    std::sort(V.News.begin(), V.News.end());
    M.Writes.emplace_back(K, std::move(V));
  }
  M.Result = A.Result;
  M.Result.Null |= B.Result.Null;
  M.Result.Unknown |= B.Result.Unknown;
  unite(M.Result.Keys, B.Result.Keys);
  unite(M.Result.News, B.Result.News);
  unite(M.Result.NewFields, B.Result.NewFields);
  std::sort(M.Result.Keys.begin(), M.Result.Keys.end());
  std::sort(M.Result.News.begin(), M.Result.News.end());
  M.ResultStat = A.ResultStat == B.ResultStat ? A.ResultStat : EffStatus{};
  // A status only where both say the same.
  M.StatWrites = intersect(A.StatWrites, B.StatWrites);
  return M;
}

} // namespace

struct ResourceEffect {
  std::string Name;
  std::vector<Outcome> Outcomes; ///< empty: the callee never returns
  std::vector<NewObj> News;
};

//===----------------------------------------------------------------------===//
// One run of a function
//===----------------------------------------------------------------------===//

class ResourceRun {
public:
  ResourceRun(ResourceSolver &S, const FunctionSummary &F,
              std::vector<Finding> *Out,
              std::vector<KeptResource> *Kept = nullptr)
      : S(S), Db(S.Db), F(F), P(F.Program), Out(Out), Kept(Kept) {}

  /// Runs the function; fills Effect when it finishes within the budget.
  bool run(ResourceEffect &Effect);

private:
  ResourceSolver &S;
  const ContractDb &Db;
  const FunctionSummary &F;
  const FunctionProgram &P;
  std::vector<Finding> *Out;
  std::vector<KeptResource> *Kept;
  bool Record = false;

  std::vector<ObjInfo> Infos;
  /// The call results some step reads (most calls' results are not kept).
  std::set<unsigned> UsedResults;
  std::map<std::string, ObjId> EntryIds;
  std::unordered_map<std::string, Val> Defaults;
  std::map<unsigned, ObjId> AllocIds;
  std::map<std::pair<unsigned, unsigned>, ObjId> CalleeIds;

  struct LeakReport {
    std::vector<TraceStep> Trace;
    std::vector<TraceStep> Others;
    std::set<SourcePoint> Where;
  };
  std::map<ObjId, LeakReport> Leaks;
  std::set<ObjId> UncheckedReported;
  std::set<std::pair<ObjId, SourcePoint>> DoubleReported;

  // Objects --------------------------------------------------------------
  ObjId newId(ObjInfo Info) {
    Infos.push_back(std::move(Info));
    return static_cast<ObjId>(Infos.size() - 1);
  }
  ObjId entryObject(Case &C, const std::string &Key) {
    auto It = EntryIds.find(Key);
    ObjId Id;
    if (It == EntryIds.end()) {
      ObjInfo I;
      I.Key = Key;
      Id = newId(std::move(I));
      EntryIds.emplace(Key, Id);
    } else {
      Id = It->second;
    }
    (void)C; // its state is implicit until something changes it
    return Id;
  }

  /// What the caller passed may be NULL or not; nothing else is known. An
  /// entry object is in a case's map only once something changed that.
  static constexpr unsigned EntryMask = Checked | Failed;

  unsigned maskOf(const Case &C, ObjId Id) const {
    auto It = C.Objs.find(Id);
    if (It != C.Objs.end())
      return It->second.Mask;
    return Infos[Id].Tracked ? 0 : EntryMask;
  }

  /// The object's state in C, made explicit for an entry object; null for
  /// an allocation this case does not have.
  Obj *objOf(Case &C, ObjId Id) {
    auto It = C.Objs.find(Id);
    if (It != C.Objs.end())
      return &It->second;
    if (Infos[Id].Tracked)
      return nullptr;
    Obj &O = C.Objs[Id];
    O.Mask = EntryMask;
    return &O;
  }

  // Cells ----------------------------------------------------------------
  /// The entry path of a cell a caller can see, or "".
  std::string visibleKey(const std::string &Cell) const {
    if (Cell.rfind("v:@", 0) == 0)
      return Cell.substr(2);
    if (Cell.rfind("o:", 0) != 0)
      return "";
    size_t End = 2;
    while (End < Cell.size() && isdigit(static_cast<unsigned char>(Cell[End])))
      ++End;
    ObjId Id = static_cast<ObjId>(std::stoul(Cell.substr(2, End - 2)));
    if (Id >= Infos.size() || Infos[Id].Key.empty())
      return "";
    std::string Rest = Cell.substr(End);
    if (Rest.empty())
      return Infos[Id].Key + "*";
    if (Rest[0] == '.')
      return Infos[Id].Key + "->" + Rest.substr(1);
    return Infos[Id].Key + "*" + Rest;
  }

  /// A path through a linked structure (Flink->Flink->...) or deeper than
  /// a driver's context ever nests names no object worth following.
  static bool tooDeep(const std::string &Key) {
    std::string Root;
    std::vector<Seg> Segs;
    if (!parsePath(Key, Root, Segs))
      return true;
    unsigned Derefs = 0;
    std::set<std::string> Seen;
    for (const Seg &S : Segs) {
      if (S.K == Seg::Arrow || S.K == Seg::Deref)
        ++Derefs;
      if (S.K == Seg::Arrow && !Seen.insert(S.Name).second)
        return true;
    }
    return Derefs > 4;
  }

  /// What a cell holds until the function writes it: the same in every
  /// case, so computed once per cell (joins ask for it all the time).
  const Val &defaultOf(Case &C, const std::string &Cell) {
    auto It = Defaults.find(Cell);
    if (It != Defaults.end())
      return It->second;
    Val V = Val::unknown();
    if (Cell.rfind("v:$", 0) == 0 || Cell.rfind("v:@", 0) == 0) {
      V = Val::object(entryObject(C, Cell.substr(2)));
    } else {
      std::string Key = visibleKey(Cell);
      if (!Key.empty() && !tooDeep(Key))
        V = Val::object(entryObject(C, Key));
    }
    return Defaults.emplace(Cell, std::move(V)).first->second;
  }

  Val read(Case &C, const std::string &Cell) {
    auto It = C.Cells.find(Cell);
    if (It != C.Cells.end())
      return It->second;
    return defaultOf(C, Cell);
  }

  /// The cells a pointer value points to.
  static void derefCells(const Val &V, std::vector<std::string> &Cells,
                         bool &UnknownBase) {
    for (ObjId O : V.Objs)
      Cells.push_back("o:" + std::to_string(O));
    for (const std::string &R : V.Refs)
      Cells.push_back(R);
    UnknownBase |= V.Unknown;
  }

  /// The cells Segs reach from Start (cells), following pointers.
  void follow(Case &C, std::vector<std::string> Cells,
              const std::vector<Seg> &Segs, size_t From,
              std::vector<std::string> &Result, bool &UnknownBase) {
    for (size_t I = From; I < Segs.size(); ++I) {
      const Seg &S = Segs[I];
      if (S.K == Seg::Field || S.K == Seg::Elem) {
        for (std::string &Cell : Cells)
          Cell += S.K == Seg::Field ? "." + S.Name : "[]";
        continue;
      }
      Val V;
      for (const std::string &Cell : Cells)
        V.add(read(C, Cell));
      Cells.clear();
      derefCells(V, Cells, UnknownBase);
      if (S.K == Seg::Arrow)
        for (std::string &Cell : Cells)
          Cell += "." + S.Name;
    }
    Result = std::move(Cells);
  }

  std::vector<std::string> cellsOf(Case &C, const std::string &Path,
                                   bool &UnknownBase) {
    std::string Root;
    std::vector<Seg> Segs;
    std::vector<std::string> Result;
    if (!parsePath(Path, Root, Segs)) {
      UnknownBase = true;
      return Result;
    }
    follow(C, {"v:" + Root}, Segs, 0, Result, UnknownBase);
    return Result;
  }

  Val readPath(Case &C, const std::string &Path) {
    bool UnknownBase = false;
    Val V;
    for (const std::string &Cell : cellsOf(C, Path, UnknownBase))
      V.add(read(C, Cell));
    if (UnknownBase)
      V.Unknown = true;
    if (V.Objs.empty() && V.Refs.empty() && !V.Null)
      V.Unknown = true;
    return V;
  }

  Val eval(Case &C, const ProgValue &PV) {
    switch (PV.K) {
    case ProgValue::Unknown:
    case ProgValue::Int:
      return Val::unknown();
    case ProgValue::Null:
      return Val::null();
    case ProgValue::Read:
      return readPath(C, PV.Path);
    case ProgValue::Addr: {
      std::string Root;
      std::vector<Seg> Segs;
      if (!parsePath(PV.Path, Root, Segs))
        return Val::unknown();
      // `(PUCHAR)P + N`, CONTAINING_RECORD(P, ...): somewhere in the block P
      // points to, which is what it stands for (a field address inside an
      // object recovers that object).
      if (!Segs.empty() && Segs.back().K == Seg::Deref) {
        std::vector<Seg> Prefix(Segs.begin(), Segs.end() - 1);
        std::vector<std::string> Base;
        bool UnknownBase = false;
        follow(C, {"v:" + Root}, Prefix, 0, Base, UnknownBase);
        Val P;
        for (const std::string &Cell : Base)
          P.add(read(C, Cell));
        Val V;
        V.Unknown = P.Unknown || UnknownBase;
        for (ObjId O : P.Objs)
          insertSorted(V.Objs, O);
        for (const std::string &R : P.Refs) {
          ObjId O;
          bool Inside;
          if (objectOfCell(R, O, Inside))
            insertSorted(V.Objs, O);
          else
            insertSorted(V.Refs, R);
        }
        if (V.Objs.empty() && V.Refs.empty())
          V.Unknown = true;
        return V;
      }
      Val V;
      bool UnknownBase = false;
      for (const std::string &Cell : cellsOf(C, PV.Path, UnknownBase))
        insertSorted(V.Refs, Cell);
      V.Unknown = UnknownBase;
      return V;
    }
    case ProgValue::DdiResult:
    case ProgValue::CallResult:
    case ProgValue::IndirectResult: {
      auto It = C.Results.find(resultKey(PV.K, PV.Index));
      return It == C.Results.end() ? Val::unknown() : It->second;
    }
    }
    return Val::unknown();
  }

  Status statusOf(Case &C, const ProgValue &PV) {
    if (PV.K == ProgValue::Int) {
      Status St;
      St.K = PV.Number == 0 ? Status::Success : Status::Failure;
      return St;
    }
    if (isResult(PV.K)) {
      auto It = C.ResultStat.find(resultKey(PV.K, PV.Index));
      return It == C.ResultStat.end() ? Status{} : It->second;
    }
    if (PV.K != ProgValue::Read)
      return Status{};
    bool UnknownBase = false;
    std::vector<std::string> Cells = cellsOf(C, PV.Path, UnknownBase);
    if (Cells.size() != 1 || UnknownBase)
      return Status{};
    auto It = C.Stat.find(Cells[0]);
    return It == C.Stat.end() ? Status{} : It->second;
  }

  // Reachability and leaks -----------------------------------------------
  static bool cellOfObject(const std::string &Cell, ObjId O) {
    std::string P = "o:" + std::to_string(O);
    return Cell.compare(0, P.size(), P) == 0 &&
           (Cell.size() == P.size() || Cell[P.size()] == '.' ||
            Cell[P.size()] == '[');
  }

  /// Objects reachable from what outlives the function (Locals: also from
  /// the function's own variables).
  std::set<ObjId> reachable(Case &C, bool Locals) {
    std::set<ObjId> Seen;
    std::vector<ObjId> Work;
    auto Add = [&](const Val &V) {
      for (ObjId O : V.Objs)
        if (Seen.insert(O).second)
          Work.push_back(O);
      for (const std::string &R : V.Refs) {
        ObjId O;
        bool Inside;
        if (objectOfCell(R, O, Inside) && Seen.insert(O).second)
          Work.push_back(O);
      }
    };
    for (const auto &[Cell, V] : C.Cells) {
      bool Root = Cell.rfind("v:$", 0) == 0 || Cell.rfind("v:@", 0) == 0 ||
                  (Locals && Cell.rfind("v:", 0) == 0);
      if (!Root && Cell.rfind("o:", 0) == 0 && !visibleKey(Cell).empty())
        Root = true;
      if (Root)
        Add(V);
    }
    // What escaped lives on, unless this function freed it since: then what
    // only it held is lost with it.
    for (const auto &[Id, O] : C.Objs)
      if ((O.Mask & Gone) ||
          ((!Infos[Id].Tracked || (O.Mask & Escaped)) && !(O.Mask & Freed)))
        if (Seen.insert(Id).second)
          Work.push_back(Id);
    if (C.Returned)
      Add(C.ReturnValue);
    for (const auto &KV : C.Results)
      if (Locals)
        Add(KV.second);
    while (!Work.empty()) {
      ObjId O = Work.back();
      Work.pop_back();
      auto Lo = C.Cells.lower_bound("o:" + std::to_string(O));
      for (auto It = Lo; It != C.Cells.end() && cellOfObject(It->first, O);
           ++It)
        Add(It->second);
      auto It = C.Objs.find(O);
      if (It != C.Objs.end())
        for (ObjId Owned : It->second.Owns)
          if (Seen.insert(Owned).second)
            Work.push_back(Owned);
    }
    return Seen;
  }

  std::string familyNoun(const std::string &Family) const {
    return Family.empty() ? std::string("allocation") : Db.familyNoun(Family);
  }

  void leak(Case &C, ObjId Id, const SourcePoint &Where,
            const std::string &How) {
    Obj &O = C.Objs[Id];
    O.Mask = (O.Mask & ~Live) | Gone;
    if (!Record)
      return;
    LeakReport &R = Leaks[Id];
    if (!R.Where.insert(Where).second)
      return;
    if (R.Trace.empty()) {
      R.Trace = O.Path;
      R.Trace.push_back({Where, "not freed on this path, which " + How});
    } else {
      R.Others.push_back({Where, "also not freed on the path that " + How});
    }
  }

  /// Live allocations among Candidates that nothing reaches any more.
  void checkLost(Case &C, const std::vector<ObjId> &Candidates, bool Locals,
                 const SourcePoint &Where, const std::string &How) {
    std::vector<ObjId> LiveOnes;
    for (ObjId O : Candidates) {
      auto It = C.Objs.find(O);
      if (It != C.Objs.end() && Infos[O].Tracked && (It->second.Mask & Live) &&
          !(It->second.Mask & (Escaped | Gone)))
        LiveOnes.push_back(O);
    }
    if (LiveOnes.empty())
      return;
    std::set<ObjId> Reach = reachable(C, Locals);
    for (ObjId O : LiveOnes)
      if (!Reach.count(O))
        leak(C, O, Where, How);
  }

  std::vector<ObjId> allTracked(const Case &C) const {
    std::vector<ObjId> V;
    for (const auto &KV : C.Objs)
      if (Infos[KV.first].Tracked)
        V.push_back(KV.first);
    return V;
  }

  // The driver's context and what initialisation keeps --------------------
  void markContext(Case &C, const Val &V) {
    for (ObjId O : V.Objs)
      insertSorted(C.Contexts, O);
    for (const std::string &R : V.Refs) {
      ObjId O;
      bool Inside;
      if (objectOfCell(R, O, Inside))
        insertSorted(C.Contexts, O);
      else if (R.rfind("v:@", 0) == 0)
        insertSorted(C.ContextGlobals, R);
    }
  }

  /// "->Field" for a cell suffix ".Field" ("*" for the object itself).
  static std::string pathStep(const std::string &Suffix) {
    if (Suffix.empty())
      return "*";
    if (Suffix[0] == '.')
      return "->" + Suffix.substr(1);
    return "*" + Suffix;
  }

  void collectKept(Case &C, const SourcePoint &Exit) {
    std::map<ObjId, std::vector<std::string>> Paths;
    std::deque<std::pair<ObjId, std::string>> Work;
    auto Reach = [&](ObjId O, const std::string &Path) {
      std::vector<std::string> &Ps = Paths[O];
      if (Ps.size() >= 4 || std::count(Path.begin(), Path.end(), '>') > 4 ||
          std::find(Ps.begin(), Ps.end(), Path) != Ps.end())
        return;
      Ps.push_back(Path);
      Work.emplace_back(O, Path);
    };
    for (ObjId O : C.Contexts)
      Reach(O, "ctx");
    // A global given as the context: its fields are the context's.
    for (const std::string &G : C.ContextGlobals)
      for (auto It = C.Cells.lower_bound(G);
           It != C.Cells.end() && It->first.compare(0, G.size(), G) == 0; ++It)
        if (It->first.size() > G.size() &&
            (It->first[G.size()] == '.' || It->first[G.size()] == '['))
          for (ObjId X : It->second.Objs)
            Reach(X, "ctx" + pathStep(It->first.substr(G.size())));
    for (const auto &[Cell, V] : C.Cells)
      if (Cell.rfind("v:@", 0) == 0)
        for (ObjId O : V.Objs)
          Reach(O, Cell.substr(2));
    while (!Work.empty()) {
      auto [O, Path] = Work.front();
      Work.pop_front();
      std::string Prefix = "o:" + std::to_string(O);
      for (auto It = C.Cells.lower_bound(Prefix);
           It != C.Cells.end() && cellOfObject(It->first, O); ++It)
        for (ObjId X : It->second.Objs)
          Reach(X, Path + pathStep(It->first.substr(Prefix.size())));
      auto Ob = C.Objs.find(O);
      if (Ob != C.Objs.end())
        for (ObjId Owned : Ob->second.Owns)
          Reach(Owned, Path + "*");
    }
    for (auto &[Id, Ps] : Paths) {
      auto Ob = C.Objs.find(Id);
      if (!Infos[Id].Tracked || Ob == C.Objs.end() ||
          !(Ob->second.Mask & Live) || (Ob->second.Mask & Freed))
        continue;
      KeptResource K;
      K.Paths = Ps;
      K.Ddi = Infos[Id].Ddi;
      K.Family = Infos[Id].Family;
      K.Site = Infos[Id].Site;
      K.Trace = Ob->second.Path;
      K.Exit = Exit;
      Kept->push_back(std::move(K));
    }
  }

  // Effects on objects -----------------------------------------------------
  /// The values held in Cell and in the fields under it.
  Val heldUnder(const Case &C, const std::string &Cell) const {
    Val V;
    for (auto It = C.Cells.lower_bound(Cell); It != C.Cells.end(); ++It) {
      const std::string &K = It->first;
      if (K.compare(0, Cell.size(), Cell) != 0 ||
          (K.size() > Cell.size() && K[Cell.size()] != '.' &&
           K[Cell.size()] != '['))
        break;
      V.add(It->second);
    }
    return V;
  }

  /// V is out of this function's sight (kept by NDIS or the platform); a
  /// block linked into a list (Deep) takes what it holds along.
  void escape(Case &C, const Val &V, bool Deep = false) {
    std::vector<ObjId> Work(V.Objs.begin(), V.Objs.end());
    for (const std::string &R : V.Refs) {
      ObjId O;
      bool Inside;
      if (objectOfCell(R, O, Inside))
        Work.push_back(O); // a field's address keeps its block
    }
    std::set<ObjId> Seen;
    while (!Work.empty()) {
      ObjId Id = Work.back();
      Work.pop_back();
      if (!Seen.insert(Id).second)
        continue;
      Obj *O = objOf(C, Id);
      if (!O)
        continue;
      O->Mask = (O->Mask & (Failed | Freed | Gone | Checked)) | Escaped;
      for (ObjId Owned : O->Owns)
        Work.push_back(Owned);
      if (!Deep)
        continue;
      // What it holds goes with it (a queued item's context).
      std::string Prefix = "o:" + std::to_string(Id);
      for (auto It = C.Cells.lower_bound(Prefix);
           It != C.Cells.end() && cellOfObject(It->first, Id); ++It)
        Work.insert(Work.end(), It->second.Objs.begin(), It->second.Objs.end());
    }
  }

  void reportUnchecked(Case &C, const Val &V, const SourcePoint &Where,
                       const std::string &How) {
    for (ObjId Id : V.Objs) {
      auto It = C.Objs.find(Id);
      if (It == C.Objs.end() || !Infos[Id].Tracked ||
          !(It->second.Mask & Unchecked))
        continue;
      Obj &O = It->second;
      O.Mask = (O.Mask & ~Unchecked) | Checked;
      if (!Record || !UncheckedReported.insert(Id).second)
        continue;
      const ObjInfo &I = Infos[Id];
      const DdiInfo *D = Db.ddi(I.Ddi);
      bool ReturnsIt = D && D->Allocates && D->Allocates->Result == "return";
      std::vector<TraceStep> Trace = O.Path;
      Trace.push_back({Where, How + " here, before any check"});
      report("ndis-unchecked-failure", Where,
             "the result of " + I.Ddi + " is " + How +
                 " before it is checked; " + I.Ddi +
                 (ReturnsIt ? " returns NULL"
                            : " leaves it NULL and returns a failure status") +
                 " when the allocation fails",
             std::move(Trace));
    }
  }

  void free(Case &C, Val V, const SourcePoint &Where, const std::string &By) {
    // `&P->Interrupt`: an object embedded in the block, not the block.
    for (const std::string &R : V.Refs) {
      ObjId O;
      bool Inside;
      if (objectOfCell(R, O, Inside) && !Inside)
        insertSorted(V.Objs, O);
    }
    V.Refs.clear();
    for (ObjId Id : V.Objs) {
      Obj *OP = objOf(C, Id);
      if (!OP)
        continue;
      Obj &O = *OP;
      // An array's element stands for every element (a loop frees each):
      // which one this frees is unknown.
      if (Infos[Id].Key.find('[') != std::string::npos) {
        O.Mask |= Gone;
        continue;
      }
      if ((O.Mask & Freed) && !(O.Mask & Live) && V.single() && Record &&
          DoubleReported.insert({Id, Where}).second) {
        std::vector<TraceStep> Trace = O.Path;
        Trace.push_back({Where, "freed again here"});
        const ObjInfo &I = Infos[Id];
        // Named as the leak message names it: "the MDL allocated by ...".
        std::string What =
            I.Tracked ? "the " + familyNoun(I.Family) + " allocated by " + I.Ddi
                      : "'" + spell(I.Key) + "'";
        report("ndis-double-free", Where,
               By + " frees " + What + " a second time on this path",
               std::move(Trace));
      }
      if (!(O.Mask & Freed))
        O.Path.push_back({Where, "freed by " + By + " here"});
      O.Mask = (O.Mask & (Failed | Gone | Escaped)) | Freed;
    }
  }

  /// A path as the source spells it: parameters by name.
  std::string spell(const std::string &Path) const {
    if (Path.empty() || Path[0] != '$')
      return Path[0] == '@' ? Path.substr(1) : Path;
    size_t End = 1;
    while (End < Path.size() && isdigit(static_cast<unsigned char>(Path[End])))
      ++End;
    unsigned I = std::stoul(Path.substr(1, End - 1));
    if (I >= P.ParamNames.size() || P.ParamNames[I].empty())
      return describeKey(Path);
    return P.ParamNames[I] + Path.substr(End);
  }

  std::string describeKey(const std::string &Key) const {
    // "$0->RxArea" -> "parameter 1's RxArea"; "@Table" -> "Table".
    std::string Root;
    std::vector<Seg> Segs;
    if (!parsePath(Key, Root, Segs))
      return Key;
    std::string Out;
    if (Root[0] == '$') {
      unsigned I = std::stoul(Root.substr(1));
      Out = "parameter " + std::to_string(I + 1);
    } else {
      Out = Root.substr(1);
    }
    for (const Seg &S : Segs)
      Out += S.K == Seg::Arrow   ? "->" + S.Name
             : S.K == Seg::Field ? "." + S.Name
             : S.K == Seg::Deref ? std::string("*")
                                 : std::string("[]");
    return Out;
  }

  /// Stores V; How says, for a leak, what lost the old value's last
  /// reference.
  void write(Case &C, const std::vector<std::string> &Cells, bool UnknownBase,
             const Val &V, const SourcePoint &Where, const std::string &How) {
    if (Cells.empty()) {
      escape(C, V); // stored where no path reaches
      return;
    }
    if (Cells.size() == 1 && !UnknownBase) {
      Val Old = read(C, Cells[0]);
      bool Local = Cells[0].rfind("v:", 0) == 0 &&
                   Cells[0].rfind("v:$", 0) != 0 &&
                   Cells[0].rfind("v:@", 0) != 0;
      bool OnlyUnknown =
          V.Unknown && V.Objs.empty() && V.Refs.empty() && !V.Null;
      // A local's unknown value is its default: keep the state small.
      if (Local && OnlyUnknown)
        C.Cells.erase(Cells[0]);
      else
        C.Cells[Cells[0]] = V;
      std::vector<ObjId> Lost;
      for (ObjId O : Old.Objs)
        if (std::find(V.Objs.begin(), V.Objs.end(), O) == V.Objs.end())
          Lost.push_back(O);
      checkLost(C, Lost, /*Locals=*/true, Where, How);
      return;
    }
    for (const std::string &Cell : Cells) {
      Val Merged = read(C, Cell);
      Merged.add(V);
      C.Cells[Cell] = Merged;
    }
    if (UnknownBase)
      escape(C, V);
  }

  void report(const char *Rule, const SourcePoint &Loc, std::string Message,
              std::vector<TraceStep> Trace) {
    if (!Record || !Out)
      return;
    Finding Fi;
    Fi.RuleId = Rule;
    Fi.Severity = Db.severityOf(Rule);
    Fi.Loc = Loc;
    Fi.Message = std::move(Message);
    Fi.Function = F.Name;
    Fi.Trace = std::move(Trace);
    Out->push_back(std::move(Fi));
  }

  // Steps --------------------------------------------------------------
  void transfer(const ProgStep &St, std::vector<Case> &Cs);
  void ddi(const ProgStep &St, Case &C);
  /// MayKeep false: the call is known not to keep its arguments (a call
  /// through a pointer that failed).
  void platform(const ProgStep &St, Case &C, bool MayKeep = true);
  /// A call through a pointer whose result the function tests: it keeps
  /// what it is given when it succeeds (a handler that returns
  /// NDIS_STATUS_PENDING completes it later), not when it fails.
  void indirect(const ProgStep &St, Case &C, std::vector<Case> &Out);
  void call(const ProgStep &St, Case &C, std::vector<Case> &Out);
  void assign(const ProgStep &St, Case &C);
  void kill(const ProgStep &St, Case &C);
  void returns(const ProgStep &St, Case &C);
  bool applyOutcome(const ResourceEffect &E, const Outcome &O,
                    const ProgStep &St, const std::string &Callee, Case &C);
  std::string callerName(const std::string &Key,
                         const std::vector<ProgArg> &Args) const;
  Val valueOfKey(Case &C, const std::string &Key, const std::vector<Val> &Args);
  std::vector<std::string> cellsOfKey(Case &C, const std::string &Key,
                                      const std::vector<Val> &Args,
                                      bool &UnknownBase);
  Val callerValue(Case &C, const EffVal &V, const std::vector<Val> &Args,
                  const std::map<unsigned, ObjId> &News);

  // Branches -----------------------------------------------------------
  bool refine(Case &C, ObjId Id, bool NonNull, const SourcePoint &Where);
  void split(Case In, const ProgCond &Cond, std::vector<Case> &True,
             std::vector<Case> &False);

  // Cases ----------------------------------------------------------------
  /// Adds C to Cs (a block's cases kept apart); past MaxCases, merges
  /// them by their facts or, if still too many, into one.
  CaseMode addCase(std::vector<Case> &Cs, Case C);
  /// Merges C into the case of Cs with the same facts, or adds it; past
  /// MaxCases, merges them all into one (CaseMode::Merged).
  CaseMode joinByFacts(std::vector<Case> &Cs, Case C);
  void mergeAll(std::vector<Case> &Cs);
  void mergeInto(Case &A, Case B);
  void boundObjects(Case &C);

  void effectOf(const std::vector<Case> &AtExit, ResourceEffect &E);
  /// The index in E.News of an allocation this case hands the caller
  /// (live, tracked, not escaped), added on first use.
  std::optional<unsigned> newObject(Case &C, ObjId Id, ResourceEffect &E,
                                    std::map<ObjId, unsigned> &NewIndex);
  EffVal effectValue(Case &C, const Val &V, ResourceEffect &E,
                     std::map<ObjId, unsigned> &NewIndex);

  void emitLeaks();
};

//===----------------------------------------------------------------------===//
// Steps
//===----------------------------------------------------------------------===//

void ResourceRun::ddi(const ProgStep &St, Case &C) {
  if (St.Index >= F.DdiCalls.size())
    return;
  const DdiCall &Call = F.DdiCalls[St.Index];
  const DdiInfo *D = Db.ddi(Call.Ddi);
  if (!D)
    return;
  int ResultParam = D->Allocates ? D->paramIndex(D->Allocates->Result) : -1;
  int StatusParam = D->Allocates ? D->paramIndex("Status") : -1;
  int FreeParam = D->Frees ? D->paramIndex(D->Frees->Param) : -1;
  // A resource named by the address of what the driver keeps it in (a
  // lookaside list, a timer): an object held in that cell.
  int KeyParam = D->Allocates && D->Allocates->keyed()
                     ? D->paramIndex(D->Allocates->KeyedBy)
                     : -1;
  bool KeyedFree = D->Frees && Db.keyedFamily(D->Frees->Family);
  Val Owned;
  for (size_t I = 0; I < St.Args.size(); ++I) {
    const ProgArg &A = St.Args[I];
    if (A.V.K == ProgValue::Unknown || A.V.K == ProgValue::Int)
      continue;
    int Index = static_cast<int>(I);
    if (Index == ResultParam || Index == StatusParam)
      continue;
    Val V = eval(C, A.V);
    // A structure given by address (registration attributes, a timer's
    // characteristics): what it holds is handed on with it.
    for (const std::string &Cell : V.Refs) {
      Val Held = heldUnder(C, Cell);
      escape(C, Held);
      if (Cell.rfind("v:@", 0) != 0) // a global is itself the context
        markContext(C, Held); // registration attributes: the context in them
    }
    if (Index == FreeParam && KeyedFree) {
      Val Held;
      for (const std::string &Cell : V.Refs)
        Held.add(read(C, Cell));
      Held.Refs.clear();
      free(C, Held, Call.Loc, Call.SpelledName);
      continue;
    }
    if (Index == FreeParam) {
      free(C, V, Call.Loc, Call.SpelledName);
      continue;
    }
    if (Index == KeyParam)
      continue;
    if (I < D->Params.size() && D->Allocates &&
        (D->Params[I].Role == "nonpaged-address" ||
         D->Params[I].Role == "owned")) {
      Owned.add(V); // the new descriptor describes this memory
      continue;
    }
    if (A.Context)
      markContext(C, V);
    if (A.Keeps)
      escape(C, V);
    else
      reportUnchecked(C, V, Call.Loc, "passed to " + Call.SpelledName);
  }
  if (!D->Allocates)
    return;
  auto It = AllocIds.find(St.Index);
  ObjId Id;
  if (It == AllocIds.end()) {
    ObjInfo I;
    I.Tracked = true;
    I.Ddi = Call.SpelledName;
    I.Family = D->Allocates->Family;
    I.Site = Call.Loc;
    Id = newId(std::move(I));
    AllocIds.emplace(St.Index, Id);
  } else {
    Id = It->second;
  }
  // Allocated again (a loop): the old block's references are stale.
  if (C.Objs.count(Id))
    for (auto &[Cell, V] : C.Cells) {
      auto Pos = std::find(V.Objs.begin(), V.Objs.end(), Id);
      if (Pos != V.Objs.end()) {
        V.Objs.erase(Pos);
        V.Unknown = true;
      }
    }
  Obj &O = C.Objs[Id];
  O = Obj{};
  O.Mask = Unchecked;
  O.Path.push_back({Call.Loc, "allocated by " + Call.SpelledName + " here"});
  O.Owns = Owned.Objs;
  if (KeyParam >= 0) {
    const ProgValue *Key = static_cast<size_t>(KeyParam) < St.Args.size()
                               ? &St.Args[KeyParam].V
                               : nullptr;
    std::vector<std::string> Cells;
    bool UnknownBase = !Key || Key->K != ProgValue::Addr;
    if (!UnknownBase)
      Cells = cellsOf(C, Key->Path, UnknownBase);
    if (Cells.size() != 1 || UnknownBase) {
      escape(C, Val::object(Id));
      return;
    }
    // Set up again (a timer set anew): the old one is replaced, not lost.
    for (ObjId Old : read(C, Cells[0]).Objs)
      if (Old != Id && Infos[Old].Family == Infos[Id].Family)
        if (Obj *OO = objOf(C, Old))
          OO->Mask = (OO->Mask & ~Live) | Gone;
    C.Cells[Cells[0]] = Val::object(Id);
    if (!Call.ReturnsValue && StatusParam < 0)
      C.Objs[Id].Mask = Checked; // nothing to test: it cannot fail
    else if (Call.ReturnsValue &&
             UsedResults.count(resultKey(ProgValue::DdiResult, St.Index)))
      C.ResultStat[resultKey(ProgValue::DdiResult, St.Index)] =
          Status{Status::Of, Id};
    return;
  }
  if (D->Allocates->Result == "return") {
    // A result no step reads is dropped: nothing holds the block.
    if (UsedResults.count(resultKey(ProgValue::DdiResult, St.Index)))
      C.Results[resultKey(ProgValue::DdiResult, St.Index)] = Val::object(Id);
  } else {
    if (ResultParam >= 0 && static_cast<size_t>(ResultParam) < St.Args.size()) {
      const ProgValue &Target = St.Args[ResultParam].V;
      std::vector<std::string> Cells;
      bool UnknownBase = false;
      if (Target.K == ProgValue::Addr)
        Cells = cellsOf(C, Target.Path, UnknownBase);
      else if (Target.K == ProgValue::Read)
        derefCells(readPath(C, Target.Path), Cells, UnknownBase);
      else
        UnknownBase = true;
      write(C, Cells, UnknownBase, Val::object(Id), Call.Loc,
            "overwrites '" + spell(Target.Path) +
                "', its last reference, here");
    } else {
      escape(C, Val::object(Id));
    }
    Status Of;
    Of.K = Status::Of;
    Of.Obj = Id;
    if (StatusParam >= 0 && static_cast<size_t>(StatusParam) < St.Args.size()) {
      // `&Status`, or a PNDIS_STATUS the function was given.
      const ProgValue &Target = St.Args[StatusParam].V;
      bool UnknownBase = false;
      std::vector<std::string> Cells;
      if (Target.K == ProgValue::Addr)
        Cells = cellsOf(C, Target.Path, UnknownBase);
      else if (Target.K == ProgValue::Read)
        derefCells(readPath(C, Target.Path), Cells, UnknownBase);
      if (Cells.size() == 1 && !UnknownBase)
        C.Stat[Cells[0]] = Of;
    }
    if (Call.ReturnsValue &&
        UsedResults.count(resultKey(ProgValue::DdiResult, St.Index)))
      C.ResultStat[resultKey(ProgValue::DdiResult, St.Index)] = Of;
  }
}

void ResourceRun::indirect(const ProgStep &St, Case &C,
                           std::vector<Case> &Out) {
  unsigned RK = resultKey(ProgValue::IndirectResult, St.Index);
  if (!UsedResults.count(RK)) {
    platform(St, C);
    Out.push_back(std::move(C));
    return;
  }
  Case Failed = C;
  platform(St, C);
  C.ResultStat[RK] = Status{Status::NotFailed, 0};
  Out.push_back(std::move(C));
  platform(St, Failed, /*MayKeep=*/false);
  Failed.ResultStat[RK] = Status{Status::Failure, 0};
  Out.push_back(std::move(Failed));
}

void ResourceRun::platform(const ProgStep &St, Case &C, bool MayKeep) {
  for (const ProgArg &A : St.Args) {
    if (A.V.K == ProgValue::Unknown || A.V.K == ProgValue::Int)
      continue;
    Val V = eval(C, A.V);
    if (A.V.K == ProgValue::Addr && !V.Refs.empty()) {
      // `&x` handed on: the function may write x (a status, a pointer) and
      // keep what it held.
      for (const std::string &Cell : V.Refs) {
        escape(C, heldUnder(C, Cell));
        C.Cells[Cell] = Val::unknown();
        C.Stat.erase(Cell);
      }
      // `&Block->ListEntry` linked into a list: the block goes with it.
      if (A.Keeps && MayKeep)
        escape(C, V, /*Deep=*/!A.Context);
      continue;
    }
    if (A.Context)
      markContext(C, V);
    if (A.Keeps && MayKeep)
      escape(C, V, /*Deep=*/!A.Context);
    else if (!A.Keeps && !St.Path.empty())
      reportUnchecked(C, V, St.Loc, "passed to " + St.Path);
  }
}

Val ResourceRun::valueOfKey(Case &C, const std::string &Key,
                            const std::vector<Val> &Args) {
  std::string Root;
  std::vector<Seg> Segs;
  if (!parsePath(Key, Root, Segs))
    return Val::unknown();
  if (Segs.empty()) {
    if (Root[0] == '@')
      return read(C, "v:" + Root);
    unsigned I = std::stoul(Root.substr(1));
    return I < Args.size() ? Args[I] : Val::unknown();
  }
  bool UnknownBase = false;
  Val V;
  for (const std::string &Cell : cellsOfKey(C, Key, Args, UnknownBase))
    V.add(read(C, Cell));
  if (UnknownBase || (V.Objs.empty() && V.Refs.empty() && !V.Null))
    V.Unknown = true;
  return V;
}

std::vector<std::string> ResourceRun::cellsOfKey(Case &C,
                                                 const std::string &Key,
                                                 const std::vector<Val> &Args,
                                                 bool &UnknownBase) {
  std::string Root;
  std::vector<Seg> Segs;
  std::vector<std::string> Result;
  if (!parsePath(Key, Root, Segs)) {
    UnknownBase = true;
    return Result;
  }
  if (Root[0] == '@') {
    follow(C, {"v:" + Root}, Segs, 0, Result, UnknownBase);
    return Result;
  }
  unsigned I = std::stoul(Root.substr(1));
  if (I >= Args.size() || Segs.empty() ||
      (Segs[0].K != Seg::Arrow && Segs[0].K != Seg::Deref)) {
    // A by-value parameter's own storage: the caller cannot see it.
    UnknownBase = true;
    return Result;
  }
  std::vector<std::string> Cells;
  derefCells(Args[I], Cells, UnknownBase);
  if (Segs[0].K == Seg::Arrow)
    for (std::string &Cell : Cells)
      Cell += "." + Segs[0].Name;
  follow(C, std::move(Cells), Segs, 1, Result, UnknownBase);
  return Result;
}

Val ResourceRun::callerValue(Case &C, const EffVal &V,
                             const std::vector<Val> &Args,
                             const std::map<unsigned, ObjId> &News) {
  Val Out;
  Out.Null = V.Null;
  Out.Unknown = V.Unknown;
  for (const std::string &Key : V.Keys)
    Out.add(valueOfKey(C, Key, Args));
  for (unsigned N : V.News) {
    auto It = News.find(N);
    if (It != News.end())
      insertSorted(Out.Objs, It->second);
    else
      Out.Unknown = true;
  }
  for (const auto &[N, Suffix] : V.NewFields) {
    auto It = News.find(N);
    if (It != News.end())
      insertSorted(Out.Refs, "o:" + std::to_string(It->second) + Suffix);
    else
      Out.Unknown = true;
  }
  return Out;
}

std::string ResourceRun::callerName(const std::string &Key,
                                    const std::vector<ProgArg> &Args) const {
  if (Key.empty() || Key[0] != '$')
    return describeKey(Key);
  size_t End = 1;
  while (End < Key.size() && isdigit(static_cast<unsigned char>(Key[End])))
    ++End;
  unsigned I = std::stoul(Key.substr(1, End - 1));
  std::string Arg = I < Args.size() ? Args[I].Value : "";
  if (Arg.empty())
    return describeKey(Key);
  // Args[I].Value is an lvalue key ("Adapter", "*Out"): the path goes on.
  return Arg + Key.substr(End);
}

bool ResourceRun::applyOutcome(const ResourceEffect &E, const Outcome &O,
                               const ProgStep &St, const std::string &Callee,
                               Case &C) {
  std::vector<Val> Args;
  for (const ProgArg &A : St.Args)
    Args.push_back(A.V.K == ProgValue::Unknown ? Val::unknown() : eval(C, A.V));
  const SourcePoint &Here = St.Loc;
  std::string Via = "'" + Callee + "'";
  // The callee tested what it was given: only the outcomes its tests allow
  // for the caller's values.
  for (bool NonNull : {false, true})
    for (const std::string &Key : NonNull ? O.NonNulls : O.Nulls) {
      Val V = valueOfKey(C, Key, Args);
      if (!NonNull && V.Null)
        continue;
      if (NonNull && V.Null && V.Objs.empty() && V.Refs.empty() && !V.Unknown)
        return false;
      if (V.single() && !refine(C, V.Objs[0], NonNull, Here))
        return false;
    }
  // Given an address inside a block (a debug allocator's user area), the
  // callee acted on the block it found from it (CONTAINING_RECORD).
  auto Blocks = [&](const std::string &Key) {
    Val V = valueOfKey(C, Key, Args);
    for (const std::string &R : V.Refs) {
      ObjId Id;
      bool Inside;
      if (objectOfCell(R, Id, Inside))
        insertSorted(V.Objs, Id);
    }
    return V;
  };
  for (const std::string &Key : O.Freed)
    free(C, Blocks(Key), Here, Via);
  for (const std::string &Key : O.Escaped)
    escape(C, Blocks(Key));
  for (const std::string &Key : O.Contexts)
    if (Key.rfind("&@", 0) == 0)
      insertSorted(C.ContextGlobals, "v:" + Key.substr(1));
    else
      markContext(C, valueOfKey(C, Key, Args));
  for (const std::string &Key : O.Gone)
    for (ObjId Id : Blocks(Key).Objs)
      if (Obj *Ob = objOf(C, Id))
        Ob->Mask |= Gone;

  // What the callee allocated and hands back.
  std::map<unsigned, ObjId> News;
  for (unsigned N = 0; N < E.News.size(); ++N) {
    const NewObj &NO = E.News[N];
    auto Key = std::make_pair(St.Index, N);
    auto It = CalleeIds.find(Key);
    ObjId Id;
    if (It == CalleeIds.end()) {
      Id = newId(NO.Info);
      CalleeIds.emplace(Key, Id);
    } else {
      Id = It->second;
    }
    News[N] = Id;
  }
  std::set<unsigned> Used;
  for (const auto &[Key, V] : O.Writes)
    for (unsigned N : V.News)
      Used.insert(N);
  for (unsigned N : O.Result.News)
    Used.insert(N);
  for (const auto &NF : O.Result.NewFields)
    Used.insert(NF.first);
  for (unsigned N : Used) {
    const NewObj &NO = E.News[N];
    Obj &Ob = C.Objs[News[N]];
    Ob = Obj{};
    Ob.Mask = NO.Mask;
    if (NO.Context)
      insertSorted(C.Contexts, News[N]);
    Ob.Path.push_back({Here, "'" + F.Name + "' calls " + Via + " here"});
    Ob.Path.append(NO.Path.begin(), NO.Path.end());
    for (unsigned Owned : NO.Owns)
      if (News.count(Owned))
        Ob.Owns.push_back(News[Owned]);
  }
  for (const auto &[Key, V] : O.Writes) {
    bool UnknownBase = false;
    std::vector<std::string> Cells = cellsOfKey(C, Key, Args, UnknownBase);
    Val Value = callerValue(C, V, Args, News);
    write(C, Cells, UnknownBase, Value, Here,
          "calls " + Via + " here, which overwrites '" +
              callerName(Key, St.Args) + "', its last reference");
  }
  auto CallerStatus = [&](const EffStatus &ES) {
    Status S;
    S.K = ES.K;
    if (S.K == Status::Of) {
      auto It = News.find(ES.New);
      if (It == News.end())
        S.K = Status::Unknown;
      else
        S.Obj = It->second;
    }
    return S;
  };
  // A status the callee wrote through a pointer it was given (`*Status`).
  for (const auto &[Key, ES] : O.StatWrites) {
    bool UnknownBase = false;
    std::vector<std::string> Cells = cellsOfKey(C, Key, Args, UnknownBase);
    Status S = CallerStatus(ES);
    for (const std::string &Cell : Cells)
      if (Cells.size() == 1 && !UnknownBase && S.K != Status::Unknown)
        C.Stat[Cell] = S;
      else
        C.Stat.erase(Cell);
  }
  unsigned RK = resultKey(ProgValue::CallResult, St.Index);
  if (!UsedResults.count(RK))
    return true; // a result no step reads: nothing holds it
  C.Results[RK] = callerValue(C, O.Result, Args, News);
  C.ResultStat[RK] = CallerStatus(O.ResultStat);
  return true;
}

void ResourceRun::call(const ProgStep &St, Case &C, std::vector<Case> &Out) {
  const FunctionSummary *G = nullptr;
  if (St.Index < F.Calls.size()) {
    auto It = S.Functions.find(F.Calls[St.Index].Callee);
    if (It != S.Functions.end())
      G = It->second;
  }
  if (St.MaybePlatform && (!G || G->Program.Blocks.empty())) {
    // Declared in a `<...>` header and not the driver's: the platform's.
    platform(St, C);
    Out.push_back(std::move(C));
    return;
  }
  const ResourceEffect *E =
      G && !G->Program.Blocks.empty() ? S.effect(*G) : nullptr;
  if (!E) {
    // No body, recursion, or too large: it may keep what it is given and
    // write through what it is given the address of.
    for (const ProgArg &A : St.Args) {
      if (A.V.K == ProgValue::Unknown || A.V.K == ProgValue::Int)
        continue;
      Val V = eval(C, A.V);
      escape(C, V);
      for (const std::string &Cell : V.Refs) {
        escape(C, read(C, Cell));
        C.Cells[Cell] = Val::unknown();
        C.Stat.erase(Cell);
      }
    }
    unsigned RK = resultKey(ProgValue::CallResult, St.Index);
    if (UsedResults.count(RK)) {
      C.Results[RK] = Val::unknown();
      C.ResultStat.erase(RK);
    }
    Out.push_back(std::move(C));
    return;
  }
  for (const Outcome &O : E->Outcomes) {
    Case Next = C;
    if (applyOutcome(*E, O, St, G->Name, Next))
      Out.push_back(std::move(Next));
  }
}

void ResourceRun::assign(const ProgStep &St, Case &C) {
  bool UnknownBase = false;
  std::vector<std::string> Cells = cellsOf(C, St.Path, UnknownBase);
  Val V = eval(C, St.Value);
  Status St2 = statusOf(C, St.Value);
  write(C, Cells, UnknownBase, V, St.Loc,
        "overwrites '" + spell(St.Path) + "', its last reference, here");
  for (const std::string &Cell : Cells) {
    if (St2.K != Status::Unknown && Cells.size() == 1 && !UnknownBase)
      C.Stat[Cell] = St2;
    else
      C.Stat.erase(Cell);
  }
}

void ResourceRun::kill(const ProgStep &St, Case &C) {
  std::string Var = "v:" + St.Path;
  std::vector<ObjId> Held;
  for (auto It = C.Cells.lower_bound(Var); It != C.Cells.end();) {
    const std::string &Cell = It->first;
    if (Cell.compare(0, Var.size(), Var) != 0 ||
        (Cell.size() > Var.size() && Cell[Var.size()] != '.' &&
         Cell[Var.size()] != '['))
      break;
    Held.insert(Held.end(), It->second.Objs.begin(), It->second.Objs.end());
    C.Stat.erase(Cell);
    It = C.Cells.erase(It);
  }
  checkLost(C, Held, /*Locals=*/true, St.Loc,
            "leaves the scope of '" + spell(St.Path) + "' here");
}

void ResourceRun::returns(const ProgStep &St, Case &C) {
  C.Returned = true;
  C.ReturnValue = St.Value.K == ProgValue::Unknown ? Val{} : eval(C, St.Value);
  C.ReturnStat = statusOf(C, St.Value);
  checkLost(C, allTracked(C), /*Locals=*/false, St.Loc, "returns here");
  if (Record && Kept) {
    // A failed initialisation is not followed by a halt.
    bool Failure =
        C.ReturnStat.K == Status::Failure ||
        (C.ReturnStat.K == Status::Of && maskOf(C, C.ReturnStat.Obj) == Failed);
    if (!Failure)
      collectKept(C, St.Loc);
  }
}

void ResourceRun::transfer(const ProgStep &St, std::vector<Case> &Cs) {
  std::vector<Case> Next;
  for (Case &C : Cs) {
    switch (St.K) {
    case ProgStep::Ddi:
      ddi(St, C);
      break;
    case ProgStep::Call:
      call(St, C, Next);
      continue;
    case ProgStep::Platform:
      if (St.Path.empty()) {
        indirect(St, C, Next);
        continue;
      }
      platform(St, C);
      break;
    case ProgStep::SetAtom:
      break;
    case ProgStep::Assign:
      assign(St, C);
      break;
    case ProgStep::Use: {
      bool UnknownBase = false;
      std::vector<std::string> Cells = cellsOf(C, St.Path, UnknownBase);
      Val V;
      for (const std::string &Cell : Cells)
        V.add(read(C, Cell));
      reportUnchecked(C, V, St.Loc, "dereferenced");
      break;
    }
    case ProgStep::Return:
      returns(St, C);
      break;
    case ProgStep::Kill:
      kill(St, C);
      break;
    case ProgStep::Escape:
      escape(C, eval(C, St.Value));
      break;
    }
    Next.push_back(std::move(C));
  }
  Cs.clear();
  for (Case &C : Next)
    addCase(Cs, std::move(C));
}

//===----------------------------------------------------------------------===//
// Branches
//===----------------------------------------------------------------------===//

/// Refines what a NULL / status test says of one object; false when the
/// branch cannot be taken.
bool ResourceRun::refine(Case &C, ObjId Id, bool NonNull,
                         const SourcePoint &Where) {
  Obj *OP = objOf(C, Id);
  if (!OP)
    return true;
  Obj &O = *OP;
  unsigned M = O.Mask;
  unsigned N = M & (Freed | Escaped | Gone);
  if (NonNull)
    N |= (M & (Live | Checked)) ? Checked : 0;
  else
    N |= (M & (Unchecked | Failed)) ? Failed : 0;
  if (N == 0)
    return false;
  if (NonNull && (M & Unchecked) && Infos[Id].Tracked && O.Path.size() < 8)
    O.Path.push_back(
        {Where, Infos[Id].Ddi + " succeeded: the check here passes"});
  O.Mask = N;
  return true;
}

void ResourceRun::split(Case In, const ProgCond &Cond, std::vector<Case> &True,
                        std::vector<Case> &False) {
  auto Both = [&] {
    True.push_back(In);
    False.push_back(std::move(In));
  };
  if (Cond.K == ProgCond::SameAs) {
    // Only a definite difference prunes: NULL against a checked block.
    Case &C = In;
    Val A = eval(C, Cond.Subject), B = eval(C, Cond.Other);
    auto NonNullObject = [&](const Val &V) {
      return V.single() && maskOf(C, V.Objs[0]) == Checked;
    };
    auto OnlyNull = [](const Val &V) {
      return V.Null && V.Objs.empty() && V.Refs.empty() && !V.Unknown;
    };
    bool Differ = (OnlyNull(A) && NonNullObject(B)) ||
                  (OnlyNull(B) && NonNullObject(A)) ||
                  (A.single() && B.single() && A.Objs != B.Objs &&
                   NonNullObject(A) && NonNullObject(B) &&
                   Infos[A.Objs[0]].Tracked && Infos[B.Objs[0]].Tracked);
    if (!Differ)
      (Cond.Negated ? False : True).push_back(In);
    (Cond.Negated ? True : False).push_back(std::move(In)); // "not the same"
    return;
  }
  if (Cond.K != ProgCond::NotNull && Cond.K != ProgCond::Success &&
      Cond.K != ProgCond::Failure && Cond.K != ProgCond::NotFailure) {
    if (Cond.K == ProgCond::Const)
      (Cond.Value ? True : False).push_back(std::move(In));
    else
      Both();
    return;
  }
  Case &C = In;
  if (Cond.K == ProgCond::NotNull) {
    Val V = eval(C, Cond.Subject);
    bool Holds = !Cond.Negated; // the true branch means "not NULL"
    auto KnownNotNull = [&](ObjId O) {
      unsigned M = maskOf(C, O);
      return (M & Checked) && !(M & (Unchecked | Failed | Gone));
    };
    if (!V.Unknown && !V.Null && (V.Objs.size() > 1 || !V.Refs.empty()) &&
        std::all_of(V.Objs.begin(), V.Objs.end(), KnownNotNull)) {
      // Addresses (`&Header->UserData`) and blocks known to be allocated:
      // never NULL.
      (Holds ? True : False).push_back(std::move(In));
      return;
    }
    if (V.Unknown || !V.Refs.empty() || V.Objs.size() > 1) {
      Both();
      return;
    }
    // The tested cell, narrowed below to what each branch says.
    std::vector<std::string> Tested;
    if (Cond.Subject.K == ProgValue::Read) {
      bool UnknownBase = false;
      Tested = cellsOf(C, Cond.Subject.Path, UnknownBase);
      if (UnknownBase)
        Tested.clear();
    }
    Case T = C;
    Case &Fa = C;
    bool TOk = !V.Objs.empty(), FOk = V.Null || !V.Objs.empty();
    if (!V.Objs.empty()) {
      TOk = refine(T, V.Objs[0], true, Cond.Loc);
      if (V.Null) {
        // NULL on some path: the false branch need not say the object failed.
        FOk = true;
      } else {
        FOk = refine(Fa, V.Objs[0], false, Cond.Loc);
      }
    }
    if (Tested.size() == 1) {
      if (!V.Objs.empty())
        T.Cells[Tested[0]] = Val::object(V.Objs[0]);
      if (V.Null)
        Fa.Cells[Tested[0]] = Val::null();
    }
    if (TOk)
      (Holds ? True : False).push_back(std::move(T));
    if (FOk)
      (Holds ? False : True).push_back(std::move(Fa));
    return;
  }
  Status St = statusOf(C, Cond.Subject);
  // Success: true means success. Failure: true means failure, false
  // nothing. NotFailure: true means success, false nothing.
  auto Outcome = [&](bool Branch) -> std::optional<bool> {
    bool B = Branch != Cond.Negated; // the test's own value on this branch
    if (Cond.K == ProgCond::Success)
      return B;
    if (B)
      return Cond.K == ProgCond::NotFailure;
    return std::nullopt;
  };
  for (bool Branch : {true, false}) {
    std::optional<bool> Succeeded = Outcome(Branch);
    Case X = Branch ? C : std::move(C);
    bool Ok = true;
    if (Succeeded) {
      if (St.K == Status::Success)
        // The success code is no other non-failure code (`== PENDING`).
        Ok = *Succeeded && Cond.K != ProgCond::NotFailure;
      else if (St.K == Status::NotFailed)
        // Not the success code itself, perhaps (`!= NDIS_STATUS_SUCCESS`).
        Ok = *Succeeded || Cond.K == ProgCond::Success;
      else if (St.K == Status::Failure)
        Ok = !*Succeeded;
      else if (St.K == Status::Of)
        Ok = refine(X, St.Obj, *Succeeded, Cond.Loc);
    }
    if (Ok)
      (Branch ? True : False).push_back(std::move(X));
  }
}

//===----------------------------------------------------------------------===//
// Cases
//===----------------------------------------------------------------------===//

void ResourceRun::boundObjects(Case &C) {
  // Call results are read where they are made (a branch on the call, an
  // assignment): the oldest of a long function's results are dropped, so
  // what a case carries does not grow with the function.
  auto Bound = [](auto &Map) {
    while (Map.size() > RecentResultsKept)
      Map.erase(Map.begin());
  };
  Bound(C.Results);
  Bound(C.ResultStat);
  // A value that may be any of many objects (a pointer reassigned in a loop
  // of allocations, merged) is never a double free (not single) and its
  // objects whose fate is unknown are never reported: they are one
  // "unknown", or the value grows with every allocation site the loop
  // reaches and the run with it.
  auto Widen = [&](Val &V) {
    // Once widened, always: what is merged in later is widened too.
    if (V.Objs.size() <= ObjectsPerValueKept && !V.Widened)
      return;
    auto FateUnknown = [&](ObjId Id) {
      auto It = C.Objs.find(Id);
      return It == C.Objs.end() ? Infos[Id].Tracked
                                : (It->second.Mask & Gone) != 0;
    };
    size_t Before = V.Objs.size();
    V.Objs.erase(std::remove_if(V.Objs.begin(), V.Objs.end(), FateUnknown),
                 V.Objs.end());
    if (V.Objs.size() != Before)
      V.Unknown = V.Widened = true;
  };
  auto TooDeep = [](const std::string &Ref) {
    return static_cast<size_t>(std::count(Ref.begin(), Ref.end(), '.') +
                               std::count(Ref.begin(), Ref.end(), '[')) >
           RefStepsKept;
  };
  auto WidenRefs = [&](Val &V) {
    size_t Before = V.Refs.size();
    V.Refs.erase(std::remove_if(V.Refs.begin(), V.Refs.end(), TooDeep),
                 V.Refs.end());
    if (V.Refs.size() != Before)
      V.Unknown = true;
  };
  for (auto &KV : C.Cells) {
    Widen(KV.second);
    WidenRefs(KV.second);
  }
  for (auto &KV : C.Results) {
    Widen(KV.second);
    WidenRefs(KV.second);
  }
  // Forget objects whose story is over and that nothing refers to.
  std::vector<ObjId> Referenced;
  auto Refer = [&](const Val &V) {
    Referenced.insert(Referenced.end(), V.Objs.begin(), V.Objs.end());
    for (const std::string &R : V.Refs) {
      ObjId O;
      bool Inside;
      if (objectOfCell(R, O, Inside))
        Referenced.push_back(O);
    }
  };
  for (const auto &KV : C.Cells)
    Refer(KV.second);
  for (const auto &KV : C.Results)
    Refer(KV.second);
  Refer(C.ReturnValue);
  Referenced.insert(Referenced.end(), C.Contexts.begin(), C.Contexts.end());
  for (const auto &KV : C.Objs)
    Referenced.insert(Referenced.end(), KV.second.Owns.begin(),
                      KV.second.Owns.end());
  std::sort(Referenced.begin(), Referenced.end());
  for (auto It = C.Objs.begin(); It != C.Objs.end();) {
    // An entry object forgotten is back to "NULL or not"; an allocation
    // whose story is over, or whose fate is already unknown (merged away,
    // escaped: never reported), matters no more once nothing refers to it.
    const Obj &O = It->second;
    bool Done = Infos[It->first].Tracked
                    ? !(O.Mask & Live) || (O.Mask & (Gone | Escaped))
                    : O.Mask == EntryMask && O.Owns.empty();
    if (Done &&
        !std::binary_search(Referenced.begin(), Referenced.end(), It->first))
      It = C.Objs.erase(It);
    else
      ++It;
  }
}

void ResourceRun::mergeInto(Case &A, Case B) {
  for (auto &[Id, O] : B.Objs) {
    auto It = A.Objs.find(Id);
    if (It == A.Objs.end()) {
      // Absent: an entry object in its initial state, or not allocated on
      // A's path.
      O.Mask |= Infos[Id].Tracked ? Gone : EntryMask;
      A.Objs.emplace(Id, std::move(O));
      continue;
    }
    if ((O.Mask & Freed) && !(It->second.Mask & Freed))
      It->second.Path = O.Path;
    It->second.Mask |= O.Mask;
    for (ObjId X : O.Owns)
      insertSorted(It->second.Owns, X);
  }
  for (auto &[Id, O] : A.Objs)
    if (!B.Objs.count(Id))
      O.Mask |= Infos[Id].Tracked ? Gone : EntryMask;
  // Both maps walked in key order: a cell only one case wrote holds, in
  // the other, what it held on entry.
  auto AI = A.Cells.begin();
  for (auto &[K, VB] : B.Cells) {
    for (; AI != A.Cells.end() && AI->first < K; ++AI)
      AI->second.add(defaultOf(B, AI->first));
    if (AI != A.Cells.end() && AI->first == K) {
      AI->second.add(VB);
      ++AI;
      continue;
    }
    Val V = defaultOf(A, K);
    V.add(VB);
    AI = std::next(A.Cells.emplace_hint(AI, K, std::move(V)));
  }
  for (; AI != A.Cells.end(); ++AI)
    AI->second.add(defaultOf(B, AI->first));
  for (auto It = A.Stat.begin(); It != A.Stat.end();) {
    auto J = B.Stat.find(It->first);
    if (J == B.Stat.end() || !(J->second == It->second))
      It = A.Stat.erase(It);
    else
      ++It;
  }
  for (auto &[K, V] : B.Results)
    A.Results[K].add(V);
  for (auto It = A.ResultStat.begin(); It != A.ResultStat.end();) {
    auto J = B.ResultStat.find(It->first);
    if (J == B.ResultStat.end() || !(J->second == It->second))
      It = A.ResultStat.erase(It);
    else
      ++It;
  }
  for (ObjId O : B.Contexts)
    insertSorted(A.Contexts, O);
  for (const std::string &G : B.ContextGlobals)
    insertSorted(A.ContextGlobals, G);
  if (B.Returned) {
    A.ReturnValue.add(B.ReturnValue);
    if (!A.Returned)
      A.ReturnStat = B.ReturnStat;
    else if (!(A.ReturnStat == B.ReturnStat))
      A.ReturnStat = Status{};
    A.Returned = true;
  }
}

/// Whether two cases agree on everything a later test or report depends
/// on: the state of each allocation and the known statuses. Merging such
/// cases loses only what their cells hold.
static bool sameFacts(const Case &A, const Case &B,
                      const std::vector<ObjInfo> &Infos) {
  if (A.Returned != B.Returned || !(A.ReturnStat == B.ReturnStat) ||
      A.Stat != B.Stat || A.ResultStat != B.ResultStat)
    return false;
  auto NextTracked = [&](auto It, auto End) {
    while (It != End && !Infos[It->first].Tracked)
      ++It;
    return It;
  };
  auto AI = NextTracked(A.Objs.begin(), A.Objs.end());
  auto BI = NextTracked(B.Objs.begin(), B.Objs.end());
  while (AI != A.Objs.end() && BI != B.Objs.end()) {
    if (AI->first != BI->first || AI->second.Mask != BI->second.Mask)
      return false;
    AI = NextTracked(std::next(AI), A.Objs.end());
    BI = NextTracked(std::next(BI), B.Objs.end());
  }
  return AI == A.Objs.end() && BI == B.Objs.end();
}

CaseMode ResourceRun::addCase(std::vector<Case> &Cs, Case C) {
  boundObjects(C);
  for (const Case &X : Cs)
    if (X.same(C))
      return CaseMode::Apart;
  Cs.push_back(std::move(C));
  if (Cs.size() <= MaxCases)
    return CaseMode::Apart;
  // Too many cases: first merge those that agree on every allocation's
  // state and every known status, so that a failure and a success split on
  // the same call stay apart; if that is still too many, merge all.
  std::vector<Case> Groups;
  CaseMode Mode = CaseMode::ByFacts;
  for (Case &X : Cs) {
    if (Mode == CaseMode::Merged) {
      mergeInto(Groups.front(), std::move(X));
      boundObjects(Groups.front());
    } else {
      Mode = joinByFacts(Groups, std::move(X));
    }
  }
  Cs = std::move(Groups);
  return Mode;
}

CaseMode ResourceRun::joinByFacts(std::vector<Case> &Cs, Case C) {
  boundObjects(C);
  auto G = std::find_if(Cs.begin(), Cs.end(),
                        [&](const Case &Y) { return sameFacts(C, Y, Infos); });
  if (G != Cs.end()) {
    mergeInto(*G, std::move(C));
    boundObjects(*G);
    return CaseMode::ByFacts;
  }
  Cs.push_back(std::move(C));
  if (Cs.size() <= MaxCases)
    return CaseMode::ByFacts;
  mergeAll(Cs);
  return CaseMode::Merged;
}

void ResourceRun::mergeAll(std::vector<Case> &Cs) {
  Case All = std::move(Cs.front());
  for (size_t I = 1; I < Cs.size(); ++I) {
    mergeInto(All, std::move(Cs[I]));
    boundObjects(All);
  }
  Cs.assign(1, std::move(All));
}

//===----------------------------------------------------------------------===//
// The effect on a caller
//===----------------------------------------------------------------------===//

EffVal ResourceRun::effectValue(Case &C, const Val &V, ResourceEffect &E,
                                std::map<ObjId, unsigned> &NewIndex) {
  EffVal Out;
  Out.Null = V.Null;
  Out.Unknown = V.Unknown;
  for (ObjId Id : V.Objs) {
    const ObjInfo &I = Infos[Id];
    if (!I.Key.empty()) {
      insertSorted(Out.Keys, I.Key);
      continue;
    }
    auto It = C.Objs.find(Id);
    if (I.Tracked && It != C.Objs.end() && It->second.Mask == Failed) {
      Out.Null = true; // the allocation failed: NULL
      continue;
    }
    if (std::optional<unsigned> N = newObject(C, Id, E, NewIndex))
      insertSorted(Out.News, *N);
    else
      Out.Unknown = true;
  }
  // An address inside a block the callee allocated (a debug allocator's
  // header in front of what it returns).
  for (const std::string &R : V.Refs) {
    ObjId Id;
    bool Inside;
    std::optional<unsigned> N;
    if (objectOfCell(R, Id, Inside) && Inside && Infos[Id].Key.empty())
      N = newObject(C, Id, E, NewIndex);
    if (!N) {
      Out.Unknown = true;
      continue;
    }
    std::string Prefix = "o:" + std::to_string(Id);
    insertSorted(Out.NewFields, std::make_pair(*N, R.substr(Prefix.size())));
  }
  return Out;
}

std::optional<unsigned>
ResourceRun::newObject(Case &C, ObjId Id, ResourceEffect &E,
                       std::map<ObjId, unsigned> &NewIndex) {
  const ObjInfo &I = Infos[Id];
  auto It = C.Objs.find(Id);
  if (!I.Tracked || It == C.Objs.end() || !(It->second.Mask & Live) ||
      (It->second.Mask & (Escaped | Gone)))
    return std::nullopt;
  auto N = NewIndex.find(Id);
  if (N != NewIndex.end())
    return N->second;
  NewObj NO;
  NO.Info = I;
  NO.Mask = It->second.Mask & Live;
  NO.Path = It->second.Path;
  NO.Context = std::binary_search(C.Contexts.begin(), C.Contexts.end(), Id);
  unsigned Index = static_cast<unsigned>(E.News.size());
  NewIndex.emplace(Id, Index);
  E.News.push_back(std::move(NO));
  std::vector<ObjId> Owns = It->second.Owns;
  for (ObjId Owned : Owns)
    if (std::optional<unsigned> S = newObject(C, Owned, E, NewIndex))
      E.News[Index].Owns.push_back(*S);
  return Index;
}

void ResourceRun::effectOf(const std::vector<Case> &AtExit, ResourceEffect &E) {
  E.Name = F.Name;
  for (Case C : AtExit) {
    Outcome O;
    std::map<ObjId, unsigned> NewIndex;
    for (const auto &[Cell, V] : C.Cells) {
      std::string Key = visibleKey(Cell);
      if (Key.empty())
        continue;
      // Unchanged: what the caller had there.
      if (V.single() && Infos[V.Objs[0]].Key == Key)
        continue;
      O.Writes.emplace_back(Key, effectValue(C, V, E, NewIndex));
    }
    for (ObjId Id : C.Contexts)
      if (!Infos[Id].Key.empty())
        O.Contexts.push_back(Infos[Id].Key);
    for (const std::string &G : C.ContextGlobals)
      O.Contexts.push_back("&" + G.substr(2)); // "&@G": the global's address
    for (const auto &[Id, Ob] : C.Objs) {
      const ObjInfo &I = Infos[Id];
      if (I.Key.empty())
        continue;
      if (Ob.Mask == Failed)
        O.Nulls.push_back(I.Key);
      else if (Ob.Mask == Checked || (Ob.Mask & Freed))
        O.NonNulls.push_back(I.Key);
      if (Ob.Mask & Freed)
        O.Freed.push_back(I.Key);
      else if (Ob.Mask & Escaped)
        O.Escaped.push_back(I.Key);
      else if (Ob.Mask & Gone)
        O.Gone.push_back(I.Key);
    }
    // A status as the caller sees it: of an allocation it gets back, or
    // what the allocation's test already decided.
    auto Exported = [&](const Status &S) {
      EffStatus ES;
      ES.K = S.K;
      if (S.K == Status::Of) {
        auto It = C.Objs.find(S.Obj);
        unsigned M = It == C.Objs.end() ? 0 : It->second.Mask;
        auto N = NewIndex.find(S.Obj);
        if (M == Checked)
          ES.K = Status::Success;
        else if (M == Failed)
          ES.K = Status::Failure;
        else if (N != NewIndex.end())
          ES.New = N->second;
        else
          ES.K = Status::Unknown;
      }
      return ES;
    };
    if (C.Returned) {
      O.Result = effectValue(C, C.ReturnValue, E, NewIndex);
      O.ResultStat = Exported(C.ReturnStat);
    } else {
      O.Result.Unknown = true;
    }
    for (const auto &[Cell, S] : C.Stat) {
      std::string Key = visibleKey(Cell);
      EffStatus ES = Exported(S);
      if (!Key.empty() && ES.K != Status::Unknown)
        O.StatWrites.emplace_back(Key, ES);
    }
    if (std::find(E.Outcomes.begin(), E.Outcomes.end(), O) == E.Outcomes.end())
      E.Outcomes.push_back(std::move(O));
  }
  settleUncertainFrees(E.Outcomes);
  // Too many ways to return: merge those that report the same status
  // first, so a caller's status check keeps its meaning.
  auto Rank = [](const Outcome &O) {
    return std::make_tuple(static_cast<int>(O.ResultStat.K), O.Result.Null,
                           O.Result.News.empty(), O.Freed.size());
  };
  std::stable_sort(
      E.Outcomes.begin(), E.Outcomes.end(),
      [&](const Outcome &A, const Outcome &B) { return Rank(A) < Rank(B); });
  for (bool SameStatusOnly : {true, false})
    for (size_t I = 0;
         I + 1 < E.Outcomes.size() && E.Outcomes.size() > MaxOutcomes;) {
      Outcome &A = E.Outcomes[I], &B = E.Outcomes[I + 1];
      if (SameStatusOnly && !(A.ResultStat == B.ResultStat)) {
        ++I;
        continue;
      }
      A = mergeOutcomes(A, B);
      E.Outcomes.erase(E.Outcomes.begin() + I + 1);
    }
}

//===----------------------------------------------------------------------===//
// The run
//===----------------------------------------------------------------------===//

void ResourceRun::emitLeaks() {
  for (auto &[Id, R] : Leaks) {
    const ObjInfo &I = Infos[Id];
    std::string Frees;
    if (const DdiInfo *A = Db.ddi(I.Ddi))
      for (const DdiInfo *Fr : allowedFrees(Db, *A))
        Frees += (Frees.empty() ? "" : " or ") + Fr->Name;
    std::vector<TraceStep> Trace = R.Trace;
    Trace.insert(Trace.end(), R.Others.begin(), R.Others.end());
    std::string Exits =
        R.Where.size() == 1
            ? "on a path that " + R.Trace.back().Message.substr(
                                      R.Trace.back().Message.find("which ") + 6)
            : "on " + std::to_string(R.Where.size()) + " paths (each shown)";
    report("ndis-leak", I.Site,
           "the " + familyNoun(I.Family) + " allocated by " + I.Ddi +
               " is not freed" + (Frees.empty() ? "" : " with " + Frees) + " " +
               Exits,
           std::move(Trace));
  }
}

bool ResourceRun::run(ResourceEffect &Effect) {
  if (P.Blocks.empty())
    return false;
  auto Use = [&](const ProgValue &V) {
    if (isResult(V.K))
      UsedResults.insert(resultKey(V.K, V.Index));
  };
  for (const ProgBlock &B : P.Blocks) {
    Use(B.Branch->Subject);
    Use(B.Branch->Other);
    for (const ProgStep &St : B.Steps) {
      Use(St.Value);
      for (const ProgArg &A : St.Args)
        Use(A.V);
    }
  }

  std::vector<std::vector<Case>> In(P.Blocks.size());
  In[0].push_back(Case{});
  std::deque<unsigned> Work{0};
  std::vector<bool> Queued(P.Blocks.size(), false);
  std::vector<CaseMode> Mode(P.Blocks.size(), CaseMode::Apart);
  Queued[0] = true;
  size_t Budget = ResourceStepsPerBlock * (P.Blocks.size() + 21), Steps = 0;

  auto RunBlock = [&](unsigned B) {
    std::vector<Case> Cs = In[B];
    for (const ProgStep &St : P.Blocks[B].Steps) {
      transfer(St, Cs);
      if (Cs.empty())
        break;
    }
    return Cs;
  };
  auto Propagate = [&](unsigned B, std::vector<Case> OutCs) {
    const ProgBlock &PB = P.Blocks[B];
    // Each case split once, into what goes down each successor.
    std::vector<std::vector<Case>> Edges(PB.Succs.size());
    if (PB.Branch->known() && PB.Succs.size() == 2) {
      for (Case &C : OutCs)
        split(std::move(C), *PB.Branch, Edges[0], Edges[1]);
    } else {
      for (size_t K = 0; K < PB.Succs.size(); ++K)
        Edges[K] = K + 1 == PB.Succs.size() ? std::move(OutCs) : OutCs;
    }
    for (size_t K = 0; K < PB.Succs.size(); ++K) {
      unsigned SB = PB.Succs[K];
      std::vector<Case> &Dest = In[SB];
      bool Changed = false;
      if (Edges[K].empty())
        continue;
      for (Case &X : Edges[K]) {
        if (Mode[SB] == CaseMode::Apart) {
          size_t Before = Dest.size();
          Mode[SB] = addCase(Dest, std::move(X));
          Changed |= Mode[SB] != CaseMode::Apart || Dest.size() != Before;
          continue;
        }
        // Cases merged once stay merged (see CaseMode).
        boundObjects(X);
        Case *Into = &Dest.front();
        if (Mode[SB] == CaseMode::ByFacts) {
          auto G = std::find_if(Dest.begin(), Dest.end(), [&](const Case &Y) {
            return sameFacts(X, Y, Infos);
          });
          if (G == Dest.end()) {
            Mode[SB] = joinByFacts(Dest, std::move(X));
            Changed = true;
            continue;
          }
          Into = &*G;
        }
        Case Old = *Into;
        mergeInto(*Into, std::move(X));
        boundObjects(*Into);
        Changed |= !Into->same(Old);
      }
      if (Changed && !Queued[SB]) {
        Queued[SB] = true;
        Work.push_back(SB);
      }
    }
  };

  while (!Work.empty()) {
    if (++Steps > Budget)
      return false;
    unsigned B = Work.front();
    Work.pop_front();
    Queued[B] = false;
    Propagate(B, RunBlock(B));
  }

  Record = Out != nullptr || Kept != nullptr;
  if (Record)
    for (unsigned B = 0; B < P.Blocks.size(); ++B)
      if (!In[B].empty() && B != P.Exit)
        RunBlock(B);
  // Falling off the end is a return too.
  std::vector<Case> AtExit = In[P.Exit];
  for (Case &C : AtExit)
    if (!C.Returned)
      checkLost(C, allTracked(C), /*Locals=*/false, F.Loc,
                "reaches the end of the function");
  if (Record)
    emitLeaks();
  effectOf(AtExit, Effect);
  return true;
}

//===----------------------------------------------------------------------===//
// ResourceSolver
//===----------------------------------------------------------------------===//

ResourceSolver::ResourceSolver(
    const ContractDb &Db,
    const std::map<std::string, const FunctionSummary *> &Functions)
    : Db(Db), Functions(Functions) {}

ResourceSolver::~ResourceSolver() = default;

/// Whether a function can affect its caller's resources at all: most
/// helpers (register access, getters) allocate, free, keep and return
/// nothing of them, and need no run.
static bool touchesResources(
    const ContractDb &Db, const FunctionSummary &F,
    const std::map<std::string, const FunctionSummary *> &Functions) {
  auto Visible = [](const std::string &Path) {
    return !Path.empty() && (Path[0] == '$' || Path[0] == '@' ||
                             Path.find("->") != std::string::npos ||
                             Path.find('*') != std::string::npos);
  };
  for (const ProgBlock &B : F.Program.Blocks)
    for (const ProgStep &St : B.Steps)
      switch (St.K) {
      case ProgStep::Ddi: {
        const DdiInfo *D = St.Index < F.DdiCalls.size()
                               ? Db.ddi(F.DdiCalls[St.Index].Ddi)
                               : nullptr;
        if (D && (D->Allocates || D->Frees))
          return true;
        for (const ProgArg &A : St.Args)
          if (A.Keeps || A.V.K == ProgValue::Addr)
            return true;
        break;
      }
      case ProgStep::Call:
        if (St.MaybePlatform && St.Index < F.Calls.size() &&
            !Functions.count(F.Calls[St.Index].Callee)) {
          // The platform's (see ResourceRun::call): as a Platform step.
          for (const ProgArg &A : St.Args)
            if (A.Keeps || A.V.K == ProgValue::Addr)
              return true;
          break;
        }
        return true;
      case ProgStep::Platform:
        for (const ProgArg &A : St.Args)
          if (A.Keeps || A.V.K == ProgValue::Addr)
            return true;
        break;
      case ProgStep::Assign:
        if (Visible(St.Path))
          return true;
        break;
      case ProgStep::Escape:
        return true;
      case ProgStep::Return:
        if (St.Value.K != ProgValue::Unknown && St.Value.K != ProgValue::Int &&
            St.Value.K != ProgValue::Null)
          return true;
        break;
      case ProgStep::Use:
      case ProgStep::Kill:
      case ProgStep::SetAtom:
        break;
      }
  return false;
}

const ResourceEffect *ResourceSolver::effect(const FunctionSummary &F) {
  auto It = Effects.find(F.Key);
  if (It != Effects.end())
    return It->second.get();
  if (!touchesResources(Db, F, Functions)) {
    // One outcome that changes nothing the caller holds.
    auto E = std::make_unique<ResourceEffect>();
    E->Name = F.Name;
    Outcome O;
    O.Result.Unknown = true;
    E->Outcomes.push_back(std::move(O));
    return Effects.emplace(F.Key, std::move(E)).first->second.get();
  }
  if (InProgress.count(F.Key) || Depth >= MaxDepth)
    return nullptr;
  InProgress.insert(F.Key);
  ++Depth;
  auto E = std::make_unique<ResourceEffect>();
  std::vector<Finding> Found;
  bool Ok = ResourceRun(*this, F, &Found).run(*E);
  --Depth;
  InProgress.erase(F.Key);
  if (!Ok) {
    E.reset();
    GaveUpKeys.insert(F.Key);
  }
  FindingsOf.emplace(F.Key, std::move(Found));
  return Effects.emplace(F.Key, std::move(E)).first->second.get();
}

std::vector<KeptResource> ResourceSolver::kept(const FunctionSummary &F) {
  std::vector<KeptResource> Out;
  if (F.Program.Blocks.empty())
    return Out;
  InProgress.insert(F.Key);
  ++Depth;
  ResourceEffect E;
  ResourceRun(*this, F, nullptr, &Out).run(E);
  --Depth;
  InProgress.erase(F.Key);
  return Out;
}

std::optional<std::set<std::string>>
ResourceSolver::released(const FunctionSummary &F) {
  std::set<std::string> Out;
  const ResourceEffect *E = effect(F);
  if (!E)
    return std::nullopt;
  // Freed on some path, the caller able to tell or not.
  for (const Outcome &O : E->Outcomes)
    for (const std::vector<std::string> *Keys : {&O.Freed, &O.Gone})
      for (const std::string &Key : *Keys) {
        // Parameters are what NDIS hands the handler: the driver's context.
        if (Key[0] != '$') {
          Out.insert(Key);
          continue;
        }
        size_t End = 1;
        while (End < Key.size() &&
               isdigit(static_cast<unsigned char>(Key[End])))
          ++End;
        Out.insert("ctx" + Key.substr(End));
      }
  return Out;
}

void ResourceSolver::check(const FunctionSummary &F,
                           std::vector<Finding> &Out) {
  if (!touchesResources(Db, F, Functions))
    return; // nothing allocated, freed or handed on: nothing to report
  auto Done = FindingsOf.find(F.Key);
  if (Done != FindingsOf.end()) {
    // Run already, as a callee.
    Out.insert(Out.end(), Done->second.begin(), Done->second.end());
    return;
  }
  InProgress.insert(F.Key);
  ++Depth;
  auto E = std::make_unique<ResourceEffect>();
  bool Ok = ResourceRun(*this, F, &Out).run(*E);
  --Depth;
  InProgress.erase(F.Key);
  if (!Ok)
    GaveUpKeys.insert(F.Key);
  if (!Effects.count(F.Key))
    Effects.emplace(F.Key, Ok ? std::move(E) : nullptr);
}

} // namespace ndischeck
