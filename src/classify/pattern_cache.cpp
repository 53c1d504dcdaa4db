#include "classify/pattern_cache.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "classify/classifier.h"
#include "core/bytes.h"
#include "core/unique_fd.h"

namespace lw::classify {
namespace {

// File layout (native byte order; a file from another byte order fails the version check):
//   header  magic[8] "LWHSDB\0\1", u32 format, u32 count, key[32], u64 payload length,
//           SHA-256(payload)[32], u64 reserved
//   payload count x (u32 rule, u32 window, u32 fixed, u32 reserved, u64 deserialized size,
//           u64 serialized length, serialized bytes)
constexpr char kMagic[8] = {'L', 'W', 'H', 'S', 'D', 'B', '\0', '\1'};
constexpr std::uint32_t kFormat = 1;
constexpr std::size_t kHeader = 8 + 4 + 4 + 32 + 8 + 32 + 8;
constexpr std::size_t kEntryHeader = 4 * 4 + 8 + 8;
constexpr std::uint32_t kMaxEntries = 1u << 16;

struct FreeChar {
  void operator()(char* p) const noexcept { std::free(p); }
};
using MallocChars = std::unique_ptr<char, FreeChar>;

// A temporary file that is removed unless committed (renamed over its final name).
class TempFile {
 public:
  explicit TempFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~TempFile() {
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const noexcept { return fd_.get(); }
  const std::string& path() const noexcept { return path_; }
  Result<void> commit(const std::filesystem::path& target) {
    if (::close(fd_.release()) != 0) return fail(ErrorCode::io_error, "close failed", path_);
    if (::rename(path_.c_str(), target.c_str()) != 0) {
      return fail(ErrorCode::io_error, std::string("rename failed: ") + std::strerror(errno),
                  target.string());
    }
    committed_ = true;
    return {};
  }

 private:
  std::string path_;
  UniqueFd fd_;
  bool committed_ = false;
};

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

template <class T>
T get(std::string_view in, std::size_t at) {  // caller checked at + sizeof(T) <= in.size()
  T value;
  std::memcpy(&value, in.data() + at, sizeof(T));
  return value;
}

std::optional<CacheKey> sha256(std::string_view bytes) {
  CacheKey out{};
  unsigned int n = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out.data(), &n, EVP_sha256(), nullptr) != 1 ||
      n != out.size()) {
    return std::nullopt;
  }
  return out;
}

Result<std::string> read_capped(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    return fail(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                std::string("cannot open cache file: ") + std::strerror(errno), path.string());
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return fail(ErrorCode::io_error, "cache entry is not a regular file", path.string());
  }
  if (st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) > kMaxCacheFile) {
    return fail(ErrorCode::too_large, "cache file over its cap", path.string());
  }
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  if (!read_exact(fd.get(), bytes.data(), bytes.size())) {
    return fail(ErrorCode::io_error, "short read of cache file", path.string());
  }
  return bytes;
}

// Vectorscan's own view of one serialized database must agree with the entry.
Result<HsDatabasePtr> deserialize(std::string_view bytes, std::uint64_t expected_size) {
  std::size_t size = 0;
  if (hs_serialized_database_size(bytes.data(), bytes.size(), &size) != HS_SUCCESS ||
      size != expected_size) {
    return fail(ErrorCode::parse_error, "serialized database size does not agree");
  }
  char* raw_info = nullptr;
  if (hs_serialized_database_info(bytes.data(), bytes.size(), &raw_info) != HS_SUCCESS) {
    return fail(ErrorCode::parse_error, "serialized database has no info");
  }
  const MallocChars info(raw_info);
  const std::string_view version = hs_version();
  const auto version_word = version.substr(0, version.find(' '));
  const std::string_view info_text = info ? info.get() : "";
  if (info_text.find(version_word) == std::string_view::npos ||
      info_text.find("BLOCK") == std::string_view::npos) {
    return fail(ErrorCode::parse_error, "serialized database from another version or mode");
  }
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS || !db) {
    return fail(ErrorCode::parse_error, "hs_deserialize_database failed");
  }
  return HsDatabasePtr(db);
}

}  // namespace

struct CacheKeyBuilder::Ctx {
  ~Ctx() { EVP_MD_CTX_free(md); }
  EVP_MD_CTX* md = EVP_MD_CTX_new();
};

CacheKeyBuilder::CacheKeyBuilder() : ctx_(std::make_unique<Ctx>()) {
  ok_ = ctx_->md && EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr) == 1;
}

CacheKeyBuilder::~CacheKeyBuilder() = default;

void CacheKeyBuilder::add(std::uint64_t value) {
  if (ok_) ok_ = EVP_DigestUpdate(ctx_->md, &value, sizeof value) == 1;
}

void CacheKeyBuilder::add(std::string_view bytes) {
  add(static_cast<std::uint64_t>(bytes.size()));
  if (ok_) ok_ = EVP_DigestUpdate(ctx_->md, bytes.data(), bytes.size()) == 1;
}

std::optional<CacheKey> CacheKeyBuilder::finish() {
  CacheKey key{};
  unsigned int n = 0;
  if (!ok_ || EVP_DigestFinal_ex(ctx_->md, key.data(), &n) != 1 || n != key.size()) {
    return std::nullopt;
  }
  ok_ = false;  // one key per builder
  return key;
}

std::filesystem::path default_pattern_cache_dir() {
  const auto absolute = [](const char* value) {
    return value && value[0] == '/' ? std::filesystem::path(value) : std::filesystem::path();
  };
  if (const char* dir = std::getenv("LEAKWATCH_CACHE_DIR"); dir && *dir) return dir;
  if (auto xdg = absolute(std::getenv("XDG_CACHE_HOME")); !xdg.empty()) {
    return xdg / "leakwatch" / "hs";
  }
  if (auto home = absolute(std::getenv("HOME")); !home.empty()) {
    return home / ".cache" / "leakwatch" / "hs";
  }
  return {};
}

std::filesystem::path cache_file(const std::filesystem::path& dir, const CacheKey& key) {
  return dir / lower_hex(key);
}

Result<std::vector<CachedDb>> load_cached(const std::filesystem::path& dir, const CacheKey& key) {
  const auto path = cache_file(dir, key);
  auto file = read_capped(path);
  if (!file) return tl::unexpected(file.error());
  const std::string_view bytes = *file;
  const auto bad = [&path](std::string message) {
    return fail(ErrorCode::parse_error, std::move(message), path.string());
  };
  if (bytes.size() < kHeader) return bad("cache file shorter than its header");
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return bad("bad cache magic");
  if (get<std::uint32_t>(bytes, 8) != kFormat) return bad("unknown cache format");
  const auto count = get<std::uint32_t>(bytes, 12);
  if (count > kMaxEntries) return bad("too many cached databases");
  if (std::memcmp(bytes.data() + 16, key.data(), key.size()) != 0) return bad("cache key differs");
  const auto payload = bytes.substr(kHeader);
  if (get<std::uint64_t>(bytes, 48) != payload.size()) return bad("cache length differs");
  const auto digest = sha256(payload);
  if (!digest || std::memcmp(bytes.data() + 56, digest->data(), digest->size()) != 0) {
    return bad("cache checksum differs");
  }
  std::vector<CachedDb> out;
  std::size_t at = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (payload.size() - at < kEntryHeader) return bad("truncated cache entry");
    CachedDb entry;
    entry.rule = get<std::uint32_t>(payload, at);
    entry.window = get<std::uint32_t>(payload, at + 4);
    entry.fixed = get<std::uint32_t>(payload, at + 8);
    const auto size = get<std::uint64_t>(payload, at + 16);
    const auto length = get<std::uint64_t>(payload, at + 24);
    at += kEntryHeader;
    if (length == 0 || length > payload.size() - at) return bad("truncated cache entry");
    auto db = deserialize(payload.substr(at, static_cast<std::size_t>(length)), size);
    if (!db) return bad(db.error().message);
    entry.db = std::move(*db);
    at += static_cast<std::size_t>(length);
    out.push_back(std::move(entry));
  }
  if (at != payload.size()) return bad("trailing bytes in cache file");
  return out;
}

Result<void> store_cached(const std::filesystem::path& dir, const CacheKey& key,
                          std::span<const DbToCache> dbs) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return fail(ErrorCode::io_error, "cannot create cache dir: " + ec.message(), dir.string());
  std::string payload;
  for (const auto& entry : dbs) {
    char* raw = nullptr;
    std::size_t length = 0;
    if (!entry.db || hs_serialize_database(entry.db, &raw, &length) != HS_SUCCESS) {
      return fail(ErrorCode::internal, "hs_serialize_database failed");
    }
    const MallocChars bytes(raw);
    std::size_t size = 0;
    if (hs_serialized_database_size(bytes.get(), length, &size) != HS_SUCCESS) {
      return fail(ErrorCode::internal, "hs_serialized_database_size failed");
    }
    put(payload, entry.rule);
    put(payload, entry.window);
    put(payload, entry.fixed);
    put(payload, std::uint32_t{0});
    put(payload, static_cast<std::uint64_t>(size));
    put(payload, static_cast<std::uint64_t>(length));
    payload.append(bytes.get(), length);
  }
  if (kHeader + payload.size() > kMaxCacheFile) {
    return fail(ErrorCode::too_large, "compiled databases over the cache cap");
  }
  const auto digest = sha256(payload);
  if (!digest) return fail(ErrorCode::internal, "SHA-256 failed");
  std::string file(kMagic, sizeof kMagic);
  put(file, kFormat);
  put(file, static_cast<std::uint32_t>(dbs.size()));
  file.append(reinterpret_cast<const char*>(key.data()), key.size());
  put(file, static_cast<std::uint64_t>(payload.size()));
  file.append(reinterpret_cast<const char*>(digest->data()), digest->size());
  put(file, std::uint64_t{0});
  file += payload;

  const auto target = cache_file(dir, key);
  std::string temp = target.string() + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    return fail(ErrorCode::io_error,
                std::string("cannot create cache file: ") + std::strerror(errno), dir.string());
  }
  TempFile out(temp, fd);
  if (!write_all(out.fd(), file.data(), file.size())) {
    return fail(ErrorCode::io_error, "cannot write cache file", out.path());
  }
  return out.commit(target);
}

}  // namespace lw::classify
