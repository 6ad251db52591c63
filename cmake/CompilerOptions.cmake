# Warning and sanitizer flags shared by every target of the project.
add_library(needlerig_options INTERFACE)
target_compile_options(needlerig_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)
if(NEEDLERIG_WERROR)
  target_compile_options(needlerig_options INTERFACE -Werror)
endif()
target_include_directories(needlerig_options INTERFACE ${PROJECT_SOURCE_DIR})

if(NEEDLERIG_SANITIZE)
  set(_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_compile_options(${_sanitize_flags})
  add_link_options(${_sanitize_flags})
endif()
