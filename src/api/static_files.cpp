#include "api/static_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <utility>

namespace lw::api {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".woff2", "font/woff2"},
    {".map", "application/json"},
    {".json", "application/json"},
    {".txt", "text/plain; charset=utf-8"},
}};

bool plain_name(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '.' || name.front() == '-') {
    return false;
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return name.find("..") == std::string_view::npos;
}

std::optional<std::string_view> type_of(std::string_view name) {
  for (const auto& [ext, type] : kTypes) {
    if (name.size() > ext.size() && name.ends_with(ext)) return type;
  }
  return std::nullopt;
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::optional<StaticFile> read_static_file(const std::string& web_root, std::string_view path) {
  if (web_root.empty() || !path.starts_with('/')) return std::nullopt;
  std::string_view name = path.substr(1);
  if (name.empty()) name = "index.html";
  if (!plain_name(name)) return std::nullopt;
  auto type = type_of(name);
  if (!type) return std::nullopt;
  // O_NOFOLLOW: a link planted in the web root does not lead out of it.
  Fd f{::open((web_root + "/" + std::string(name)).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)};
  if (f.fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
      static_cast<std::size_t>(st.st_size) > kMaxStaticFileBytes) {
    return std::nullopt;
  }
  StaticFile out{std::string(static_cast<std::size_t>(st.st_size), '\0'), std::string(*type)};
  std::size_t got = 0;
  while (got < out.body.size()) {
    const auto n = ::read(f.fd, out.body.data() + got, out.body.size() - got);
    if (n <= 0) return std::nullopt;  // shrank or failed while read: not served half
    got += static_cast<std::size_t>(n);
  }
  return out;
}

std::string default_web_root() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const auto dir = exe.parent_path();
  for (const auto& candidate : {dir / "web", dir.parent_path() / "share" / "leakwatch" / "web"}) {
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) {
      return candidate.lexically_normal().string();
    }
  }
  return {};
}

}  // namespace lw::api
