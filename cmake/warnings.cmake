# Every target of the project compiles with the same strict warnings, as errors.
add_library(lw_warnings INTERFACE)
target_compile_options(lw_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Woverloaded-virtual -Werror)
