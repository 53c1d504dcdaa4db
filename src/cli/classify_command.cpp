#include "cli/classify_command.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "classify/classifier.h"
#include "classify/stream.h"
#include "cli/duration.h"
#include "core/unique_fd.h"

namespace lw::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kUsage = 2;
constexpr std::size_t kStreamBlock = 8u << 20;

struct Options {
  std::vector<std::string> paths;
  std::vector<std::string> rule_files;
  std::string key_file;
  std::size_t max_bytes = 256u << 20;
  std::string time_budget;  // "" = Limits::max_millis (30 s)
  bool json = false;
  bool no_pattern_cache = false;
};

std::string_view type_for(const fs::path& path) {
  const auto ext = path.extension().string();
  if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson") return "json";
  if (ext == ".csv") return "csv";
  if (ext == ".tsv") return "tsv";
  if (ext == ".eml") return "email";
  if (ext == ".pdf") return "pdf";
  if (ext == ".docx") return "docx";
  if (ext == ".xlsx") return "xlsx";
  if (ext == ".gz") return "gzip";
  return "";
}

// A note as the text and stderr show it: where, what, the cap and the option that sets it.
std::string note_line(const classify::Note& note) {
  std::string out = note.where.empty() ? note.what : note.where + ": " + note.what;
  out += " (cap " + std::to_string(note.cap) + " " + std::string(note.unit);
  if (note.kind == classify::NoteKind::byte_cap) out += ", --max-bytes";
  if (note.kind == classify::NoteKind::time_budget) out += ", --time-budget";
  return out + ")";
}

class Printer {
 public:
  Printer(std::ostream& out, bool json) : out_(out), json_(json) {}

  void print(const std::string& source, const classify::Report& report) {
    const auto& findings = report.findings;
    if (json_) {
      for (const auto& f : findings) {
        nlohmann::json line{
            {"kind", "finding"},          {"source", source},
            {"detector", f.detector},     {"family", f.family},
            {"confidence", f.confidence}, {"severity", classify::to_string(f.severity)},
            {"location", f.location},     {"masked", f.masked},
            {"value_hash", f.value_hash}};
        out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      }
      const auto s = classify::score(findings);
      auto notes = nlohmann::json::array();
      for (const auto& n : report.notes) {
        notes.push_back({{"reason", classify::to_string(n.kind)},
                         {"where", n.where},
                         {"what", n.what},
                         {"cap", n.cap},
                         {"unit", std::string(n.unit)}});
      }
      nlohmann::json summary{{"kind", "summary"},
                             {"source", source},
                             {"findings", findings.size()},
                             {"score", s.score},
                             {"severity", classify::to_string(s.severity)},
                             {"reasons", s.reasons},
                             {"complete", report.notes.empty()},
                             {"notes", std::move(notes)}};
      out_ << summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      return;
    }
    const auto s = classify::score(findings);
    out_ << "== " << source << ": " << findings.size() << " finding"
         << (findings.size() == 1 ? "" : "s") << ", score " << s.score << " ("
         << classify::to_string(s.severity) << ")"
         << (report.notes.empty() ? "" : ", not fully inspected") << "\n";
    for (const auto& n : report.notes) out_ << "   not inspected: " << note_line(n) << '\n';
    if (findings.empty()) return;
    std::size_t wd = 8, wf = 6, wl = 8;
    for (const auto& f : findings) {
      wd = std::max(wd, f.detector.size());
      wf = std::max(wf, f.family.size());
      wl = std::max(wl, f.location.size());
    }
    row("DETECTOR", "FAMILY", "CONF", "LOCATION", "MASKED", wd, wf, wl);
    for (const auto& f : findings) {
      char conf[16];
      std::snprintf(conf, sizeof conf, "%.2f", f.confidence);
      row(f.detector, f.family, conf, f.location, f.masked, wd, wf, wl);
    }
    for (const auto& r : s.reasons) out_ << "   reason: " << r << '\n';
  }

 private:
  void row(std::string_view d, std::string_view f, std::string_view c, std::string_view l,
           std::string_view m, std::size_t wd, std::size_t wf, std::size_t wl) {
    out_ << "  " << d << std::string(wd - d.size() + 2, ' ') << f
         << std::string(wf - f.size() + 2, ' ') << c
         << std::string(c.size() < 6 ? 6 - c.size() : 1, ' ') << l
         << std::string(wl - l.size() + 2, ' ') << m << '\n';
  }

  std::ostream& out_;
  bool json_;
};

std::string errno_text() {
  return std::error_code(errno, std::generic_category()).message();
}

class Runner {
 public:
  // `in`: standard input as a stream (tests); nullptr reads file descriptor 0.
  Runner(const classify::Classifier& c, const Options& o, std::istream* in, std::ostream& out,
         std::ostream& err)
      : classifier_(c), options_(o), in_(in), err_(err), printer_(out, o.json) {}

  int run() {
    for (const auto& p : options_.paths) {
      if (p == "-") {
        classify_stdin();
      } else {
        classify_path(p);
      }
    }
    return status_;
  }

 private:
  void problem(const std::string& path, const std::string& what) {
    err_ << "leakwatch classify: " << path << ": " << what << '\n';
    status_ = kUsage;
  }

  Clock::time_point deadline() const {
    return Clock::now() + std::chrono::milliseconds(classifier_.limits().max_millis);
  }

  // A stream: read to its end, at most --max-bytes, within the time budget.
  classify::StreamOptions stream_options(Clock::time_point deadline, bool capped) const {
    classify::StreamOptions so;
    so.block_bytes = kStreamBlock;
    so.deadline = deadline;
    if (capped) so.max_read = options_.max_bytes;
    return so;
  }

  void classify_stdin() {
    const auto until = deadline();
    classify::ReadFn read;
    if (in_) {
      read = [this](std::span<char> buf) -> Result<std::size_t> {
        in_->read(buf.data(), static_cast<std::streamsize>(buf.size()));
        if (in_->bad()) return fail(ErrorCode::io_error, "read error on standard input");
        return static_cast<std::size_t>(in_->gcount());
      };
    } else {
      read = classify::fd_reader(STDIN_FILENO, until);
    }
    report("-", classify::inspect_stream(classifier_, "-", read, stream_options(until, true)));
  }

  void classify_path(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      problem(path.string(), ec ? ec.message() : "no such file or directory");
      return;
    }
    if (fs::is_directory(status)) {
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
      if (ec) return problem(path.string(), ec.message());
      for (const auto& entry : it) {
        std::error_code e2;
        if (entry.is_regular_file(e2)) classify_file(entry.path());
      }
      return;
    }
    classify_file(path);
  }

  // Regular files up to --max-bytes are read whole and classified by type; larger ones stream
  // as text to their end. Anything else (a character device, a FIFO, a socket, and a "regular"
  // file of size 0 such as those of /proc) is a stream of unknown length, whatever stat says:
  // read at most --max-bytes. Never blocks past the time budget: opened non-blocking (a FIFO's
  // open would wait for a writer), read through poll.
  void classify_file(const fs::path& path) {
    const auto until = deadline();
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) return problem(path.string(), "cannot open for reading: " + errno_text());
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return problem(path.string(), "cannot stat: " + errno_text());
    if (S_ISDIR(st.st_mode)) return problem(path.string(), "is a directory");
    const auto read = classify::fd_reader(fd.get(), until);
    const bool regular = S_ISREG(st.st_mode);
    const auto size = static_cast<std::uint64_t>(std::max<off_t>(st.st_size, 0));
    if (regular && size > 0 && size <= options_.max_bytes) {
      std::string data(static_cast<std::size_t>(size), '\0');
      std::size_t got = 0;
      while (got < data.size()) {  // bounded: every pass reads bytes or ends
        auto n = read(std::span<char>(data.data() + got, data.size() - got));
        if (!n) return problem(path.string(), n.error().describe());
        if (*n == 0) break;
        got += *n;
      }
      data.resize(got);
      report(path.string(),
             classifier_.inspect(classify::Document{path.string(), type_for(path), data}, until));
      return;
    }
    report(path.string(), classify::inspect_stream(classifier_, path.string(), read,
                                                   stream_options(until, !regular || size == 0)));
  }

  void report(const std::string& source, Result<classify::Report> result) {
    if (!result) {
      const auto& e = result.error();
      err_ << "leakwatch classify: " << (e.where.empty() ? source + ": " : std::string())
           << e.describe() << '\n';
      status_ = kUsage;
      return;
    }
    printer_.print(source, *result);
    for (const auto& n : result->notes) {
      if (n.kind == classify::NoteKind::time_budget) problem(source, note_line(n));
    }
  }

  const classify::Classifier& classifier_;
  const Options& options_;
  std::istream* in_;
  std::ostream& err_;
  Printer printer_;
  int status_ = kOk;
};

int run(int argc, char** argv, std::istream* in, std::ostream& out, std::ostream& err) {
  Options options;
  CLI::App app{"Find sensitive data in files, folders or standard input", "leakwatch classify"};
  app.add_option("paths", options.paths, "files, folders (recursive) or - for standard input")
      ->required();
  app.add_flag("--json", options.json, "print JSON Lines instead of a table");
  app.add_option("--rules", options.rule_files, "extra rule file (repeatable)");
  app.add_option("--key-file", options.key_file,
                 "HMAC key file (default $XDG_DATA_HOME/leakwatch/key)");
  app.add_option("--max-bytes", options.max_bytes,
                 "bytes read whole per document (larger regular files are scanned as text in "
                 "blocks); standard input, devices and FIFOs are cut here")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 40));
  app.add_option("--time-budget", options.time_budget,
                 "wall-clock budget per input, reading included (500ms, 30s, 2m; default 30s)");
  app.add_flag("--no-pattern-cache", options.no_pattern_cache,
               "compile the rule database afresh; never read or write the on-disk cache");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kOk;
  } catch (const CLI::ParseError& e) {
    err << "leakwatch classify: " << e.what() << "\n";
    return kUsage;
  }
  std::uint32_t budget_ms = classify::Limits{}.max_millis;
  if (!options.time_budget.empty()) {
    const auto budget = parse_duration(options.time_budget);  // at most a day
    if (!budget) {
      err << "leakwatch classify: --time-budget: " << budget.error().describe() << "\n";
      return kUsage;
    }
    if (budget->count() < 1) {
      err << "leakwatch classify: --time-budget: must be at least 1ms\n";
      return kUsage;
    }
    budget_ms = static_cast<std::uint32_t>(budget->count());
  }
  try {
    fs::path key_path =
        options.key_file.empty() ? classify::default_key_path() : fs::path(options.key_file);
    if (key_path.empty()) {
      err << "leakwatch classify: no --key-file and neither XDG_DATA_HOME nor HOME is set\n";
      return kUsage;
    }
    auto key = classify::load_or_create_key(key_path);
    if (!key) {
      err << "leakwatch classify: key file " << key.error().describe() << "\n";
      return kUsage;
    }
    classify::ClassifierConfig config;
    config.hmac_key = *key;
    config.limits.max_bytes = options.max_bytes;
    config.limits.max_millis = budget_ms;
    config.pattern_cache.enabled = !options.no_pattern_cache;
    for (const auto& f : options.rule_files) config.rule_files.emplace_back(f);
    auto classifier = classify::Classifier::create(config);
    if (!classifier) {
      err << "leakwatch classify: bad rule file: " << classifier.error().describe() << "\n";
      return kUsage;
    }
    return Runner(**classifier, options, in, out, err).run();
  } catch (const std::exception& e) {
    err << "leakwatch classify: internal error: " << e.what() << "\n";
    return kInternal;
  }
}

}  // namespace

int run_classify_command(int argc, char** argv, std::istream& in, std::ostream& out,
                         std::ostream& err) {
  return run(argc, argv, &in, out, err);
}

int run_classify_command(int argc, char** argv) {
  return run(argc, argv, nullptr, std::cout, std::cerr);
}

}  // namespace lw::cli
