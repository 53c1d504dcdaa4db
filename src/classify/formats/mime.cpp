// MIME e-mail through GMime: headers, text bodies and decoded attachments.
#include <gmime/gmime.h>

#include <memory>
#include <mutex>

#include "classify/formats/container.h"

namespace lw::classify {
namespace {

struct Unref {
  void operator()(void* object) const noexcept {
    if (object) g_object_unref(object);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, Unref>;

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string map_type(std::string_view mime) {
  if (mime == "application/json") return "json";
  if (mime == "text/csv") return "csv";
  if (mime == "text/tab-separated-values") return "tsv";
  if (mime == "application/pdf") return "pdf";
  if (mime == "application/gzip" || mime == "application/x-gzip") return "gzip";
  if (mime == "application/zip") return "zip";
  if (mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    return "docx";
  }
  if (mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") return "xlsx";
  if (mime == "message/rfc822") return "email";
  if (mime.substr(0, 5) == "text/") return "text";
  return "";  // sniff
}

struct Collect {
  const Limits* limits;
  std::vector<Part>* parts;
  std::size_t total = 0;
  bool over = false;
};

void on_part(GMimeObject* /*parent*/, GMimeObject* object, gpointer data) {
  auto* c = static_cast<Collect*>(data);
  if (c->over || c->parts->size() >= c->limits->max_zip_entries) return;
  Part part;
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (ct) {
    char* type = g_mime_content_type_get_mime_type(ct);
    if (type) {
      part.content_type = map_type(type);
      g_free(type);
    }
  }
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (!inner) return;
    g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, out.get());
    part.content_type = "email";
    part.name = "message";
  } else if (GMIME_IS_PART(object)) {
    GMimePart* mp = GMIME_PART(object);
    GMimeDataWrapper* content = g_mime_part_get_content(mp);
    if (!content) return;
    g_mime_data_wrapper_write_to_stream(content, out.get());
    const char* filename = g_mime_part_get_filename(mp);
    part.name = filename ? printable_name(filename) : "body";
  } else {
    return;
  }
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
  if (!bytes) return;
  c->total += bytes->len;
  if (c->total > c->limits->max_bytes) {
    c->over = true;
    return;
  }
  part.data.assign(reinterpret_cast<const char*>(bytes->data), bytes->len);
  c->parts->push_back(std::move(part));
}

}  // namespace

Result<std::vector<Part>> mime_parts(std::string_view message, const Limits& limits) {
  init_gmime();
  std::vector<Part> parts;
  // The header block as text: From, To, Subject hold names and addresses.
  auto header_end = message.find("\r\n\r\n");
  if (header_end == std::string_view::npos) header_end = message.find("\n\n");
  if (header_end == std::string_view::npos) return fail(ErrorCode::parse_error, "no header block");
  parts.push_back(Part{"headers", "text", std::string(message.substr(0, header_end))});

  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(message.data(), message.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!msg) return fail(ErrorCode::parse_error, "not a MIME message");
  Collect collect{&limits, &parts};
  g_mime_message_foreach(msg.get(), on_part, &collect);
  if (collect.over) {
    return fail(ErrorCode::too_large, "decoded MIME parts over " +
                                          std::to_string(limits.max_bytes) + " bytes (cap " +
                                          std::to_string(limits.max_bytes) + ")");
  }
  return parts;
}

std::string printable_name(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 80)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u >= 0x20 && u < 0x7f && c != ',' ? c : '_');
  }
  return out.empty() ? std::string("unnamed") : out;
}

}  // namespace lw::classify
