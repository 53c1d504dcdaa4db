#include "cli/classify_command.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "classify/classifier.h"
#include "classify/stream.h"

namespace lw::cli {
namespace {

namespace fs = std::filesystem;
using classify::Finding;

constexpr int kOk = 0;
constexpr int kInternal = 1;
constexpr int kUsage = 2;
constexpr std::size_t kStreamBlock = 8u << 20;

struct Options {
  std::vector<std::string> paths;
  std::vector<std::string> rule_files;
  std::string key_file;
  std::size_t max_bytes = 256u << 20;
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

class Printer {
 public:
  Printer(std::ostream& out, bool json) : out_(out), json_(json) {}

  void print(const std::string& source, const std::vector<Finding>& findings) {
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
      nlohmann::json summary{{"kind", "summary"},
                             {"source", source},
                             {"findings", findings.size()},
                             {"score", s.score},
                             {"severity", classify::to_string(s.severity)},
                             {"reasons", s.reasons}};
      out_ << summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      return;
    }
    const auto s = classify::score(findings);
    out_ << "== " << source << ": " << findings.size() << " finding"
         << (findings.size() == 1 ? "" : "s") << ", score " << s.score << " ("
         << classify::to_string(s.severity) << ")\n";
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

class Runner {
 public:
  Runner(const classify::Classifier& c, const Options& o, std::istream& in, std::ostream& out,
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

  void classify_stdin() {
    auto read = [this](std::span<char> buf) -> Result<std::size_t> {
      in_.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      if (in_.bad()) return fail(ErrorCode::io_error, "read error on standard input");
      return static_cast<std::size_t>(in_.gcount());
    };
    auto findings = classify::classify_stream(classifier_, "-", read, kStreamBlock);
    report("-", std::move(findings));
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

  void classify_file(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return problem(path.string(), "cannot open for reading");
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (!ec && size <= options_.max_bytes) {
      std::string data(size, '\0');
      file.read(data.data(), static_cast<std::streamsize>(size));
      if (file.bad()) return problem(path.string(), "read error");
      data.resize(static_cast<std::size_t>(file.gcount()));
      report(path.string(),
             classifier_.classify(classify::Document{path.string(), type_for(path), data}));
      return;
    }
    // Larger than --max-bytes: scanned as text in blocks, in bounded memory.
    auto read = [&file](std::span<char> buf) -> Result<std::size_t> {
      file.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      if (file.bad()) return fail(ErrorCode::io_error, "read error");
      return static_cast<std::size_t>(file.gcount());
    };
    report(path.string(),
           classify::classify_stream(classifier_, path.string(), read, kStreamBlock));
  }

  void report(const std::string& source, Result<std::vector<Finding>> findings) {
    if (!findings) {
      problem(source, findings.error().describe());
      return;
    }
    printer_.print(source, *findings);
  }

  const classify::Classifier& classifier_;
  const Options& options_;
  std::istream& in_;
  std::ostream& err_;
  Printer printer_;
  int status_ = kOk;
};

}  // namespace

int run_classify_command(int argc, char** argv, std::istream& in, std::ostream& out,
                         std::ostream& err) {
  Options options;
  CLI::App app{"Find sensitive data in files, folders or standard input", "leakwatch classify"};
  app.add_option("paths", options.paths, "files, folders (recursive) or - for standard input")
      ->required();
  app.add_flag("--json", options.json, "print JSON Lines instead of a table");
  app.add_option("--rules", options.rule_files, "extra rule file (repeatable)");
  app.add_option("--key-file", options.key_file,
                 "HMAC key file (default $XDG_DATA_HOME/leakwatch/key)");
  app.add_option("--max-bytes", options.max_bytes,
                 "bytes read per document; larger files are scanned as text in blocks")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 40));
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

int run_classify_command(int argc, char** argv) {
  return run_classify_command(argc, argv, std::cin, std::cout, std::cerr);
}

}  // namespace lw::cli
