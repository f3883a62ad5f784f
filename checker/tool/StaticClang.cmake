# ndischeck_static_clang: Clang and LLVM as static archives, for ndis-check.
#
# Loading Debian's shared libclang-cpp and libLLVM costs every process some
# 0.08 s of CPU before main (half a million relocations, the libraries' static
# constructors); an unchanged re-run of a driver does little more than that,
# and a build system runs `--summarize` once per file. Linked from the
# archives of libclang-19-dev and llvm-19-dev into a position-dependent
# executable with the C++ runtime, ndis-check starts in a sixth of that and
# runs the same code.
#
# The archives' imported targets name the shared libLLVM as their dependency
# (Debian builds LLVM with LLVM_LINK_LLVM_DYLIB), so the Clang archives are
# taken by path and LLVM's by component; the linker keeps what is used.
# NDISCHECK_STATIC_CLANG is OFF when an archive is missing and with
# sanitizers, whose runtime wants the libraries the sanitizer build links.

set(NDISCHECK_CLANG_ARCHIVES
  clangTooling clangToolingCore clangToolingInclusions clangFormat
  clangRewrite clangASTMatchers clangFrontend clangDriver clangSerialization
  clangParse clangSema clangAnalysis clangEdit clangAPINotes clangAST clangLex
  clangBasic clangSupport)

set(NDISCHECK_STATIC_CLANG_DEFAULT ON)
if(NDISCHECK_SANITIZE)
  set(NDISCHECK_STATIC_CLANG_DEFAULT OFF)
endif()
foreach(lib ${NDISCHECK_CLANG_ARCHIVES} LLVMSupport)
  if(NOT EXISTS ${LLVM_LIBRARY_DIR}/lib${lib}.a)
    set(NDISCHECK_STATIC_CLANG_DEFAULT OFF)
  endif()
endforeach()
option(NDISCHECK_STATIC_CLANG
  "Link ndis-check with the static Clang and LLVM archives (faster start-up)"
  ${NDISCHECK_STATIC_CLANG_DEFAULT})

if(NDISCHECK_STATIC_CLANG)
  set(archives)
  foreach(lib ${NDISCHECK_CLANG_ARCHIVES})
    list(APPEND archives ${LLVM_LIBRARY_DIR}/lib${lib}.a)
  endforeach()
  # What the Clang libraries above use of LLVM; every target, as
  # registerLlvmTargets() initialises them all for inline assembly.
  llvm_map_components_to_libnames(NDISCHECK_LLVM_ARCHIVES
    AllTargetsAsmParsers AllTargetsDescs AllTargetsInfos
    BinaryFormat BitReader BitstreamReader Core Demangle FrontendHLSL
    FrontendOpenMP MC MCParser Option ProfileData Remarks Support
    TargetParser TextAPI WindowsDriver Object)
  # LLVMSupport's dependency; LLVMConfig defines it only with libzstd-dev,
  # and the run-time library is all a link needs.
  if(NOT TARGET zstd::libzstd_shared)
    find_library(NDISCHECK_ZSTD_LIBRARY NAMES zstd libzstd.so.1 REQUIRED)
    add_library(zstd::libzstd_shared SHARED IMPORTED GLOBAL)
    set_target_properties(zstd::libzstd_shared PROPERTIES
      IMPORTED_LOCATION ${NDISCHECK_ZSTD_LIBRARY})
  endif()
  add_library(ndischeck_static_clang INTERFACE)
  # The Clang archives depend on one another in cycles.
  target_link_libraries(ndischeck_static_clang INTERFACE
    -Wl,--start-group ${archives} -Wl,--end-group ${NDISCHECK_LLVM_ARCHIVES})
  # Position-dependent: no relocation of the whole of Clang at start-up; the
  # C++ runtime linked in too, or its symbols are looked up for every
  # vtable and type_info of Clang that refers to them.
  # --as-needed: LLVMSupport names libz3, which nothing here calls.
  target_link_options(ndischeck_static_clang INTERFACE
    -no-pie -static-libstdc++ -static-libgcc -Wl,--gc-sections
    -Wl,--as-needed)
endif()
