add_library(lw_sanitizers INTERFACE)
if(LW_SANITIZE)
  target_compile_options(lw_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(lw_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(LW_FUZZ)
  # Coverage instrumentation for every library the fuzz targets link.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
