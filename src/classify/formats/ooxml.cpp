// Zip archives (DOCX, XLSX, PPTX and plain zip) through libzip, with bomb caps.
#include <zip.h>

#include <memory>

#include "classify/formats/container.h"

namespace lw::classify {
namespace {

struct ZipClose {
  void operator()(zip_t* z) const noexcept { zip_discard(z); }
};
struct ZipFileClose {
  void operator()(zip_file_t* f) const noexcept { zip_fclose(f); }
};

bool ends_with(std::string_view s, std::string_view suffix) noexcept {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool skipped(std::string_view name) noexcept {
  for (auto ext :
       {".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf", ".bin", ".ttf", ".odttf", ".rels", "/"}) {
    if (ends_with(name, ext)) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<Part>> zip_parts(std::string_view archive, const Limits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    return fail(ErrorCode::internal, "zip_source_buffer_create failed");
  }
  std::unique_ptr<zip_t, ZipClose> zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(source);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return fail(ErrorCode::parse_error, "zip: " + message);
  }
  zip_error_fini(&error);
  const auto entries = zip_get_num_entries(zip.get(), 0);
  if (entries < 0) return fail(ErrorCode::parse_error, "zip: no central directory");
  if (static_cast<std::uint64_t>(entries) > limits.max_zip_entries) {
    return fail(ErrorCode::too_large, "zip has " + std::to_string(entries) + " entries (cap " +
                                          std::to_string(limits.max_zip_entries) + ")");
  }
  std::vector<Part> parts;
  std::size_t total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    const std::string_view name = st.name ? st.name : "";
    if (skipped(name) || !(st.valid & ZIP_STAT_SIZE)) continue;
    const auto declared = st.size;
    const auto packed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    if (declared > limits.max_bytes - total) {
      return fail(ErrorCode::too_large, "zip entry " + printable_name(name) + " would inflate to " +
                                            std::to_string(declared) + " bytes, " +
                                            std::to_string(total + declared) + " in all (cap " +
                                            std::to_string(limits.max_bytes) + ")");
    }
    const auto ratio = declared / std::max<zip_uint64_t>(packed, 1);
    if (declared > (1u << 16) && ratio > limits.max_ratio) {
      return fail(ErrorCode::too_large,
                  "zip entry " + printable_name(name) + " would inflate " + std::to_string(ratio) +
                      " times its compressed size (cap " + std::to_string(limits.max_ratio) + ")");
    }
    std::unique_ptr<zip_file_t, ZipFileClose> file(
        zip_fopen_index(zip.get(), static_cast<zip_uint64_t>(i), 0));
    if (!file) continue;  // encrypted or unsupported method
    std::string data;
    char buffer[1 << 16];
    while (true) {
      const auto n = zip_fread(file.get(), buffer, sizeof buffer);
      if (n <= 0) break;
      data.append(buffer, static_cast<std::size_t>(n));
      if (data.size() > declared) {  // the directory lied about the size
        return fail(ErrorCode::too_large, "zip entry " + printable_name(name) +
                                              " inflates past its declared size (cap " +
                                              std::to_string(declared) + ")");
      }
    }
    total += data.size();
    Part part;
    part.name = printable_name(name);
    if (ends_with(name, ".xml")) {
      part.data = xml_text(data);
      part.content_type = "text";
    } else {
      part.data = std::move(data);
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace lw::classify
