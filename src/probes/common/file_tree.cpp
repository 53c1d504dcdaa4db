#include "probes/common/file_tree.h"

#include <algorithm>
#include <map>

#include "core/bytes.h"
#include "probes/common/sampler.h"

namespace lw::probes {
namespace {

std::string_view top_folder(std::string_view path) {
  const std::size_t start = path.starts_with('/') ? 1 : 0;
  const auto end = path.find('/', start);
  return path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string_view parent_of(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

std::string join_tree_path(std::string_view dir, std::string_view name) {
  std::string p(dir);
  if (p.empty() || p.back() != '/') p += '/';
  p += name;
  return p;
}

std::size_t tree_depth(std::string_view path) {
  std::size_t depth = 0;
  bool in_component = false;
  for (const char c : path) {
    if (c == '/') {
      in_component = false;
    } else if (!in_component) {
      in_component = true;
      ++depth;
    }
  }
  return depth;
}

void TreeWalk::add_listing(std::string_view dir, std::span<const TreeEntry> entries) {
  listed_.emplace_back(dir);
  known_.emplace(dir);
  std::erase(pending_, std::string(dir));
  const std::size_t depth = tree_depth(dir) + 1;
  for (const auto& e : entries) {
    ++entries_seen_;
    if (e.directory) ++dirs_seen_;
    if (!e.directory) bytes_seen_ += e.size;
    if (files_.size() + pending_.size() >= caps_.max_entries) {
      ++dropped_entries_;
      continue;
    }
    if (e.name.empty() || dir.size() + e.name.size() + 1 > caps_.max_path_bytes) {
      ++long_paths_;
      continue;
    }
    std::string path = join_tree_path(dir, e.name);
    if (!e.directory) {
      files_.push_back({std::move(path), e.size});
    } else if (depth > caps_.max_depth) {
      ++too_deep_;
    } else if (known_.insert(path).second) {
      pending_.push_back(std::move(path));
    }
  }
}

void TreeWalk::add_failed(std::string_view dir, std::string_view why) {
  listed_.emplace_back(dir);
  known_.emplace(dir);
  std::erase(pending_, std::string(dir));
  if (failed_.size() < 8) failed_.push_back(printable(dir, 128) + ": " + printable(why, 96));
}

void TreeWalk::add_truncated(std::string_view dir) {
  if (truncated_.size() < 8) truncated_.push_back(printable(dir, 128));
}

std::optional<std::string> TreeWalk::next_directory() const {
  if (listed_.size() >= caps_.max_listings || pending_.empty()) return std::nullopt;
  std::map<std::string_view, std::size_t> per_top;
  for (const auto& d : listed_) ++per_top[top_folder(d)];
  std::size_t best = 0;
  int best_score = -1;
  std::size_t best_count = 0;
  std::size_t best_depth = 0;
  for (std::size_t i = 0; i < pending_.size(); ++i) {
    const std::string& d = pending_[i];
    const int raw = name_score(d);
    const int score = raw >= kSensitiveScore ? raw : 0;
    const auto it = per_top.find(top_folder(d));
    const std::size_t count = it == per_top.end() ? 0 : it->second;
    const std::size_t depth = tree_depth(d);
    // Sensitive-looking first (best score); then the least-listed top folder; then shallowest.
    bool better = score > best_score;
    if (!better && score == best_score) {
      better = count < best_count || (count == best_count && depth < best_depth);
    }
    if (better) {
      best = i;
      best_score = score;
      best_count = count;
      best_depth = depth;
    }
  }
  return pending_[best];
}

std::vector<std::size_t> TreeWalk::files_to_read(std::size_t budget) const {
  std::vector<SampleCandidate> candidates;
  candidates.reserve(files_.size());
  for (const auto& f : files_) candidates.push_back({f.path, parent_of(f.path), 0});
  return plan_sample(candidates, budget).order;
}

std::string TreeWalk::listing_text(std::size_t max_bytes) const {
  std::string out;
  for (const std::size_t i : files_to_read(kMaxSamplerCandidates)) {
    if (out.size() >= max_bytes) break;
    out += files_[i].path + " " + std::to_string(files_[i].size) + "\n";
  }
  if (out.size() > max_bytes) out.resize(max_bytes);
  return out;
}

nlohmann::json TreeWalk::entries_json(std::size_t max_entries) const {
  nlohmann::json out = nlohmann::json::array();
  for (const std::size_t i : files_to_read(max_entries)) {
    out.push_back({{"path", printable(files_[i].path, 256)}, {"size", files_[i].size}});
  }
  return out;
}

nlohmann::json TreeWalk::coverage(std::size_t files_read, std::string_view why_not_read) const {
  nlohmann::json out = nlohmann::json::array();
  std::string read = coverage_note(files_read, files_.size(), "files");
  if (!why_not_read.empty()) read += " (" + std::string(why_not_read) + ")";
  out.push_back(read);
  std::string dirs = std::to_string(listed_.size()) + " directories listed";
  if (!pending_.empty()) {
    dirs += "; " + std::to_string(pending_.size()) + " directories not listed: cap " +
            std::to_string(caps_.max_listings);
  }
  out.push_back(dirs);
  if (too_deep_ > 0) {
    out.push_back(std::to_string(too_deep_) + " directories deeper than " +
                  std::to_string(caps_.max_depth) + " levels not listed");
  }
  if (dropped_entries_ > 0) {
    out.push_back(std::to_string(dropped_entries_) + " entries over the cap of " +
                  std::to_string(caps_.max_entries) + " not kept");
  }
  if (long_paths_ > 0) {
    out.push_back(std::to_string(long_paths_) + " names over " +
                  std::to_string(caps_.max_path_bytes) + " bytes of path skipped");
  }
  for (const auto& t : truncated_) out.push_back("listing of " + t + " cut at its cap");
  for (const auto& f : failed_) out.push_back("listing failed: " + f);
  return out;
}

nlohmann::json TreeWalk::sensitive_paths(std::size_t max) const {
  std::vector<std::string> names;
  names.reserve(files_.size() + listed_.size());
  for (const auto& d : listed_) names.push_back(d);
  for (const auto& f : files_) names.push_back(f.path);
  return sensitive_names(names, max);
}

}  // namespace lw::probes
