//===- NdisClangdMain.cpp - clangd with the ndis-* checks built in --------===//
//
// Stock clangd cannot load clang-tidy plugins (clangd/clangd#1458), so
// ndis-clangd is clangd itself, linked with the ndis-* module: enable the
// checks in a project's .clangd (Diagnostics: ClangTidy: Add: [ndis-*] and
// FastCheckFilter: Loose, or clangd drops every check it does not know) and
// the editor shows NdisCheck's findings with their traces as related
// information.
//
//===----------------------------------------------------------------------===//

// Debian ships clangd's archives but not its headers: the entry point is all
// this needs.
namespace clang {
namespace clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clangd
} // namespace clang

// Defined next to the module's registration; referencing it keeps the
// registration in the link whatever the linker does with object files.
extern volatile int NdisTidyModuleAnchorSource;

#include <cstring>
#include <vector>

#ifndef NDISCHECK_RESOURCE_DIR
#error "NDISCHECK_RESOURCE_DIR: the resource directory of the Clang built with"
#endif

int main(int argc, char *argv[]) {
  (void)NdisTidyModuleAnchorSource;
  // clangd looks for Clang's resource directory (stddef.h, ...) next to its
  // own binary, which is not where Debian keeps it: default to the one of
  // the Clang this was built with unless the user chose one.
  std::vector<char *> Args(argv, argv + argc);
  bool HasResourceDir = false;
  for (int I = 1; I < argc; ++I)
    HasResourceDir |= std::strncmp(argv[I], "--resource-dir", 14) == 0 ||
                      std::strncmp(argv[I], "-resource-dir", 13) == 0;
  static char ResourceDirArg[] = "--resource-dir=" NDISCHECK_RESOURCE_DIR;
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDirArg);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
