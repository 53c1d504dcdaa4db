# One precompiled header of the heavy, stable headers most files include (nlohmann/json alone is
# about 40% of a typical file's compile time), built once and reused by every target.
add_library(lw_pch STATIC ${PROJECT_SOURCE_DIR}/cmake/pch.cpp)
target_link_libraries(lw_pch PRIVATE lw_warnings lw_sanitizers nlohmann_json::nlohmann_json
                      tl::expected)
target_precompile_headers(lw_pch PRIVATE
  <algorithm> <cstdint> <map> <memory> <optional> <span> <string> <string_view> <vector>
  <nlohmann/json.hpp> <tl/expected.hpp>)

function(lw_use_pch target)
  # libFuzzer targets add instrumentation flags a shared header cannot match.
  if(LW_FUZZ)
    return()
  endif()
  target_precompile_headers(${target} REUSE_FROM lw_pch)
endfunction()
