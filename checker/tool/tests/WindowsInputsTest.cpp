//===- WindowsInputsTest.cpp - MSBuild conditions, the overlay, path maps -===//

#include "MsBuildExpr.h"
#include "PathMap.h"
#include "WdkOverlay.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace llvm;
using namespace ndischeck;

namespace {

bool cond(const PropertyTable &P, StringRef Text, std::string *Err = nullptr) {
  MsBuildExpander E(P, "/nonexistent");
  std::string Error;
  bool V = E.condition(Text, Error);
  if (Err)
    *Err = Error;
  else
    EXPECT_EQ(Error, "") << Text.str();
  return V;
}

TEST(MsBuildExpr, ConditionsAsTheWdkProjectsWriteThem) {
  PropertyTable P;
  P.setGlobal("Configuration", "Debug");
  P.setGlobal("Platform", "x64");
  P.set("_NT_TARGET_VERSION", "0xA00000B");
  P.set("_NT_TARGET_VERSION_WIN8", "0x602");
  EXPECT_TRUE(cond(P, "'$(Configuration)|$(Platform)'=='Debug|x64'"));
  EXPECT_FALSE(cond(P, "'$(Configuration)|$(Platform)'=='Release|x64'"));
  EXPECT_TRUE(cond(P, "'$(configuration)' == 'DEBUG'")); // no case anywhere
  EXPECT_FALSE(cond(P, "$(_NT_TARGET_VERSION)<$(_NT_TARGET_VERSION_WIN8)"));
  EXPECT_TRUE(cond(P, "!($(_NT_TARGET_VERSION)<$(_NT_TARGET_VERSION_WIN8)) "
                      "And '$(Platform)' != 'ARM64'"));
  EXPECT_TRUE(cond(P, "'$(Undefined)' == '' or false"));
  EXPECT_FALSE(cond(P, "Exists('no\\such\\file.props')"));
  EXPECT_TRUE(cond(P, "HasTrailingSlash('$(Configuration)\\')"));
}

TEST(MsBuildExpr, GlobalPropertiesWinAndMalformedConditionsAreErrors) {
  PropertyTable P;
  P.setGlobal("Configuration", "Release");
  P.set("Configuration", "Win8 Debug"); // as WDI's sdio.vcxproj does
  EXPECT_EQ(P.get("Configuration"), "Release");
  MsBuildExpander E(P, "/");
  EXPECT_EQ(E.expand("$(Configuration.Replace('e','E').ToLower())_x"),
            "release_x");
  std::string Err;
  cond(P, "'$(Configuration)' === 'Release'", &Err);
  EXPECT_NE(Err, "");
  cond(P, "'a' < 'b'", &Err);
  EXPECT_NE(Err.find("not numbers"), std::string::npos);
}

TEST(WdkOverlay, FixesTheNdisApiVersionPasteOnly) {
  std::string Wdk = "#pragma once\r\n#define NDIS_API_VERSION_AVAILABLE(major,"
                    "minor) ((((0x ## major) << 8) + (0x ## minor)) >= "
                    "NDIS_MIN_API)\r\n#if NDIS_API_VERSION_AVAILABLE(6,30)\r\n";
  std::string Fixed = fixNdisApiVersionMacro(Wdk);
  EXPECT_NE(Fixed.find("#define NDIS_API_HEX_PASTE(x) NDIS_API_HEX_PASTE_(x)"
                       "\r\n"),
            std::string::npos);
  EXPECT_NE(Fixed.find("(((NDIS_API_HEX_PASTE(major)) << 8) + "
                       "(NDIS_API_HEX_PASTE(minor)))"),
            std::string::npos);
  EXPECT_NE(Fixed.find("#if NDIS_API_VERSION_AVAILABLE(6,30)"),
            std::string::npos);
  EXPECT_EQ(fixNdisApiVersionMacro("#define OTHER(a) 0x ## a\n"), "");
}

/// How Clang 19's RedirectingFileSystem treats 'case-sensitive': 'false' on
/// a case-sensitive host: listed files are found in any case, a
/// directory-remap entry is not (why WdkOverlay lists every file).
TEST(WdkOverlay, CaseInsensitiveOnlyForListedFiles) {
  SmallString<256> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("ndis-vfs", Dir));
  SmallString<256> Listed(Dir), Remapped(Dir);
  sys::path::append(Listed, "listed");
  sys::path::append(Remapped, "remapped");
  sys::fs::create_directories(Listed);
  sys::fs::create_directories(Remapped);
  for (StringRef D : {Listed.str(), Remapped.str()}) {
    std::error_code EC;
    raw_fd_ostream(D.str() + "/driverspecs.h", EC) << "\n";
  }
  vfs::YAMLVFSWriter W;
  W.setCaseSensitivity(false);
  W.setUseExternalNames(true);
  W.addFileMapping((Listed + "/driverspecs.h").str(),
                   (Listed + "/driverspecs.h").str());
  W.addDirectoryMapping(Remapped.str(), Remapped.str());
  std::string Yaml;
  raw_string_ostream OS(Yaml);
  W.write(OS);
  OS.flush();
  auto FS = vfs::getVFSFromYAML(MemoryBuffer::getMemBufferCopy(Yaml), nullptr,
                                "", nullptr, vfs::getRealFileSystem());
  ASSERT_TRUE(FS) << Yaml;
  auto Found = FS->status((Listed + "/DriverSpecs.h").str());
  ASSERT_TRUE(bool(Found));
  EXPECT_EQ(Found->getName(), (Listed + "/driverspecs.h").str());
  EXPECT_FALSE(bool(FS->status((Remapped + "/DriverSpecs.h").str())));
  EXPECT_TRUE(bool(FS->status((Remapped + "/driverspecs.h").str())));
  sys::fs::remove_directories(Dir);
}

TEST(PathMap, WindowsPrefixesInAnyCaseAndEitherSlash) {
  std::string Err;
  std::optional<PathMapping> M = parsePathMapping("C:\\Src=/work/src", Err);
  ASSERT_TRUE(M);
  EXPECT_EQ(mapPath("c:/src/drv/a.c", {*M}), "/work/src/drv/a.c");
  EXPECT_EQ(mapPath("C:\\SRC\\drv\\a.c", {*M}), "/work/src/drv/a.c");
  EXPECT_FALSE(mapPath("C:\\Srcs\\a.c", {*M}));
  EXPECT_FALSE(parsePathMapping("no-equals-sign", Err));
}

} // namespace
