# Warning and sanitizer flags shared by every target of the project.
add_library(needlerig_options INTERFACE)
target_compile_options(needlerig_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                       -Wno-sign-conversion)
if(NEEDLERIG_WERROR)
  target_compile_options(needlerig_options INTERFACE -Werror)
  # gcc 12 at -O3 reports -Wrestrict (and relatives) inside libstdc++'s std::string code, not in
  # ours (gcc bug 105329); they stay warnings there so that a Release build of the tests succeeds.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(needlerig_options INTERFACE -Wno-error=restrict
                           -Wno-error=stringop-overflow -Wno-error=array-bounds)
  endif()
endif()
target_include_directories(needlerig_options INTERFACE ${PROJECT_SOURCE_DIR})

# NEEDLERIG_SANITIZE: ON or "address" for AddressSanitizer + UndefinedBehaviorSanitizer,
# "thread" for ThreadSanitizer (the acquisition thread, the interrupt watcher, the simulated world).
if(NEEDLERIG_SANITIZE STREQUAL "thread")
  set(_sanitize_flags -fsanitize=thread -fno-omit-frame-pointer)
elseif(NEEDLERIG_SANITIZE)
  set(_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
endif()
if(_sanitize_flags)
  add_compile_options(${_sanitize_flags})
  add_link_options(${_sanitize_flags})
endif()
