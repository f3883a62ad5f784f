# NdisCheck.cmake - NdisCheck as build actions of a CMake project.
#
#   include(NdisCheck)            # with this directory on CMAKE_MODULE_PATH
#   ndischeck_add_driver(<target>
#                        [CHECK_TARGET <name>]      # default: <target>_ndischeck
#                        [FORMAT text|sarif|json]   # default: text
#                        [OUTPUT <file>]            # default: the terminal
#                        [SRC_ROOT <dir>]           # SARIF URIs relative to it;
#                                                   # default: CMAKE_SOURCE_DIR
#                        [RULES <contracts.json>]   # another contract database
#                        [SUMMARIZE_ARGS <arg>...]  # more options for --summarize
#                        [LINK_ARGS <arg>...])      # more options for --link
#
# For every C/C++ source of <target>, a build action runs
# `ndis-check --summarize` on it with the flags of compile_commands.json and
# writes <source>.ndis (and a depfile, so a header edit re-runs exactly the
# summaries that include it). The check target links all of them and reports
# like `ndis-check -p <build-dir> --src-root <SRC_ROOT>` on the target's
# sources: same findings, same exit code, so it fails the build on findings. Ninja runs the
# summaries in parallel and, on a re-build, only those whose inputs changed.
#
# Needs CMAKE_EXPORT_COMPILE_COMMANDS and the ndis-check executable: the
# NDISCHECK_EXECUTABLE variable, else ndis-check on the PATH.

function(ndischeck_add_driver target)
  cmake_parse_arguments(PARSE_ARGV 1 NC "" "CHECK_TARGET;FORMAT;OUTPUT;RULES;SRC_ROOT"
                        "SUMMARIZE_ARGS;LINK_ARGS")
  if(NOT CMAKE_EXPORT_COMPILE_COMMANDS)
    message(FATAL_ERROR "ndischeck_add_driver(${target}): set "
                        "CMAKE_EXPORT_COMPILE_COMMANDS to ON; the summaries "
                        "use the flags of compile_commands.json")
  endif()
  if(NOT NDISCHECK_EXECUTABLE)
    find_program(NDISCHECK_EXECUTABLE ndis-check REQUIRED)
  endif()
  if(NOT NC_CHECK_TARGET)
    set(NC_CHECK_TARGET ${target}_ndischeck)
  endif()
  set(db_args)
  set(db_deps)
  if(NC_RULES)
    get_filename_component(rules ${NC_RULES} ABSOLUTE)
    set(db_args --rules ${rules})
    set(db_deps ${rules})
  endif()

  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/ndischeck/${target})
  # CMake rewrites compile_commands.json at every configure; a copy that
  # changes only with its content (Ninja restats custom commands) keeps a
  # re-configure from re-running every summary.
  set(cdb ${out_dir}/compile_commands.json)
  add_custom_command(
    OUTPUT ${cdb}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different
            ${CMAKE_BINARY_DIR}/compile_commands.json ${cdb}
    DEPENDS ${CMAKE_BINARY_DIR}/compile_commands.json
    VERBATIM)
  set(summaries)
  foreach(src IN LISTS sources)
    if(src MATCHES "\\$<" OR NOT src MATCHES "\\.(c|cc|cpp|cxx)$")
      continue()
    endif()
    get_filename_component(abs ${src} ABSOLUTE BASE_DIR ${source_dir})
    file(RELATIVE_PATH rel ${CMAKE_SOURCE_DIR} ${abs})
    if(rel MATCHES "^\\.\\./")
      # Outside the project: the file name, made unique by its path.
      get_filename_component(name ${abs} NAME)
      string(MD5 hash ${abs})
      string(SUBSTRING ${hash} 0 8 hash)
      set(rel external/${hash}/${name})
    endif()
    set(out ${out_dir}/${rel}.ndis)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${NDISCHECK_EXECUTABLE} --summarize ${abs} -o ${out}
              --deps-file ${out}.d -p ${out_dir} --no-cache
              ${db_args} ${NC_SUMMARIZE_ARGS}
      DEPENDS ${abs} ${NDISCHECK_EXECUTABLE} ${db_deps} ${cdb}
      DEPFILE ${out}.d
      WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
      COMMENT "ndis-check: summarising ${rel}"
      VERBATIM)
    list(APPEND summaries ${out})
  endforeach()
  if(NOT summaries)
    message(FATAL_ERROR "ndischeck_add_driver(${target}): no C/C++ sources")
  endif()

  if(NOT NC_SRC_ROOT)
    set(NC_SRC_ROOT ${CMAKE_SOURCE_DIR})
  endif()
  set(report_args --src-root ${NC_SRC_ROOT})
  if(NC_FORMAT)
    list(APPEND report_args --format ${NC_FORMAT})
  endif()
  if(NC_OUTPUT)
    get_filename_component(output ${NC_OUTPUT} ABSOLUTE
                           BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
    list(APPEND report_args -o ${output})
  endif()
  add_custom_target(${NC_CHECK_TARGET}
    COMMAND ${NDISCHECK_EXECUTABLE} --link ${summaries} ${db_args}
            ${report_args} ${NC_LINK_ARGS}
    DEPENDS ${summaries}
    WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
    COMMENT "ndis-check: linking ${target}"
    VERBATIM)
endfunction()
