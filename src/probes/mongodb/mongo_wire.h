#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace lw::probes::mongo {

// MongoDB wire protocol OP_MSG
// (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/) with BSON bodies handled
// by libbson. Every document is checked (length, structure, nesting depth <= kMaxDepth) before
// libbson walks it recursively.

constexpr std::int32_t kOpMsg = 2013;
constexpr std::size_t kMaxDepth = 32;

// A command value for building requests: an int32, an int64 (a cursor id), a UTF-8 string, a
// bool, or a sub-document.
struct Field {
  enum class Kind { int32, int64, utf8, boolean, document } kind = Kind::int32;
  std::string name;
  std::int32_t i = 0;
  std::int64_t l = 0;
  std::string s;
  bool b = false;
  std::vector<Field> sub;
};
Field int32(std::string name, std::int32_t v);
Field int64(std::string name, std::int64_t v);
Field utf8(std::string name, std::string v);
Field boolean(std::string name, bool v);
Field document(std::string name, std::vector<Field> sub);

// An OP_MSG with one kind-0 section holding the command document.
std::string op_msg(const std::vector<Field>& command, std::int32_t request_id);

// Total length an OP_MSG reply declares, once 4 bytes are there.
std::optional<std::uint32_t> declared_length(std::string_view reply);

// The body document of an OP_MSG reply, checked. Errors: parse_error (not OP_MSG, bad BSON),
// too_large (length over cap), too_deep.
Result<std::string> reply_document(std::string_view reply, std::size_t cap);

// Checks one BSON document: structure and nesting depth.
Result<void> check_document(std::string_view bson);

// Readers over a checked document (top-level keys; dotted paths descend sub-documents).
std::optional<double> number(std::string_view bson, std::string_view path);
// An int64 or int32 value exactly (a cursor id does not survive a double).
std::optional<std::int64_t> integer64(std::string_view bson, std::string_view path);
std::optional<std::string> text(std::string_view bson, std::string_view path);
bool has(std::string_view bson, std::string_view path);
// The elements of an array (or sub-document) at `path`, each as its own BSON document bytes
// (non-document elements are skipped), at most `max`.
std::vector<std::string> documents(std::string_view bson, std::string_view path, std::size_t max);
// Relaxed extended JSON of a checked document, cut to `cap` bytes.
std::string to_json(std::string_view bson, std::size_t cap);

}  // namespace lw::probes::mongo
