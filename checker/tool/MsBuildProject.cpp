//===- MsBuildProject.cpp - Evaluate an MSBuild project -------------------===//

#include "MsBuildProject.h"

#include "WindowsPath.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <set>

using namespace llvm;

namespace ndischeck {

namespace {

constexpr unsigned MaxImportDepth = 32;
constexpr unsigned MaxWildcardFiles = 10000;

bool named(const XmlElement &E, StringRef Name) {
  // MSBuild's namespace is the default one: names carry no prefix.
  return StringRef(E.Name).equals_insensitive(Name);
}

std::string where(const XmlDocument &D, const XmlElement &E) {
  return D.Path + ":" + std::to_string(E.Line) + ":" + std::to_string(E.Col);
}

/// An element to be evaluated in a later pass, with the file it is in.
struct Pending {
  const XmlDocument *Doc;
  const XmlElement *Elem;
};

/// Files a wildcard include names: '*' and '?' in the last component, and
/// "**" for any depth of directories.
std::vector<std::string> expandWildcard(StringRef Pattern) {
  std::vector<std::string> Out;
  StringRef Dir = Pattern;
  // The fixed directory part before the first wildcard component.
  size_t Wild = Pattern.find_first_of("*?");
  size_t Slash = Pattern.rfind('/', Wild);
  Dir = Pattern.take_front(Slash == StringRef::npos ? 0 : Slash);
  StringRef Rest = Pattern.drop_front(Dir.size()).ltrim('/');
  bool Recursive = Rest.contains("**");
  StringRef FilePattern = sys::path::filename(Rest, sys::path::Style::posix);
  auto Matches = [&](StringRef Name) {
    // A minimal glob: '*' any run, '?' one character, case-insensitive.
    std::function<bool(StringRef, StringRef)> M = [&](StringRef P,
                                                      StringRef N) {
      if (P.empty())
        return N.empty();
      if (P.front() == '*')
        return M(P.drop_front(), N) || (!N.empty() && M(P, N.drop_front()));
      if (N.empty())
        return false;
      if (P.front() != '?' && tolower(P.front()) != tolower(N.front()))
        return false;
      return M(P.drop_front(), N.drop_front());
    };
    return M(FilePattern, Name);
  };
  std::error_code EC;
  if (Recursive) {
    for (sys::fs::recursive_directory_iterator I(Dir, EC), E;
         !EC && I != E && Out.size() < MaxWildcardFiles; I.increment(EC)) {
      if (I.level() > 16) {
        I.no_push();
        continue;
      }
      if (I->type() == sys::fs::file_type::regular_file &&
          Matches(sys::path::filename(I->path())))
        Out.push_back(I->path());
    }
  } else {
    for (sys::fs::directory_iterator I(Dir, EC), E;
         !EC && I != E && Out.size() < MaxWildcardFiles; I.increment(EC))
      if (Matches(sys::path::filename(I->path())))
        Out.push_back(I->path());
  }
  std::sort(Out.begin(), Out.end());
  return Out;
}

std::vector<std::string> splitList(StringRef S) {
  std::vector<std::string> Out;
  SmallVector<StringRef, 8> Parts;
  S.split(Parts, ';');
  for (StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

class Evaluator {
public:
  Evaluator(EvaluatedProject &Out) : Out(Out) {}

  bool run(StringRef Path, std::string &Error);

private:
  bool load(StringRef Path, const XmlDocument *&Doc, std::string &Error);
  bool properties(const XmlDocument &D, const XmlElement &Parent,
                  unsigned Depth);
  bool import(const XmlDocument &D, const XmlElement &E, unsigned Depth);
  bool itemDefinitions(const Pending &P);
  bool items(const Pending &P);
  bool condition(const XmlDocument &D, const XmlElement &E,
                 const MetadataMap *Meta = nullptr);
  void applyMetadata(const XmlDocument &D, const XmlElement &E,
                     MetadataMap &Meta, bool Attributes);
  std::vector<std::string> itemPaths(const XmlDocument &D, StringRef Spec);
  MsBuildExpander expander(const XmlDocument &D) const {
    MsBuildExpander X(Out.Properties, ProjectDir);
    X.ThisFile = D.Path;
    return X;
  }
  bool fail(const XmlDocument &D, const XmlElement &E, const Twine &Msg) {
    if (Error.empty())
      Error = where(D, E) + ": error: " + Msg.str();
    return false;
  }

  EvaluatedProject &Out;
  std::string ProjectDir;
  std::string Error;
  std::vector<std::unique_ptr<XmlDocument>> Docs;
  StringSet<> Importing;
  std::vector<Pending> ItemDefinitionGroups, ItemGroups;
  MetadataMap ClCompileDefinition;
};

bool Evaluator::load(StringRef Path, const XmlDocument *&Doc,
                     std::string &Err) {
  auto D = std::make_unique<XmlDocument>();
  if (!parseXmlFile(Path, *D, Err))
    return false;
  if (!named(*D->Root, "Project")) {
    Err = D->Path + ":" + std::to_string(D->Root->Line) + ":" +
          std::to_string(D->Root->Col) +
          ": error: not an MSBuild project: the root element is <" +
          D->Root->Name + ">, expected <Project>";
    return false;
  }
  Doc = D.get();
  Docs.push_back(std::move(D));
  return true;
}

bool Evaluator::condition(const XmlDocument &D, const XmlElement &E,
                          const MetadataMap *Meta) {
  const std::string *C = E.attr("Condition");
  if (!C)
    return true;
  MsBuildExpander X = expander(D);
  X.Metadata = Meta;
  std::string Err;
  bool V = X.condition(*C, Err);
  if (!Err.empty())
    fail(D, E, "malformed condition \"" + *C + "\": " + Err);
  return V;
}

bool Evaluator::import(const XmlDocument &D, const XmlElement &E,
                       unsigned Depth) {
  if (!condition(D, E))
    return Error.empty();
  const std::string *Project = E.attr("Project");
  if (!Project)
    return fail(D, E, "<Import> without a Project attribute");
  std::string Base = sys::path::parent_path(D.Path).str();
  for (const std::string &Spec : splitList(expander(D).expand(*Project))) {
    std::string P = resolveWindowsPath(msbuildUnescape(Spec), Base);
    std::vector<std::string> Files;
    if (StringRef(P).contains_insensitive("*") || StringRef(P).contains("?"))
      Files = expandWildcard(P);
    else if (sys::fs::is_regular_file(P))
      Files.push_back(P);
    else
      Out.MissingImports.push_back(Spec);
    for (const std::string &F : Files) {
      if (Depth >= MaxImportDepth)
        return fail(D, E,
                    "imports nested more than " + Twine(MaxImportDepth) +
                        " deep");
      if (!Importing.insert(F).second)
        continue; // MSBuild skips a file imported twice (with a warning)
      const XmlDocument *Sub;
      std::string Err;
      if (!load(F, Sub, Err)) {
        Error = Err;
        return false;
      }
      if (!properties(*Sub, *Sub->Root, Depth + 1))
        return false;
    }
  }
  return true;
}

bool Evaluator::properties(const XmlDocument &D, const XmlElement &Parent,
                           unsigned Depth) {
  for (const auto &Child : Parent.Children) {
    const XmlElement &E = *Child;
    if (named(E, "PropertyGroup")) {
      if (!condition(D, E)) {
        if (!Error.empty())
          return false;
        continue;
      }
      for (const auto &P : E.Children) {
        if (!condition(D, *P)) {
          if (!Error.empty())
            return false;
          continue;
        }
        Out.Properties.set(P->Name, expander(D).expand(P->Text));
      }
    } else if (named(E, "Import")) {
      if (!import(D, E, Depth))
        return false;
    } else if (named(E, "ImportGroup")) {
      if (!condition(D, E)) {
        if (!Error.empty())
          return false;
        continue;
      }
      for (const auto &I : E.Children)
        if (named(*I, "Import") && !import(D, *I, Depth))
          return false;
    } else if (named(E, "Choose")) {
      // The first <When> whose condition holds, else <Otherwise>.
      for (const auto &W : E.Children) {
        if (named(*W, "When") && !condition(D, *W)) {
          if (!Error.empty())
            return false;
          continue;
        }
        if (named(*W, "When") || named(*W, "Otherwise")) {
          if (!properties(D, *W, Depth))
            return false;
          break;
        }
      }
    } else if (named(E, "ItemDefinitionGroup")) {
      ItemDefinitionGroups.push_back({&D, &E});
    } else if (named(E, "ItemGroup")) {
      ItemGroups.push_back({&D, &E});
    }
    // Targets, UsingTask, ProjectExtensions: nothing for compile commands.
  }
  return true;
}

void Evaluator::applyMetadata(const XmlDocument &D, const XmlElement &E,
                              MetadataMap &Meta, bool Attributes) {
  MsBuildExpander X = expander(D);
  X.Metadata = &Meta;
  if (Attributes)
    for (const auto &[Key, Value] : E.Attributes) {
      static const char *Reserved[] = {
          "Include",        "Exclude",        "Remove",
          "Update",         "Condition",      "KeepMetadata",
          "RemoveMetadata", "KeepDuplicates", "MatchOnMetadata"};
      if (llvm::any_of(Reserved, [&](const char *R) {
            return StringRef(Key).equals_insensitive(R);
          }))
        continue;
      Meta[Key] = X.expand(Value);
    }
  for (const auto &M : E.Children) {
    if (!condition(D, *M, &Meta))
      continue;
    Meta[M->Name] = X.expand(M->Text);
  }
}

bool Evaluator::itemDefinitions(const Pending &P) {
  if (!condition(*P.Doc, *P.Elem))
    return Error.empty();
  for (const auto &Def : P.Elem->Children) {
    if (!named(*Def, "ClCompile"))
      continue;
    if (!condition(*P.Doc, *Def)) {
      if (!Error.empty())
        return false;
      continue;
    }
    applyMetadata(*P.Doc, *Def, ClCompileDefinition, /*Attributes=*/true);
  }
  return Error.empty();
}

std::vector<std::string> Evaluator::itemPaths(const XmlDocument &D,
                                              StringRef Spec) {
  std::vector<std::string> Out;
  for (const std::string &S : splitList(expander(D).expand(Spec))) {
    if (StringRef(S).contains("@("))
      continue; // item lists (@(ClSourceFiles)) are not evaluated
    // Item specs are relative to the project's directory, wherever written.
    std::string P = resolveWindowsPath(msbuildUnescape(S), ProjectDir);
    if (StringRef(P).contains("*") || StringRef(P).contains("?")) {
      for (std::string &F : expandWildcard(P))
        Out.push_back(std::move(F));
      continue;
    }
    Out.push_back(P);
  }
  return Out;
}

bool Evaluator::items(const Pending &P) {
  const XmlDocument &D = *P.Doc;
  if (!condition(D, *P.Elem))
    return Error.empty();
  auto Same = [](StringRef A, StringRef B) { return A.equals_insensitive(B); };
  for (const auto &Child : P.Elem->Children) {
    const XmlElement &E = *Child;
    if (!named(E, "ClCompile"))
      continue;
    if (!condition(D, E)) {
      if (!Error.empty())
        return false;
      continue;
    }
    if (const std::string *Remove = E.attr("Remove")) {
      for (const std::string &R : itemPaths(D, *Remove))
        llvm::erase_if(Out.ClCompile,
                       [&](const MsBuildItem &I) { return Same(I.Path, R); });
      continue;
    }
    if (const std::string *Update = E.attr("Update")) {
      for (const std::string &U : itemPaths(D, *Update))
        for (MsBuildItem &I : Out.ClCompile)
          if (Same(I.Path, U))
            applyMetadata(D, E, I.Metadata, /*Attributes=*/true);
      continue;
    }
    const std::string *Include = E.attr("Include");
    if (!Include)
      return fail(D, E, "<ClCompile> item without Include, Remove or Update");
    std::vector<std::string> Excluded;
    if (const std::string *Exclude = E.attr("Exclude"))
      Excluded = itemPaths(D, *Exclude);
    for (const std::string &Path : itemPaths(D, *Include)) {
      if (llvm::any_of(Excluded, [&](StringRef X) { return Same(X, Path); }))
        continue;
      MsBuildItem Item;
      Item.Path = Path;
      Item.Metadata = ClCompileDefinition;
      applyMetadata(D, E, Item.Metadata, /*Attributes=*/true);
      // A file listed twice is compiled once, with its last metadata.
      llvm::erase_if(Out.ClCompile,
                     [&](const MsBuildItem &I) { return Same(I.Path, Path); });
      Out.ClCompile.push_back(std::move(Item));
    }
  }
  return Error.empty();
}

/// Directory.Build.props or .targets in Dir or the nearest directory above.
std::string findAbove(StringRef Dir, StringRef Name) {
  SmallString<256> D(Dir);
  for (unsigned I = 0; I < 64 && !D.empty(); ++I) {
    std::string Candidate = resolveWindowsPath(Name, D);
    if (sys::fs::is_regular_file(Candidate))
      return Candidate;
    StringRef Parent = sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return "";
}

bool Evaluator::run(StringRef Path, std::string &Err) {
  SmallString<256> Abs(Path);
  sys::fs::make_absolute(Abs);
  sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  Out.Path = std::string(Abs);
  ProjectDir = sys::path::parent_path(Abs).str();
  PropertyTable &Props = Out.Properties;
  // The reserved properties, and those Microsoft.Cpp.Default.props sets.
  Props.setGlobal("MSBuildProjectFullPath", Out.Path);
  Props.setGlobal("MSBuildProjectDirectory", ProjectDir);
  Props.setGlobal("MSBuildProjectFile", sys::path::filename(Abs));
  Props.setGlobal("MSBuildProjectName", sys::path::stem(Abs));
  Props.setGlobal("MSBuildProjectExtension", sys::path::extension(Abs));
  Props.set("ProjectDir", ProjectDir + "/");
  Props.set("ProjectName", sys::path::stem(Abs));
  Props.set("ProjectFileName", sys::path::filename(Abs));
  Props.set("ProjectPath", Out.Path);

  const XmlDocument *Doc;
  if (!load(Out.Path, Doc, Err))
    return false;
  Importing.insert(Out.Path);

  // Microsoft.Common.props imports Directory.Build.props before the
  // project's own properties, Microsoft.Common.targets .targets after.
  auto ImportFile = [&](const std::string &F) {
    const XmlDocument *Sub;
    if (F.empty() || !Importing.insert(F).second)
      return true;
    if (!load(F, Sub, Error))
      return false;
    return properties(*Sub, *Sub->Root, 1);
  };
  bool Ok = ImportFile(findAbove(ProjectDir, "Directory.Build.props")) &&
            properties(*Doc, *Doc->Root, 0) &&
            ImportFile(findAbove(ProjectDir, "Directory.Build.targets"));
  for (const Pending &P : ItemDefinitionGroups)
    Ok = Ok && itemDefinitions(P);
  for (const Pending &P : ItemGroups)
    Ok = Ok && items(P);
  if (!Ok) {
    Err = Error;
    return false;
  }
  return true;
}

} // namespace

bool evaluateMsBuildProject(StringRef Path, EvaluatedProject &Out,
                            std::string &Error) {
  return Evaluator(Out).run(Path, Error);
}

} // namespace ndischeck
