#include "probes/http_exposure/exposure_checks.h"
#include "core/ascii.h"

#include <algorithm>
#include <cctype>

namespace lw::probes::exposure {
namespace {

constexpr std::size_t kMaxLines = 10'000;

bool contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto b = s.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(kSpace) - b + 1);
}

void add_name(Finding& f, std::string_view name) {
  if (f.names.size() < kMaxNames) f.names.emplace_back(name.substr(0, kMaxNameBytes));
}

// Calls fn(line) for each line, at most kMaxLines.
template <class Fn>
void for_lines(std::string_view body, Fn fn) {
  std::size_t count = 0;
  while (!body.empty() && count++ < kMaxLines) {
    const auto eol = body.find('\n');
    fn(body.substr(0, eol));
    if (eol == std::string_view::npos) break;
    body.remove_prefix(eol + 1);
  }
}

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

Finding directory_listing(std::string_view html) {
  Finding f;
  const bool title =
      icontains(html, "<title>Index of /") || icontains(html, "<title>Directory listing for /");
  const bool shape = contains(html, "<a href=\"../\">") || contains(html, "Parent Directory") ||
                     contains(html, "?C=N;O=D") || contains(html, "<a href=\"../\" ");
  if (!title || !shape) return f;
  f.found = true;
  // Entries: every <a href="X"> that is not the parent, a sort link or absolute.
  std::size_t pos = 0;
  std::size_t guard = 0;
  while (guard++ < kMaxLines) {
    const auto at = html.find("<a href=\"", pos);
    if (at == std::string_view::npos) break;
    const auto start = at + 9;
    const auto end = html.find('"', start);
    if (end == std::string_view::npos) break;
    pos = end;
    const std::string_view href = html.substr(start, end - start);
    if (href.empty() || href == "../" || href == "/" || href.starts_with("?") ||
        href.starts_with("http:") || href.starts_with("https:") || href.starts_with("/")) {
      continue;
    }
    ++f.records;
    add_name(f, href);
  }
  f.data = f.records > 0;
  return f;
}

Finding git_head(std::string_view body) {
  Finding f;
  const std::string_view t = trim(body);
  if (t.size() > 256 || contains(t, "\n")) return f;
  if (t.starts_with("ref: refs/")) {
    const std::string_view ref = t.substr(5);
    const bool clean = std::all_of(ref.begin(), ref.end(), [](char c) {
      return std::isgraph(static_cast<unsigned char>(c)) != 0 && c != '<' && c != '>';
    });
    if (!clean || ref.size() <= 5) return f;
    f.found = true;
    f.detail = std::string(ref.substr(0, kMaxNameBytes));
  } else if ((t.size() == 40 || t.size() == 64) && all_hex(t)) {
    f.found = true;
    f.detail = "detached HEAD";
  }
  f.data = f.found;
  f.records = f.found ? 1 : 0;
  return f;
}

Finding git_config(std::string_view body) {
  Finding f;
  if (icontains(body, "<html")) return f;
  bool core = false;
  bool version = false;
  for_lines(body, [&](std::string_view raw) {
    const std::string_view line = trim(raw);
    if (line.starts_with("[") && line.ends_with("]")) {
      if (line == "[core]") core = true;
      ++f.records;
      add_name(f, line);
    } else if (line.starts_with("repositoryformatversion")) {
      version = true;
    } else if (line.starts_with("url")) {
      // Keep only the host of a remote URL; a user:token@ part is dropped.
      std::string_view url = trim(
          line.substr(line.find('=') == std::string_view::npos ? line.size() : line.find('=') + 1));
      if (const auto scheme = url.find("://"); scheme != std::string_view::npos) {
        url.remove_prefix(scheme + 3);
      }
      if (const auto at = url.find('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
      url = url.substr(0, std::min(url.find('/'), url.find(':')));
      add_name(f, "remote host " + std::string(url));
    }
  });
  f.found = core && version;
  f.data = f.found;
  if (!f.found) {
    f.records = 0;
    f.names.clear();
  }
  return f;
}

Finding dotenv(std::string_view body) {
  Finding f;
  if (icontains(body, "<html") || icontains(body, "<!doctype") || icontains(body, "<body")) {
    return f;
  }
  std::size_t other = 0;
  for_lines(body, [&](std::string_view raw) {
    std::string_view line = trim(raw);
    if (line.empty() || line.starts_with("#")) return;
    if (line.starts_with("export ")) line.remove_prefix(7);
    const auto eq = line.find('=');
    const std::string_view key = eq == std::string_view::npos ? "" : line.substr(0, eq);
    const bool ok =
        !key.empty() && key.size() <= 128 &&
        (std::isalpha(static_cast<unsigned char>(key[0])) != 0 || key[0] == '_') &&
        std::all_of(key.begin(), key.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.';
        });
    if (ok) {
      ++f.records;
      add_name(f, key);
    } else {
      ++other;
    }
  });
  // Two markers: at least two assignments, and assignments are most of the file.
  f.found = f.records >= 2 && other <= f.records;
  f.data = f.found;
  if (!f.found) {
    f.records = 0;
    f.names.clear();
  }
  return f;
}

Finding server_status(std::string_view body) {
  Finding f;
  if (contains(body, "Apache Server Status for") && contains(body, "Server Version:")) {
    f.found = true;
    const auto at = body.find("Server Version:");
    const auto end = body.find('<', at);
    f.detail = std::string(trim(body.substr(
        at + 15, std::min<std::size_t>(end == std::string_view::npos ? 80 : end - at - 15, 80))));
    // ExtendedStatus: a table of requests with the client and the request line.
    std::size_t pos = 0;
    std::size_t guard = 0;
    while (guard++ < kMaxLines) {
      const auto row = body.find("<tr><td><b>", pos);
      if (row == std::string_view::npos) break;
      pos = row + 11;
      ++f.records;
    }
    f.data = f.records > 0 && contains(body, "<th>Client</th>");
    return f;
  }
  if (contains(body, "Active connections:") && contains(body, "server accepts handled requests")) {
    f.found = true;
    f.detail = "nginx stub_status";
    f.data = false;  // counters only
  }
  return f;
}

}  // namespace lw::probes::exposure
