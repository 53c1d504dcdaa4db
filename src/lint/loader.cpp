#include "lint/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "lint/file_kind.h"

namespace lw::lint {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSniffBytes = 8192;

class Loader {
 public:
  explicit Loader(std::uint64_t max_bytes) : max_bytes_(max_bytes) {}

  void load_file(const fs::path& path, bool explicit_arg) {
    const std::string name = path.generic_string();
    const FileKind by_name = detect_file_kind(name, {});
    const bool report_problems = explicit_arg || by_name != FileKind::unknown;
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) {
      if (report_problems)
        error(name, "cannot read: " + ec.message());
      else
        ++result_.skipped;
      return;
    }
    if (size > max_bytes_) {
      if (report_problems) {
        error(name, "skipped: " + std::to_string(size) + " bytes is over the " +
                        std::to_string(max_bytes_) + "-byte cap");
      } else {
        ++result_.skipped;
      }
      return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (report_problems)
        error(name, "cannot read: permission denied or vanished");
      else
        ++result_.skipped;
      return;
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) {
      if (report_problems)
        error(name, "cannot read: I/O error");
      else
        ++result_.skipped;
      return;
    }
    const std::string_view head(text.data(), std::min(text.size(), kSniffBytes));
    if (head.find('\0') != std::string_view::npos) {
      if (report_problems)
        error(name, "skipped: binary file (contains NUL bytes)");
      else
        ++result_.skipped;
      return;
    }
    const FileKind kind = detect_file_kind(name, head);
    if (kind == FileKind::unknown) {
      if (explicit_arg) error(name, "skipped: not a file kind lint recognises");
      ++result_.skipped;
      return;
    }
    result_.files.push_back(SourceFile{name, std::move(text), kind});
  }

  void load_dir(const fs::path& root) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      error(root.generic_string(), "cannot read folder: " + ec.message());
      return;
    }
    std::vector<fs::path> files;
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
      if (ec) {
        error(root.generic_string(), "cannot walk folder: " + ec.message());
        break;
      }
      const fs::directory_entry& entry = *it;
      const std::string leaf = entry.path().filename().string();
      std::error_code type_ec;
      if (entry.is_directory(type_ec)) {
        if (leaf == ".git" || leaf == "node_modules" || entry.is_symlink(type_ec)) {
          it.disable_recursion_pending();
        }
        continue;
      }
      if (entry.is_regular_file(type_ec)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());  // stable output whatever the directory order
    for (const fs::path& f : files) load_file(f, false);
  }

  void load(const std::string& arg) {
    std::error_code ec;
    const fs::file_status status = fs::status(arg, ec);
    if (ec || !fs::exists(status)) {
      error(arg, "cannot read: no such file or folder");
    } else if (fs::is_directory(status)) {
      load_dir(arg);
    } else if (fs::is_regular_file(status)) {
      load_file(arg, true);
    } else {
      error(arg, "skipped: not a regular file or folder");
    }
  }

  LoadResult take() { return std::move(result_); }

 private:
  void error(std::string file, std::string message) {
    result_.diagnostics.push_back(Diagnostic{std::move(file), 0, std::move(message)});
  }

  std::uint64_t max_bytes_;
  LoadResult result_;
};

}  // namespace

LoadResult load_paths(std::span<const std::string> paths, std::uint64_t max_bytes) {
  Loader loader(max_bytes);
  for (const std::string& p : paths) loader.load(p);
  return loader.take();
}

}  // namespace lw::lint
