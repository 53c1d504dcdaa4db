#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lw::probes::exposure {

// What one check found in one HTTP body. Each check needs two independent markers; `records`
// counts what was actually read (listing entries, variables, config sections, requests).
struct Finding {
  bool found = false;
  bool data = false;  // records were read, not just a page recognised
  std::size_t records = 0;
  std::vector<std::string> names;  // bounded: entry names, variable names (never values)
  std::string detail;              // product/version of a status page, a branch...
};

constexpr std::size_t kMaxNames = 100;
constexpr std::size_t kMaxNameBytes = 128;

// An autoindex page: nginx / Apache / lighttpd / python "Index of" or "Directory listing for"
// title, and entries in the shape those servers write (a "../" or "Parent Directory" link, or
// Apache's column-sort links). names = linked entries (not ../, not sort links).
Finding directory_listing(std::string_view html);

// /.git/HEAD: "ref: refs/heads/<name>" or a bare 40/64-hex object id, and nothing else.
Finding git_head(std::string_view body);

// /.git/config: a [core] section and a repositoryformatversion key. names = section headers,
// remote URLs reduced to their host (credentials never kept).
Finding git_config(std::string_view body);

// /.env: at least two KEY=VALUE lines, no HTML. names = the keys (values are never kept).
Finding dotenv(std::string_view body);

// /server-status: Apache mod_status ("Apache Server Status for" and "Server Version:"; data when
// its request table lists clients), or nginx stub_status ("Active connections:" and "server
// accepts handled requests"; counters only, never data).
Finding server_status(std::string_view body);

}  // namespace lw::probes::exposure
