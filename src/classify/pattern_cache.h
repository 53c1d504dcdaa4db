#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "classify/pattern_db.h"
#include "core/result.h"

// A disk cache of compiled Vectorscan databases (docs/classification.md "Compiled database
// cache"). One file per key, named by the key's hex; the file is input from disk and is checked
// (magic, format version, key, length, SHA-256 of the payload, Vectorscan's own size and info)
// before any byte of it reaches hs_deserialize_database. Holds compiled patterns only.
namespace lw::classify {

using CacheKey = std::array<std::uint8_t, 32>;

// SHA-256 over everything that determines the compiled bytes, fed field by field (each field is
// length-prefixed, so two different sequences never hash the same bytes).
class CacheKeyBuilder {
 public:
  CacheKeyBuilder();
  ~CacheKeyBuilder();
  CacheKeyBuilder(const CacheKeyBuilder&) = delete;
  CacheKeyBuilder& operator=(const CacheKeyBuilder&) = delete;

  void add(std::string_view bytes);
  void add(std::uint64_t value);
  // The key, or nullopt if OpenSSL failed (then there is no cache for this build).
  std::optional<CacheKey> finish();

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
  bool ok_ = true;
};

// One database of a PatternDb: the main one (rule == kMainDb) or a rule's start-of-match one.
struct CachedDb {
  static constexpr std::uint32_t kMainDb = UINT32_MAX;
  std::uint32_t rule = kMainDb;
  std::uint32_t window = 0;
  std::uint32_t fixed = 0;
  HsDatabasePtr db;
};

// What store_cached() writes: the same fields, the database borrowed.
struct DbToCache {
  std::uint32_t rule = CachedDb::kMainDb;
  std::uint32_t window = 0;
  std::uint32_t fixed = 0;
  const hs_database_t* db = nullptr;
};

constexpr std::size_t kMaxCacheFile = std::size_t{64} << 20;

// The databases stored under `key` in `dir`, or an error (absent, unreadable, over
// kMaxCacheFile, any field that does not match); the caller then compiles.
Result<std::vector<CachedDb>> load_cached(const std::filesystem::path& dir, const CacheKey& key);

// Writes the databases under `key` (temporary file in `dir`, then rename). Errors are for tests
// and logs only: a cache that cannot be written never fails a build.
Result<void> store_cached(const std::filesystem::path& dir, const CacheKey& key,
                          std::span<const DbToCache> dbs);

std::filesystem::path cache_file(const std::filesystem::path& dir, const CacheKey& key);

}  // namespace lw::classify
