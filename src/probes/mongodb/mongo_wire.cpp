#include "probes/mongodb/mongo_wire.h"

#include <bson/bson.h>

#include <cstring>

#include "probes/common/byte_reader.h"

namespace lw::probes::mongo {
namespace {

// A read-only bson_t over bytes we own for the call's duration.
class View {
 public:
  explicit View(std::string_view bytes) {
    ok_ =
        bytes.size() >= 5 &&
        bson_init_static(&doc_, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  bool ok() const { return ok_; }
  const bson_t* get() const { return &doc_; }

 private:
  bson_t doc_{};
  bool ok_ = false;
};

bool walk(bson_iter_t* it, std::size_t depth) {
  if (depth > kMaxDepth) return false;
  while (bson_iter_next(it)) {
    if (BSON_ITER_HOLDS_DOCUMENT(it) || BSON_ITER_HOLDS_ARRAY(it)) {
      bson_iter_t child;
      if (!bson_iter_recurse(it, &child) || !walk(&child, depth + 1)) return false;
    }
  }
  return it->err_off == 0;
}

bool find_path(std::string_view bson, std::string_view path, bson_iter_t& out, View& view) {
  (void)bson;
  if (!view.ok()) return false;
  bson_iter_t it;
  if (!bson_iter_init(&it, view.get())) return false;
  const std::string p(path);
  return bson_iter_find_descendant(&it, p.c_str(), &out);
}

void append(bson_t* b, const Field& f) {
  const int n = static_cast<int>(f.name.size());
  switch (f.kind) {
    case Field::Kind::int32:
      bson_append_int32(b, f.name.c_str(), n, f.i);
      break;
    case Field::Kind::int64:
      bson_append_int64(b, f.name.c_str(), n, f.l);
      break;
    case Field::Kind::utf8:
      bson_append_utf8(b, f.name.c_str(), n, f.s.c_str(), static_cast<int>(f.s.size()));
      break;
    case Field::Kind::boolean:
      bson_append_bool(b, f.name.c_str(), n, f.b);
      break;
    case Field::Kind::document: {
      bson_t child;
      bson_append_document_begin(b, f.name.c_str(), n, &child);
      for (const auto& s : f.sub) append(&child, s);
      bson_append_document_end(b, &child);
      break;
    }
  }
}

}  // namespace

Field int32(std::string name, std::int32_t v) {
  Field f;
  f.kind = Field::Kind::int32;
  f.name = std::move(name);
  f.i = v;
  return f;
}
Field int64(std::string name, std::int64_t v) {
  Field f;
  f.kind = Field::Kind::int64;
  f.name = std::move(name);
  f.l = v;
  return f;
}
Field utf8(std::string name, std::string v) {
  Field f;
  f.kind = Field::Kind::utf8;
  f.name = std::move(name);
  f.s = std::move(v);
  return f;
}
Field boolean(std::string name, bool v) {
  Field f;
  f.kind = Field::Kind::boolean;
  f.name = std::move(name);
  f.b = v;
  return f;
}
Field document(std::string name, std::vector<Field> sub) {
  Field f;
  f.kind = Field::Kind::document;
  f.name = std::move(name);
  f.sub = std::move(sub);
  return f;
}

std::string op_msg(const std::vector<Field>& command, std::int32_t request_id) {
  bson_t* b = bson_new();
  for (const auto& f : command) append(b, f);
  const std::string body(reinterpret_cast<const char*>(bson_get_data(b)), b->len);
  bson_destroy(b);
  std::string out;
  put_u32le(out, static_cast<std::uint32_t>(16 + 4 + 1 + body.size()));
  put_u32le(out, static_cast<std::uint32_t>(request_id));
  put_u32le(out, 0);
  put_u32le(out, static_cast<std::uint32_t>(kOpMsg));
  put_u32le(out, 0);  // flagBits
  put_u8(out, 0);     // section kind 0: the body
  return out + body;
}

std::optional<std::uint32_t> declared_length(std::string_view reply) {
  ByteReader r(reply);
  return r.u32le();
}

Result<void> check_document(std::string_view bson) {
  View view(bson);
  if (!view.ok()) return fail(ErrorCode::parse_error, "bad BSON document");
  bson_iter_t it;
  if (!bson_iter_init(&it, view.get())) return fail(ErrorCode::parse_error, "bad BSON document");
  if (!walk(&it, 0)) return fail(ErrorCode::too_deep, "BSON document malformed or nested too deep");
  return {};
}

Result<std::string> reply_document(std::string_view reply, std::size_t cap) {
  ByteReader r(reply);
  auto len = r.u32le();
  auto request_id = r.u32le();
  auto response_to = r.u32le();
  auto opcode = r.i32le();
  if (!len || !request_id || !response_to || !opcode) {
    return fail(ErrorCode::parse_error, "short OP_MSG header");
  }
  if (*len < 21 || *opcode != kOpMsg) return fail(ErrorCode::parse_error, "not an OP_MSG reply");
  if (*len > cap) return fail(ErrorCode::too_large, "message length over cap");
  if (reply.size() < *len) return fail(ErrorCode::parse_error, "truncated OP_MSG");
  auto flags = r.u32le();
  auto kind = r.u8();
  if (!flags || !kind || *kind != 0) return fail(ErrorCode::parse_error, "no kind-0 section");
  ByteReader doc(r.rest());
  auto doc_len = doc.i32le();
  if (!doc_len || *doc_len < 5 || static_cast<std::size_t>(*doc_len) > *len - 21) {
    return fail(ErrorCode::parse_error, "bad BSON length");
  }
  std::string body(r.rest().substr(0, static_cast<std::size_t>(*doc_len)));
  auto checked = check_document(body);
  if (!checked) return tl::unexpected(checked.error());
  return body;
}

std::optional<double> number(std::string_view bson, std::string_view path) {
  View view(bson);
  bson_iter_t it;
  if (!find_path(bson, path, it, view)) return std::nullopt;
  if (BSON_ITER_HOLDS_DOUBLE(&it)) return bson_iter_double(&it);
  if (BSON_ITER_HOLDS_INT32(&it)) return bson_iter_int32(&it);
  if (BSON_ITER_HOLDS_INT64(&it)) return static_cast<double>(bson_iter_int64(&it));
  if (BSON_ITER_HOLDS_BOOL(&it)) return bson_iter_bool(&it) ? 1.0 : 0.0;
  return std::nullopt;
}

std::optional<std::int64_t> integer64(std::string_view bson, std::string_view path) {
  View view(bson);
  bson_iter_t it;
  if (!find_path(bson, path, it, view)) return std::nullopt;
  if (BSON_ITER_HOLDS_INT64(&it)) return bson_iter_int64(&it);
  if (BSON_ITER_HOLDS_INT32(&it)) return bson_iter_int32(&it);
  return std::nullopt;
}

std::optional<std::string> text(std::string_view bson, std::string_view path) {
  View view(bson);
  bson_iter_t it;
  if (!find_path(bson, path, it, view) || !BSON_ITER_HOLDS_UTF8(&it)) return std::nullopt;
  std::uint32_t n = 0;
  const char* s = bson_iter_utf8(&it, &n);
  return std::string(s, n);
}

bool has(std::string_view bson, std::string_view path) {
  View view(bson);
  bson_iter_t it;
  return find_path(bson, path, it, view);
}

std::vector<std::string> documents(std::string_view bson, std::string_view path, std::size_t max) {
  std::vector<std::string> out;
  View view(bson);
  bson_iter_t it;
  if (!find_path(bson, path, it, view)) return out;
  if (!BSON_ITER_HOLDS_ARRAY(&it) && !BSON_ITER_HOLDS_DOCUMENT(&it)) return out;
  bson_iter_t child;
  if (!bson_iter_recurse(&it, &child)) return out;
  while (out.size() < max && bson_iter_next(&child)) {
    if (!BSON_ITER_HOLDS_DOCUMENT(&child)) continue;
    std::uint32_t n = 0;
    const std::uint8_t* data = nullptr;
    bson_iter_document(&child, &n, &data);
    if (data != nullptr) out.emplace_back(reinterpret_cast<const char*>(data), n);
  }
  return out;
}

std::string to_json(std::string_view bson, std::size_t cap) {
  View view(bson);
  if (!view.ok()) return {};
  std::size_t n = 0;
  char* json = bson_as_relaxed_extended_json(view.get(), &n);
  if (json == nullptr) return {};
  std::string out(json, std::min(n, cap));
  bson_free(json);
  return out;
}

}  // namespace lw::probes::mongo
