# lw_library(NAME SOURCES ... [PUBLIC_DEPS ...] [DEPS ...])
function(lw_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS} lw_warnings lw_sanitizers)
  lw_use_pch(${name})
  if(LW_SANITIZE)
    target_link_libraries(${name} PUBLIC lw_sanitizers)
  endif()
endfunction()

# lw_test(NAME SOURCES ... DEPS ... [LABELS ...])
# One GoogleTest executable; each test case becomes a ctest test carrying LABELS (unit when none;
# integration: real servers; replay: tests/fakes/replay_server.py with documented transcripts).
function(lw_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main lw_warnings lw_sanitizers)
  lw_use_pch(${name})
  target_compile_definitions(${name} PRIVATE LW_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             LW_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  # Tests against real servers (integration) or documented replays (replay) use fixed loopback
  # addresses and the lab: they never run beside another test, even under ctest -j.
  set(serial FALSE)
  if("integration" IN_LIST ARG_LABELS OR "replay" IN_LIST ARG_LABELS)
    set(serial TRUE)
  endif()
  # A list of labels must reach ctest as one escaped property value.
  string(REPLACE ";" "\\;" labels "${ARG_LABELS}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS "${labels}" TIMEOUT ${ARG_TIMEOUT} RUN_SERIAL ${serial})
endfunction()

# lw_fuzz(NAME SOURCE file DEPS ... CORPUS dir)
# With LW_FUZZ (clang) this is a libFuzzer binary; otherwise the same entry point is linked with a
# replay driver that runs every file of the seed corpus, registered as a ctest (label fuzz-smoke).
function(lw_fuzz name)
  cmake_parse_arguments(ARG "" "SOURCE;CORPUS" "DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCE})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} lw_warnings lw_sanitizers)
  lw_use_pch(${name})
  if(LW_FUZZ)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    # scripts/fuzz reads each target's binary and seed corpus from build-fuzz/fuzz-targets.tsv.
    set_property(GLOBAL APPEND PROPERTY LW_FUZZ_MANIFEST
                 "${name}\t$<TARGET_FILE:${name}>\t${ARG_CORPUS}\n")
  else()
    target_link_libraries(${name} PRIVATE lw_fuzz_replay)
    add_test(NAME fuzz_smoke.${name} COMMAND ${name} ${ARG_CORPUS})
    set_tests_properties(fuzz_smoke.${name} PROPERTIES LABELS "fuzz-smoke" TIMEOUT 120)
  endif()
endfunction()

# lw_probe(ID SOURCES ... [DEPS ...] [TESTS ...])
# One library per probe folder (lw_probe_<ID>), collected into lw_probes by src/probes.
# TESTS become the GoogleTest executable lw_probe_<ID>_tests.
function(lw_probe id)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;TESTS" ${ARGN})
  lw_library(lw_probe_${id} SOURCES ${ARG_SOURCES} PUBLIC_DEPS lw_core lw_probe_common DEPS ${ARG_DEPS})
  set_property(GLOBAL APPEND PROPERTY LW_PROBE_LIBS lw_probe_${id})
  if(ARG_TESTS)
    # Probe unit tests replay recorded dialogues (lw_test_transcript, from tests/fakes; resolved
    # at generate time).
    lw_test(lw_probe_${id}_tests SOURCES ${ARG_TESTS} DEPS lw_probe_${id} lw_test_transcript
            ${ARG_DEPS})
  endif()
endfunction()
