# Checks cmake/write_software_build.cmake, which the build runs every time: the commit and modified
# flag of a git checkout, "unknown" outside one, and no rewrite (so no recompile) when nothing
# changed.
#   SCRIPT: cmake/write_software_build.cmake; GIT: git executable; WORK: a scratch directory

set(repo "${WORK}/checkout")
set(out "${WORK}/software_build.cpp")
file(REMOVE_RECURSE "${WORK}")
# The scratch directory lies inside the project's own checkout: git must not find that one.
set(ENV{GIT_CEILING_DIRECTORIES} "${WORK}")
file(MAKE_DIRECTORY "${repo}")

set(failures "")
macro(generate)
  execute_process(COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR=${repo} -DOUTPUT=${out} -DGIT=${GIT}
                          -P "${SCRIPT}" RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "write_software_build.cmake failed: ${result}")
  endif()
  file(READ "${out}" generated)
endmacro()
macro(expect what commit modified)
  if(NOT generated MATCHES "software_commit\\(\\) { return \"${commit}\"; }")
    string(APPEND failures "  ${what}: commit is not '${commit}'\n${generated}\n")
  endif()
  if(NOT generated MATCHES "software_tree_modified\\(\\) { return ${modified}; }")
    string(APPEND failures "  ${what}: modified is not '${modified}'\n${generated}\n")
  endif()
endmacro()
macro(git)
  execute_process(COMMAND "${GIT}" -C "${repo}" -c user.name=needlerig -c user.email=rig@localhost
                          ${ARGN} RESULT_VARIABLE result OUTPUT_QUIET ERROR_VARIABLE git_error)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "git ${ARGN}: ${git_error}")
  endif()
endmacro()

generate()
expect("not a checkout" "unknown" "std::nullopt")

git(init -q)
file(WRITE "${repo}/plan.yaml" "name: a\n")
git(add plan.yaml)
git(commit -q -m first)
execute_process(COMMAND "${GIT}" -C "${repo}" rev-parse HEAD OUTPUT_VARIABLE head
                OUTPUT_STRIP_TRAILING_WHITESPACE)
generate()
expect("clean checkout" "${head}" "false")

# Same content: the file is left alone (its time stamp does not move).
file(TIMESTAMP "${out}" before "%s")
execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
generate()
file(TIMESTAMP "${out}" after "%s")
if(NOT before STREQUAL after)
  string(APPEND failures "  an unchanged checkout rewrote the file\n")
endif()

# An untracked file is scratch, not a modification; an edited tracked file is one.
file(WRITE "${repo}/notes.txt" "scratch\n")
generate()
expect("untracked file" "${head}" "false")
file(APPEND "${repo}/plan.yaml" "version: 2\n")
generate()
expect("edited file" "${head}" "true")

if(NOT failures STREQUAL "")
  message(FATAL_ERROR "write_software_build.cmake:\n${failures}")
endif()
