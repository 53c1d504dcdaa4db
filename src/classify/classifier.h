#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::classify {

enum class Severity { low, medium, high, critical };

// One detected sensitive value. Never carries the raw value: only a mask and a keyed hash.
struct Finding {
  std::string detector;    // rule id, e.g. "us_ssn"
  std::string family;      // government | identity | financial | health | credential | custom
  double confidence = 0;   // 0..1
  std::string location;    // "offset 1234", "field $.user.ssn", "row 3 column dob", ...
  std::string masked;      // e.g. "***-**-6789"
  std::string value_hash;  // hex HMAC-SHA-256(key, normalised value)
  Severity severity = Severity::low;
};

struct Document {
  std::string_view source;
  // "text","json","csv","tsv","email","pdf","docx","xlsx","gzip" or "" to sniff.
  std::string_view content_type;
  std::string_view data;
};

struct Score {
  int score = 0;
  Severity severity = Severity::low;
  std::vector<std::string> reasons;
};

// Bounds applied to every document; nested documents (attachments, zip entries) share them.
struct Limits {
  std::size_t max_bytes = 256u << 20;     // input and every decompressed output
  std::size_t max_findings = 10000;       // per classify() call
  std::size_t max_depth = 256;            // JSON nesting, container nesting
  std::size_t max_zip_entries = 10000;    // per archive
  std::size_t max_ratio = 200;            // decompressed / compressed
  std::size_t max_candidates = 1u << 20;  // raw pattern matches per scan
  std::uint32_t max_millis = 30000;       // wall time per document
};

// The disk cache of compiled pattern databases (docs/classification.md "Compiled database
// cache"): compiling the rules costs about 0.2 s of CPU per start, loading them a few ms.
struct PatternCacheConfig {
  bool enabled = true;
  std::filesystem::path dir;  // empty: default_pattern_cache_dir()
};

struct ClassifierConfig {
  bool builtin_rules = true;
  std::vector<std::filesystem::path> rule_files;  // user rules (same format as builtin.rules)
  std::vector<std::string> rule_texts;            // user rules given as text (tests, embedding)
  std::array<std::uint8_t, 32> hmac_key{};
  Limits limits;
  PatternCacheConfig pattern_cache;
};

// Why part of an input was not inspected. The record says so instead of a silent "0 findings".
enum class NoteKind {
  depth_cap,     // a container nested deeper than the cap was not opened
  byte_cap,      // a stream was cut at its read cap
  time_budget,   // the wall-clock budget ran out; nothing past `where` was (surely) inspected
  findings_cap,  // Limits::max_findings reached; the rest was not (surely) inspected
};

struct Note {
  NoteKind kind = NoteKind::depth_cap;
  std::string where;      // "entry a.zip, entry b.zip", "offset 1048576"; may be empty
  std::string what;       // "zip not opened", "input cut"
  std::uint64_t cap = 0;  // the cap that was reached: levels, bytes or milliseconds
  std::string_view unit;  // "levels", "bytes", "ms"
  // "entry a.zip, entry b.zip: zip not opened: nested past the depth cap (cap 8 levels)"
  std::string describe() const;
};
std::string_view to_string(NoteKind kind) noexcept;

// Everything one input gave: its findings and what was not inspected.
struct Report {
  std::vector<Finding> findings;
  std::vector<Note> notes;
  bool timed_out() const noexcept;
};

class Engine;  // rules + compiled pattern database; see engine.h

class Classifier {  // immutable after creation, safe to call from many threads at once
 public:
  static Result<std::shared_ptr<const Classifier>> create(const ClassifierConfig& config);
  // The findings alone; an error when the time budget ran out (see inspect()).
  Result<std::vector<Finding>> classify(const Document& document) const;
  // The findings and the notes of what was not inspected (too deep, over the time budget: the
  // findings up to there are kept). An error when the document cannot be processed at all (a
  // decompression bomb): its message names the source, what and the cap.
  Result<Report> inspect(const Document& document) const;
  // The same within a budget that started earlier (reading the document counted against it).
  Result<Report> inspect(const Document& document,
                         std::chrono::steady_clock::time_point deadline) const;

  // Number of rules loaded (built-in plus user).
  std::size_t rule_count() const noexcept;
  const Limits& limits() const noexcept { return limits_; }
  const Engine& engine() const noexcept { return *engine_; }

  explicit Classifier(std::shared_ptr<const Engine> engine, Limits limits)
      : engine_(std::move(engine)), limits_(limits) {}

 private:
  std::shared_ptr<const Engine> engine_;
  Limits limits_;
};

// Sensitivity of a set of findings (a sample or a whole service); formula in
// docs/classification.md.
Score score(std::span<const Finding> findings);
std::string_view to_string(Severity severity) noexcept;

// The per-installation HMAC key: read from `path`, or created there (0600, RAND_bytes).
Result<std::array<std::uint8_t, 32>> load_or_create_key(const std::filesystem::path& path);

// $XDG_DATA_HOME/leakwatch/key, or ~/.local/share/leakwatch/key; empty when neither is set.
std::filesystem::path default_key_path();

// $LEAKWATCH_CACHE_DIR, else $XDG_CACHE_HOME/leakwatch/hs, else ~/.cache/leakwatch/hs; empty
// when none is set.
std::filesystem::path default_pattern_cache_dir();

}  // namespace lw::classify
