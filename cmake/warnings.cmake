# Every target of the project compiles with the same strict warnings, as errors.
add_library(lw_warnings INTERFACE)
target_compile_options(lw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Woverloaded-virtual -Werror
  # A target whose flags do not match the shared precompiled header simply compiles without it.
  -Wno-error=invalid-pch)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12's middle-end bounds warnings misfire inside libstdc++'s std::string code once it is
  # inlined (GCC bugs 105329, 105651); AddressSanitizer checks real bounds in the debug build.
  target_compile_options(lw_warnings INTERFACE
    -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread -Wno-restrict)
endif()
