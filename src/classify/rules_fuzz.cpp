// Fuzz target: the rule-file parser, and compiling what it accepts.
#include <cstddef>
#include <cstdint>

#include "classify/fuzz_common.h"
#include "classify/rule.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lw::classify;
  auto rules = parse_rules(fuzz::view(data, size), "fuzz.rules");
  if (!rules) {
    if (rules.error().where.rfind("fuzz.rules:", 0) != 0) __builtin_trap();  // errors name a line
    return 0;
  }
  if (rules->size() > 16) return 0;  // compiling thousands of patterns is slow, not interesting
  ClassifierConfig config;
  config.builtin_rules = false;
  config.pattern_cache.enabled = false;  // one cache file per input would fill the disk
  config.rule_texts.emplace_back(fuzz::view(data, size));
  auto c = Classifier::create(config);
  if (c) (void)(*c)->classify(Document{"f", "text", "sample text 123-45-6789 a@b.example"});
  return 0;
}
