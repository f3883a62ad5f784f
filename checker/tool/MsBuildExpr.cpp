//===- MsBuildExpr.cpp - MSBuild properties, expansion, conditions --------===//

#include "MsBuildExpr.h"

#include "WindowsPath.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include <vector>

using namespace llvm;

namespace ndischeck {

void PropertyTable::setGlobal(StringRef Name, StringRef Value) {
  Values[Name.lower()] = Value.str();
  Global[Name.lower()] = true;
}

void PropertyTable::set(StringRef Name, StringRef Value) {
  std::string Key = Name.lower();
  if (!Global.count(Key))
    Values[Key] = Value.str();
}

bool PropertyTable::isSet(StringRef Name) const {
  return Values.count(Name.lower()) != 0;
}

std::string PropertyTable::get(StringRef Name) const {
  auto It = Values.find(Name.lower());
  if (It != Values.end())
    return It->second;
  if (Fallback)
    if (std::optional<std::string> V = Fallback(*this, Name))
      return *V;
  if (std::optional<std::string> Env = sys::Process::GetEnv(Name))
    return *Env;
  return "";
}

std::optional<long long> msbuildNumber(StringRef S) {
  S = S.trim();
  long long V;
  if (S.starts_with_insensitive("0x")) {
    if (S.drop_front(2).getAsInteger(16, V))
      return std::nullopt;
    return V;
  }
  if (S.getAsInteger(10, V))
    return std::nullopt;
  return V;
}

std::string msbuildUnescape(StringRef S) {
  std::string Out;
  for (size_t I = 0; I < S.size(); ++I) {
    if (S[I] == '%' && I + 2 < S.size() && isHexDigit(S[I + 1]) &&
        isHexDigit(S[I + 2])) {
      Out.push_back(static_cast<char>(hexFromNibbles(S[I + 1], S[I + 2])));
      I += 2;
      continue;
    }
    Out.push_back(S[I]);
  }
  return Out;
}

namespace {

/// The index just past the parenthesis that closes the one before Pos,
/// skipping quoted strings; npos when it is not closed.
size_t closingParen(StringRef S, size_t Pos) {
  int Depth = 1;
  char Quote = 0;
  for (size_t I = Pos; I < S.size(); ++I) {
    char C = S[I];
    if (Quote) {
      if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '\'' || C == '"' || C == '`')
      Quote = C;
    else if (C == '(')
      ++Depth;
    else if (C == ')' && --Depth == 0)
      return I + 1;
  }
  return StringRef::npos;
}

/// The quoted arguments of a property function: 'a', 'b'.
std::vector<std::string> quotedArgs(StringRef Args, const MsBuildExpander &E) {
  std::vector<std::string> Out;
  while (true) {
    Args = Args.ltrim();
    if (Args.empty())
      break;
    char Q = Args.front();
    if (Q == '\'' || Q == '"' || Q == '`') {
      size_t End = Args.find(Q, 1);
      if (End == StringRef::npos)
        break;
      Out.push_back(E.expand(Args.slice(1, End)));
      Args = Args.drop_front(End + 1);
    } else {
      auto [Arg, Rest] = Args.split(',');
      Out.push_back(E.expand(Arg.trim()));
      Args = Rest;
      continue;
    }
    Args = Args.ltrim();
    if (!Args.consume_front(","))
      break;
  }
  return Out;
}

std::string replaceAll(StringRef S, StringRef From, StringRef To) {
  if (From.empty())
    return S.str();
  std::string Out;
  while (true) {
    size_t At = S.find(From);
    if (At == StringRef::npos)
      break;
    Out += S.take_front(At);
    Out += To;
    S = S.drop_front(At + From.size());
  }
  Out += S;
  return Out;
}

} // namespace

std::string MsBuildExpander::property(StringRef Inner) const {
  Inner = Inner.trim();
  // Static property functions ($([MSBuild]::...)) are not evaluated.
  if (Inner.starts_with("["))
    return "";
  size_t NameEnd = 0;
  while (NameEnd < Inner.size() &&
         (isAlnum(Inner[NameEnd]) || Inner[NameEnd] == '_' ||
          Inner[NameEnd] == '-'))
    ++NameEnd;
  StringRef Name = Inner.take_front(NameEnd);
  std::string Value;
  SmallString<256> This(ThisFile);
  if (Name.equals_insensitive("MSBuildThisFileDirectory"))
    Value = sys::path::parent_path(This).str() + "/";
  else if (Name.equals_insensitive("MSBuildThisFileFullPath"))
    Value = ThisFile;
  else if (Name.equals_insensitive("MSBuildThisFile"))
    Value = sys::path::filename(This).str();
  else if (Name.equals_insensitive("MSBuildThisFileName"))
    Value = sys::path::stem(This).str();
  else if (Name.equals_insensitive("MSBuildThisFileExtension"))
    Value = sys::path::extension(This).str();
  else
    Value = Props.get(Name);

  // String methods on the value: $(Name.Replace('a','b').ToLower()).
  StringRef Rest = Inner.drop_front(NameEnd);
  while (Rest.consume_front(".")) {
    size_t Open = Rest.find('(');
    if (Open == StringRef::npos)
      return ""; // a .Length-style member: not evaluated
    StringRef Method = Rest.take_front(Open).trim();
    size_t Close = closingParen(Rest, Open + 1);
    if (Close == StringRef::npos)
      return "";
    std::vector<std::string> Args =
        quotedArgs(Rest.slice(Open + 1, Close - 1), *this);
    Rest = Rest.drop_front(Close);
    if (Method.equals_insensitive("Replace") && Args.size() == 2)
      Value = replaceAll(Value, Args[0], Args[1]);
    else if (Method.equals_insensitive("ToLower") ||
             Method.equals_insensitive("ToLowerInvariant"))
      Value = StringRef(Value).lower();
    else if (Method.equals_insensitive("ToUpper") ||
             Method.equals_insensitive("ToUpperInvariant"))
      Value = StringRef(Value).upper();
    else if (Method.equals_insensitive("Trim") && Args.empty())
      Value = StringRef(Value).trim().str();
    else if (Method.equals_insensitive("TrimEnd") && Args.size() == 1)
      Value = StringRef(Value).rtrim(Args[0]).str();
    else if (Method.equals_insensitive("TrimStart") && Args.size() == 1)
      Value = StringRef(Value).ltrim(Args[0]).str();
    else
      return ""; // a method this evaluator does not know
  }
  return Value;
}

std::string MsBuildExpander::expand(StringRef Text) const {
  std::string Out;
  for (size_t I = 0; I < Text.size();) {
    char C = Text[I];
    bool Ref = (C == '$' || C == '%' || C == '@') && I + 1 < Text.size() &&
               Text[I + 1] == '(';
    if (!Ref) {
      Out.push_back(C);
      ++I;
      continue;
    }
    size_t End = closingParen(Text, I + 2);
    if (End == StringRef::npos) {
      Out += Text.drop_front(I);
      break;
    }
    StringRef Inner = Text.slice(I + 2, End - 1);
    if (C == '$') {
      Out += property(Inner);
    } else if (C == '%') {
      if (!Metadata) {
        Out += Text.slice(I, End); // outside item definitions: literal
      } else {
        auto It = Metadata->find(Inner.trim().str());
        if (It != Metadata->end())
          Out += It->second;
      }
    }
    // @(Items) lists are not evaluated: they expand to nothing.
    I = End;
  }
  return Out;
}

namespace {

/// Recursive-descent evaluation of MSBuild conditions.
class ConditionParser {
public:
  ConditionParser(StringRef Text, const MsBuildExpander &E) : S(Text), E(E) {}

  bool run(std::string &Error) {
    std::optional<std::string> V = orExpr();
    skipSpace();
    if (Error_.empty() && Pos != S.size())
      fail("unexpected '" + S.drop_front(Pos).str() + "'");
    std::optional<bool> B = V ? truth(*V) : std::nullopt;
    if (Error_.empty() && !B)
      fail("'" + V.value_or("") + "' is not a boolean");
    Error = Error_;
    return Error_.empty() && *B;
  }

private:
  static std::optional<bool> truth(StringRef V) {
    if (V.equals_insensitive("true") || V.equals_insensitive("on") ||
        V.equals_insensitive("yes"))
      return true;
    if (V.equals_insensitive("false") || V.equals_insensitive("off") ||
        V.equals_insensitive("no"))
      return false;
    return std::nullopt;
  }
  static std::string boolean(bool B) { return B ? "true" : "false"; }

  void fail(const std::string &Msg) {
    if (Error_.empty())
      Error_ = Msg;
  }
  void skipSpace() {
    while (Pos < S.size() && isSpace(S[Pos]))
      ++Pos;
  }
  bool keyword(StringRef K) {
    skipSpace();
    if (!S.drop_front(Pos).starts_with_insensitive(K))
      return false;
    size_t After = Pos + K.size();
    if (After < S.size() && (isAlnum(S[After]) || S[After] == '_'))
      return false;
    Pos = After;
    return true;
  }

  std::optional<std::string> orExpr() {
    std::optional<std::string> L = andExpr();
    while (L && keyword("or")) {
      std::optional<std::string> R = andExpr();
      if (!R)
        return std::nullopt;
      std::optional<bool> A = truth(*L), B = truth(*R);
      if (!A || !B) {
        fail("'or' needs booleans");
        return std::nullopt;
      }
      L = boolean(*A || *B);
    }
    return L;
  }

  std::optional<std::string> andExpr() {
    std::optional<std::string> L = notExpr();
    while (L && keyword("and")) {
      std::optional<std::string> R = notExpr();
      if (!R)
        return std::nullopt;
      std::optional<bool> A = truth(*L), B = truth(*R);
      if (!A || !B) {
        fail("'and' needs booleans");
        return std::nullopt;
      }
      L = boolean(*A && *B);
    }
    return L;
  }

  std::optional<std::string> notExpr() {
    skipSpace();
    if (Pos < S.size() && S[Pos] == '!' &&
        !(Pos + 1 < S.size() && S[Pos + 1] == '=')) {
      ++Pos;
      std::optional<std::string> V = notExpr();
      std::optional<bool> B = V ? truth(*V) : std::nullopt;
      if (!B) {
        fail("'!' needs a boolean");
        return std::nullopt;
      }
      return boolean(!*B);
    }
    return comparison();
  }

  std::optional<std::string> comparison() {
    std::optional<std::string> L = primary();
    if (!L)
      return std::nullopt;
    skipSpace();
    static const char *Ops[] = {"==", "!=", "<=", ">=", "<", ">"};
    for (const char *Op : Ops) {
      if (!S.drop_front(Pos).starts_with(Op))
        continue;
      Pos += strlen(Op);
      std::optional<std::string> R = primary();
      if (!R)
        return std::nullopt;
      return compare(*L, Op, *R);
    }
    return L;
  }

  std::optional<std::string> compare(StringRef L, StringRef Op, StringRef R) {
    std::optional<long long> A = msbuildNumber(L), B = msbuildNumber(R);
    if (Op == "==" || Op == "!=") {
      bool Equal = (A && B) ? *A == *B : L.equals_insensitive(R);
      return boolean(Op == "==" ? Equal : !Equal);
    }
    if (!A || !B) {
      fail("'" + L.str() + "' " + Op.str() + " '" + R.str() +
           "' compares values that are not numbers");
      return std::nullopt;
    }
    bool V = Op == "<"    ? *A < *B
             : Op == ">"  ? *A > *B
             : Op == "<=" ? *A <= *B
                          : *A >= *B;
    return boolean(V);
  }

  std::optional<std::string> primary() {
    skipSpace();
    if (Pos >= S.size()) {
      fail("unexpected end of condition");
      return std::nullopt;
    }
    char C = S[Pos];
    if (C == '(') {
      ++Pos;
      std::optional<std::string> V = orExpr();
      skipSpace();
      if (!V || Pos >= S.size() || S[Pos] != ')') {
        fail("expected ')'");
        return std::nullopt;
      }
      ++Pos;
      return V;
    }
    if (C == '\'' || C == '"' || C == '`') {
      size_t End = S.find(C, Pos + 1);
      if (End == StringRef::npos) {
        fail("unterminated string");
        return std::nullopt;
      }
      std::string V = E.expand(S.slice(Pos + 1, End));
      Pos = End + 1;
      return V;
    }
    if ((C == '$' || C == '%' || C == '@') && Pos + 1 < S.size() &&
        S[Pos + 1] == '(') {
      size_t End = closingParen(S, Pos + 2);
      if (End == StringRef::npos) {
        fail("unclosed '" + std::string(1, C) + "('");
        return std::nullopt;
      }
      std::string V = E.expand(S.slice(Pos, End));
      Pos = End;
      return V;
    }
    // A bare word: a number, true/false, or a function call.
    size_t Start = Pos;
    while (Pos < S.size() &&
           (isAlnum(S[Pos]) || S[Pos] == '_' || S[Pos] == '.' || S[Pos] == '-'))
      ++Pos;
    StringRef Word = S.slice(Start, Pos);
    if (Word.empty()) {
      fail("unexpected '" + std::string(1, C) + "'");
      return std::nullopt;
    }
    skipSpace();
    if (Pos < S.size() && S[Pos] == '(')
      return call(Word);
    return Word.str();
  }

  std::optional<std::string> call(StringRef Name) {
    size_t End = closingParen(S, Pos + 1);
    if (End == StringRef::npos) {
      fail("unclosed call of " + Name.str());
      return std::nullopt;
    }
    std::vector<std::string> Args = quotedArgs(S.slice(Pos + 1, End - 1), E);
    Pos = End;
    std::string Arg = Args.empty() ? "" : Args[0];
    if (Name.equals_insensitive("Exists")) {
      if (StringRef(Arg).trim().empty())
        return boolean(false);
      std::string P = resolveWindowsPath(StringRef(Arg).trim(), E.projectDir());
      return boolean(sys::fs::exists(P));
    }
    if (Name.equals_insensitive("HasTrailingSlash"))
      return boolean(StringRef(Arg).ends_with("/") ||
                     StringRef(Arg).ends_with("\\"));
    // Functions this evaluator does not know are taken as false.
    return boolean(false);
  }

  StringRef S;
  size_t Pos = 0;
  const MsBuildExpander &E;
  std::string Error_;
};

} // namespace

bool MsBuildExpander::condition(StringRef Text, std::string &Error) const {
  Error.clear();
  if (Text.trim().empty())
    return true;
  return ConditionParser(Text, *this).run(Error);
}

} // namespace ndischeck
