# cmake -DINPUT=builtin.rules -DOUTPUT=embedded_rules.h -P embed_rules.cmake
# Embeds the built-in rule file into the binary as a raw string literal.
file(READ ${INPUT} text)
string(FIND "${text}" ")lwrules\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )lwrules\"")
endif()
set(content "// Generated from ${INPUT} by embed_rules.cmake; do not edit.\n#pragma once\n#include <string_view>\nnamespace lw::classify {\ninline constexpr std::string_view kEmbeddedBuiltinRules = R\"lwrules(${text})lwrules\";\n}  // namespace lw::classify\n")
file(WRITE ${OUTPUT}.tmp "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
file(REMOVE ${OUTPUT}.tmp)
