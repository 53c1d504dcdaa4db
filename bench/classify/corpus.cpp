#include "corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace lw::classify::bench {
namespace {

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    out.push_back(c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c);
  }
  return out;
}

}  // namespace

Result<std::vector<Sample>> load_corpus(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".tsv") files.push_back(e.path());
  }
  if (ec) return fail(ErrorCode::io_error, ec.message(), dir);
  std::sort(files.begin(), files.end());
  std::vector<Sample> out;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.empty() || line[0] == '#') continue;
      const auto origin = file.filename().string() + ":" + std::to_string(n);
      const auto t1 = line.find('\t');
      const auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
      const auto t3 = t2 == std::string::npos ? t2 : line.find('\t', t2 + 1);
      if (t3 == std::string::npos || (line[0] != '+' && line[0] != '-') || t1 != 1) {
        return fail(ErrorCode::parse_error, "expected '+|-<TAB>detector<TAB>type<TAB>text'",
                    origin);
      }
      out.push_back(Sample{line[0] == '+', line.substr(t1 + 1, t2 - t1 - 1),
                           line.substr(t2 + 1, t3 - t2 - 1), unescape(line.substr(t3 + 1)),
                           origin});
    }
  }
  return out;
}

}  // namespace lw::classify::bench
