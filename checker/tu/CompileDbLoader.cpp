//===- CompileDbLoader.cpp - Read compile_commands.json defensively -------===//

#include "tu/CompileDbLoader.h"

#include "db/JsonLocator.h"

#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace clang::tooling;

namespace ndischeck {

namespace {

/// Schema errors past this many are counted, not located: locating one scans
/// the text from the start.
constexpr size_t MaxReportedEntryErrors = 20;

const char *kindName(const json::Value &V) {
  switch (V.kind()) {
  case json::Value::Null:
    return "null";
  case json::Value::Boolean:
    return "a boolean";
  case json::Value::Number:
    return "a number";
  case json::Value::String:
    return "a string";
  case json::Value::Array:
    return "an array";
  case json::Value::Object:
    return "an object";
  }
  return "?";
}

class Reader {
public:
  Reader(StringRef Text, StringRef Path, LoadedCompileDb &Out)
      : Text(Text), Path(Path.str()), Out(Out), Locator(toView(Text)) {}

  void read();

private:
  StringRef Text;
  std::string Path;
  LoadedCompileDb &Out;
  JsonLocator Locator;
  size_t EntryErrors = 0;

  static std::string_view toView(StringRef S) { return {S.data(), S.size()}; }

  void errorAt(size_t Offset, const Twine &Msg) {
    Out.Errors.push_back(Path + ":" + lineColumn(toView(Text), Offset) +
                         ": error: " + Msg.str());
  }
  /// An error about entry Index (at the value of Key, or the entry itself).
  void entryError(size_t Index, StringRef Key, const Twine &Msg) {
    if (++EntryErrors > MaxReportedEntryErrors)
      return;
    JsonPath P = JsonPath() / Index;
    if (!Key.empty())
      P = P / Key.str();
    errorAt(Locator.find(P, /*AtKey=*/false),
            "entry " + Twine(Index + 1) + ": " + Msg);
  }
  std::optional<StringRef> stringMember(const json::Object &E, size_t Index,
                                        StringRef Key, bool Required);
  bool readEntry(const json::Value &V, size_t Index, json::Array &Kept,
                 StringSet<> &Seen);
};

std::optional<StringRef> Reader::stringMember(const json::Object &E,
                                              size_t Index, StringRef Key,
                                              bool Required) {
  const json::Value *V = E.get(Key);
  if (!V) {
    if (Required)
      entryError(Index, "", "missing \"" + Key + "\"");
    return std::nullopt;
  }
  std::optional<StringRef> S = V->getAsString();
  if (!S)
    entryError(Index, Key,
               "\"" + Key + "\" must be a string, not " + kindName(*V));
  return S;
}

bool Reader::readEntry(const json::Value &V, size_t Index, json::Array &Kept,
                       StringSet<> &Seen) {
  const json::Object *E = V.getAsObject();
  if (!E) {
    entryError(Index, "",
               Twine("an entry must be an object, not ") + kindName(V));
    return false;
  }
  std::optional<StringRef> File = stringMember(*E, Index, "file", true);
  std::optional<StringRef> Dir = stringMember(*E, Index, "directory", true);
  if (!File || !Dir)
    return false;
  auto LeaveOut = [&](const std::string &Why) {
    Out.LeftOut.push_back({File->str(), Why});
    return false;
  };

  // The command: "arguments" (preferred, as LibTooling does) or "command".
  std::string Identity;
  if (const json::Value *Args = E->get("arguments")) {
    const json::Array *A = Args->getAsArray();
    if (!A || A->empty()) {
      entryError(Index, "arguments",
                 "\"arguments\" must be a non-empty array of strings");
      return LeaveOut("its compile_commands.json entry is malformed");
    }
    for (size_t K = 0; K < A->size(); ++K) {
      std::optional<StringRef> Arg = (*A)[K].getAsString();
      if (!Arg) {
        if (++EntryErrors <= MaxReportedEntryErrors)
          errorAt(Locator.find(JsonPath() / Index / "arguments" / K, false),
                  "entry " + Twine(Index + 1) +
                      ": arguments must be strings, not " + kindName((*A)[K]));
        return LeaveOut("its compile_commands.json entry is malformed");
      }
      Identity += '\0';
      Identity += *Arg;
    }
  } else if (std::optional<StringRef> Cmd =
                 stringMember(*E, Index, "command", false)) {
    if (Cmd->trim().empty()) {
      entryError(Index, "command", "\"command\" is empty");
      return LeaveOut("its compile_commands.json entry is malformed");
    }
    Identity = "command:" + Cmd->str();
  } else {
    if (!E->get("command"))
      entryError(Index, "", "missing \"arguments\" or \"command\"");
    return LeaveOut("its compile_commands.json entry is malformed");
  }
  std::optional<StringRef> Output = stringMember(*E, Index, "output", false);
  if (!Output && E->get("output"))
    return LeaveOut("its compile_commands.json entry is malformed");

  // LibTooling would abort the whole run on it ("Cannot chdir").
  if (!sys::fs::is_directory(*Dir)) {
    entryError(Index, "directory",
               "the directory '" + *Dir + "' of the entry for '" + *File +
                   "' does not exist");
    return LeaveOut("the directory '" + Dir->str() +
                    "' of its compile_commands.json entry does not exist");
  }

  std::string Key = Dir->str() + '\0' + File->str() + '\0' + Identity + '\0' +
                    (Output ? Output->str() : "");
  if (!Seen.insert(Key).second) {
    ++Out.Duplicates;
    return true;
  }
  json::Object Clean{{"directory", *Dir}, {"file", *File}};
  if (const json::Value *Args = E->get("arguments"))
    Clean["arguments"] = *Args;
  else
    Clean["command"] = *E->get("command");
  if (Output)
    Clean["output"] = *Output;
  Kept.push_back(std::move(Clean));
  return true;
}

void Reader::read() {
  // clang-tidy (through the YAML reader) accepts a UTF-8 BOM; so do we. The
  // positions below then count from after it, as an editor shows them.
  Text.consume_front("\xEF\xBB\xBF");
  Locator = JsonLocator(toView(Text));
  if (std::optional<size_t> At = firstOverNested(toView(Text))) {
    errorAt(*At, "malformed compilation database: nested deeper than " +
                     Twine(MaxJsonNesting) + " levels");
    return;
  }
  Expected<json::Value> Root = json::parse(Text);
  if (!Root) {
    // LLVM says "[L:C, byte=N]: what"; say it the way compilers do.
    std::string Msg = toString(Root.takeError());
    StringRef M(Msg), Where;
    if (M.consume_front("[")) {
      std::tie(Where, M) = M.split("]: ");
      Where = Where.split(",").first;
    }
    Out.Errors.push_back(Path + (Where.empty() ? "" : ":" + Where.str()) +
                         ": error: malformed compilation database: " + M.str());
    return;
  }
  const json::Array *Entries = Root->getAsArray();
  if (!Entries) {
    errorAt(Locator.find({}, false),
            Twine("malformed compilation database: the top level must be an "
                  "array of entries, not ") +
                kindName(*Root));
    return;
  }
  Out.Entries = Entries->size();
  json::Array Kept;
  StringSet<> Seen;
  for (size_t I = 0; I < Entries->size(); ++I)
    readEntry((*Entries)[I], I, Kept, Seen);
  if (EntryErrors > MaxReportedEntryErrors)
    Out.Errors.push_back(Path + ": error: " +
                         std::to_string(EntryErrors - MaxReportedEntryErrors) +
                         " more malformed entries");
  if (Entries->empty())
    Out.Errors.push_back(Path +
                         ": error: the compilation database has no entries");

  std::string Sound, Err;
  raw_string_ostream(Sound) << json::Value(std::move(Kept));
  std::unique_ptr<CompilationDatabase> Db =
      JSONCompilationDatabase::loadFromBuffer(
          Sound, Err, JSONCommandLineSyntax::AutoDetect);
  if (!Db) {
    Out.Errors.push_back(Path +
                         ": error: malformed compilation database: " + Err);
    return;
  }
  // As clang-tidy: @file arguments are read (relative to the entry's
  // directory), cl.exe / clang-cl entries get --driver-mode=cl.
  Db = expandResponseFiles(std::move(Db), vfs::getRealFileSystem());
  Out.Db = inferTargetAndDriverMode(std::move(Db));
}

} // namespace

LoadedCompileDb readCompileDb(StringRef Text, StringRef Path) {
  LoadedCompileDb Out;
  Reader(Text, Path, Out).read();
  return Out;
}

LoadedCompileDb loadCompileDb(StringRef DirOrFile,
                              const CompileDbRewrite &Rewrite) {
  SmallString<256> Path(DirOrFile);
  if (!DirOrFile.ends_with(".json"))
    sys::path::append(Path, "compile_commands.json");
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf) {
    LoadedCompileDb Out;
    Out.Errors.push_back(Path.str().str() +
                         ": error: cannot read compilation database: " +
                         Buf.getError().message());
    return Out;
  }
  LoadedCompileDb Plain = readCompileDb((*Buf)->getBuffer(), Path);
  // A document that does not read as a database is reported as such, not
  // as whatever the rewrite makes of it.
  if (!Rewrite || !Plain.Db)
    return Plain;
  StringRef Text = (*Buf)->getBuffer();
  Text.consume_front("\xEF\xBB\xBF");
  std::string Error;
  std::optional<std::string> Rewritten = Rewrite(Text, Error);
  if (!Rewritten) {
    LoadedCompileDb Out;
    Out.Errors.push_back(Path.str().str() + ": error: " + Error);
    return Out;
  }
  return readCompileDb(*Rewritten, Path);
}

} // namespace ndischeck
