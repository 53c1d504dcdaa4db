#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// The dashboard's built files (web/, docs/dashboard.md), served without a token: they hold no
// data, and the page must load before it can ask for one. Only regular files directly in the
// web root, under plain names, with a known type; no folders, no links out, no listing.
namespace lw::api {

inline constexpr std::size_t kMaxStaticFileBytes = 8 * 1024 * 1024;

struct StaticFile {
  std::string body;
  std::string content_type;
};

// The file a request path names ("/" is index.html), or nullopt when the path is not a plain
// name of a known type, or the file is absent, not regular, or larger than the cap.
std::optional<StaticFile> read_static_file(const std::string& web_root, std::string_view path);

// Where the dashboard is when no web root is configured: `<binary dir>/web` (the build tree),
// else `<binary dir>/../share/leakwatch/web` (the package); "" when neither holds index.html.
std::string default_web_root();

}  // namespace lw::api
