//===- PrefixPchTest.cpp - The #include lines a file starts with ----------===//

#include "tu/PrefixPch.h"

#include "gtest/gtest.h"

using namespace ndischeck;

namespace {

std::vector<std::string> keys(llvm::StringRef Source) {
  std::vector<std::string> Out;
  for (const PrefixDirective &D : leadingDirectives(Source))
    Out.push_back(D.Key);
  return Out;
}

} // namespace

TEST(PrefixPchTest, IncludeLinesAfterCommentsUpToTheFirstOtherLine) {
  const char *Source = "/* Copyright ...\n"
                       "   Module Name: miniport.c */\n"
                       "\n"
                       "// the project's header first\n"
                       "#include  \"precomp.h\"   // two spaces\n"
                       "# include <ndis.h>\n"
                       "#include <wdm.h> /* a comment\n"
                       "   over two lines */\n"
                       "#define NDEBUG\n"
                       "#include \"debug.h\"\n";
  std::vector<PrefixDirective> D = leadingDirectives(Source);
  ASSERT_EQ(D.size(), 3u);
  // Whitespace between the words does not make two lines different...
  EXPECT_EQ(D[0].Key, "#include \"precomp.h\"");
  EXPECT_EQ(D[1].Key, "#include <ndis.h>");
  EXPECT_EQ(D[2].Key, "#include <wdm.h>");
  // ...and the header the PCH is built from has them as written.
  EXPECT_EQ(D[0].Text, "#include  \"precomp.h\"");
  EXPECT_EQ(D[1].Text, "# include <ndis.h>");
}

TEST(PrefixPchTest, NoPrefixBeforeOtherDirectivesOrCode) {
  // A #define first: the headers would no longer follow it in Clang's
  // location order once precompiled.
  EXPECT_EQ(keys("#define NDIS60_MINIPORT 1\n#include <ndis.h>\n"),
            std::vector<std::string>{});
  EXPECT_EQ(keys("#pragma once\n#include <ndis.h>\n"),
            std::vector<std::string>{});
  EXPECT_EQ(keys("int x;\n#include <ndis.h>\n"), std::vector<std::string>{});
  // An #include of a macro's expansion ends the prefix.
  EXPECT_EQ(keys("#include <ndis.h>\n#include HEADER\n#include \"a.h\"\n"),
            std::vector<std::string>{"#include <ndis.h>"});
  EXPECT_EQ(keys(""), std::vector<std::string>{});
  EXPECT_EQ(keys("#include"), std::vector<std::string>{});
  EXPECT_EQ(keys("#include <unterminated.h\n"), std::vector<std::string>{});
}

TEST(PrefixPchTest, AngledNamesKeepTheirSpelling) {
  EXPECT_EQ(keys("#include <sub dir/a.h>\n"),
            std::vector<std::string>{"#include <sub dir/a.h>"});
  EXPECT_NE(keys("#include <a.h>\n"), keys("#include \"a.h\"\n"));
}
