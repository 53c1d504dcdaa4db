#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace lw::probes {

// A bounded breadth-first walk of a file tree (FTP, rsync, WebHDFS), planned from the listings a
// probe has read so far, so that a sans-I/O dialogue can recompute it from its transcript.
//
// Which directory next: a sensitive-looking one first (the sampler's name_score of its whole
// path, e.g. /hr/personnel), best score first; otherwise the top-level folder listed least so
// far (stratified: pub/releases/2024/01..12 cannot use the whole cap), then the shallowest, then
// listing order. Which files to read: the sampler's plan (plan_sample) over every file seen,
// grouped by folder. Every cap below is counted, and coverage() says what it left out.
struct TreeCaps {
  std::size_t max_depth = 6;          // a directory deeper than this is not listed
  std::size_t max_listings = 40;      // directories listed (one exchange each)
  std::size_t max_entries = 20'000;   // entries kept over all listings
  std::size_t max_path_bytes = 1024;  // longer paths are dropped (counted), never sent
};

struct TreeEntry {
  std::string name;  // one path component, as the listing gave it
  bool directory = false;
  std::uint64_t size = 0;
};

// "/a/b" + "c" -> "/a/b/c"; "/" + "c" -> "/c".
std::string join_tree_path(std::string_view dir, std::string_view name);
// Components of an absolute path: "/" -> 0, "/a/b" -> 2.
std::size_t tree_depth(std::string_view path);

class TreeWalk {
 public:
  explicit TreeWalk(TreeCaps caps = {}) : caps_(caps) {}

  // Records that `dir` was listed with these entries (the root is "/"). A listing that could
  // not be parsed is recorded with `failed` (named in coverage()).
  void add_listing(std::string_view dir, std::span<const TreeEntry> entries);
  void add_failed(std::string_view dir, std::string_view why);
  // A listing cut short by a byte or entry cap of the protocol (its entries still count).
  void add_truncated(std::string_view dir);

  // The directory to list next; nullopt when none is left or max_listings were listed.
  std::optional<std::string> next_directory() const;

  struct File {
    std::string path;
    std::uint64_t size = 0;
  };
  const std::vector<File>& files() const { return files_; }
  const std::vector<std::string>& listed() const { return listed_; }
  std::size_t entries_seen() const { return entries_seen_; }
  std::size_t directories_seen() const { return dirs_seen_; }
  std::uint64_t bytes_seen() const { return bytes_seen_; }

  // Indexes into files(), in read order (the sampler's plan), at most `budget`.
  std::vector<std::size_t> files_to_read(std::size_t budget) const;

  // The files seen as text for the classifier ("path size" lines, sensitive names first, at
  // most `max_bytes`) and as metadata["entries"] (at most `max_entries`, same order).
  std::string listing_text(std::size_t max_bytes) const;
  nlohmann::json entries_json(std::size_t max_entries) const;

  // metadata["sampling"] lines: what was listed and what each cap left out.
  nlohmann::json coverage(std::size_t files_read, std::string_view why_not_read = {}) const;
  // metadata["sensitive_names"]: sensitive-looking file and folder paths seen.
  nlohmann::json sensitive_paths(std::size_t max = 20) const;

 private:
  TreeCaps caps_;
  std::vector<std::string> listed_;
  std::vector<std::string> pending_;  // directories seen, not listed, within max_depth
  std::set<std::string> known_;       // listed_ and pending_, for the duplicate check
  std::vector<File> files_;
  std::vector<std::string> failed_;
  std::vector<std::string> truncated_;
  std::size_t entries_seen_ = 0;
  std::size_t dirs_seen_ = 0;
  std::uint64_t bytes_seen_ = 0;
  std::size_t too_deep_ = 0;
  std::size_t dropped_entries_ = 0;
  std::size_t long_paths_ = 0;
};

}  // namespace lw::probes
