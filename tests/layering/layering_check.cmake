# Each layer knows only the layers below it: nothing the CLI, the sequencer, the roles or the
# configuration include reaches the simulator, even through another header (a real station's
# binary must not be built around the simulated world). Follows the project's quoted includes
# transitively from every source of the checked directories.
# Usage: cmake -DROOT=<source dir> -P layering_check.cmake
cmake_minimum_required(VERSION 3.20)
set(checked rig/cli rig/sequencer rig/core rig/config rig/plan rig/record rig/outputs rig/capture)
set(forbidden "rig/sim/")

set(pending "")
foreach(dir IN LISTS checked)
  file(GLOB_RECURSE sources RELATIVE ${ROOT} ${ROOT}/${dir}/*.hpp ${ROOT}/${dir}/*.cpp)
  list(APPEND pending ${sources})
endforeach()
if(pending STREQUAL "")
  message(FATAL_ERROR "no sources found under ${ROOT}")
endif()

# Walk the include graph breadth-first, remembering who included each file (for the message).
set(seen ${pending})
foreach(file IN LISTS pending)
  set(parent_${file} "")
endforeach()
while(pending)
  list(POP_FRONT pending file)
  file(STRINGS ${ROOT}/${file} includes REGEX "^#include \"[^\"]+\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^#include \"([^\"]+)\".*" "\\1" included "${line}")
    if(NOT EXISTS ${ROOT}/${included})
      continue()  # a generated header or one outside the project
    endif()
    if(included MATCHES "^${forbidden}")
      set(chain "${file}")
      set(at "${file}")
      while(NOT "${parent_${at}}" STREQUAL "")
        set(at "${parent_${at}}")
        set(chain "${at} -> ${chain}")
      endwhile()
      message(FATAL_ERROR "layering: ${chain} includes ${included}")
    endif()
    if(NOT included IN_LIST seen)
      list(APPEND seen ${included})
      list(APPEND pending ${included})
      set(parent_${included} "${file}")
    endif()
  endforeach()
endwhile()
list(LENGTH seen count)
message(STATUS "layering: ${count} files checked, none reaches ${forbidden}")
