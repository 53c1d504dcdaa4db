// PDF text through poppler-cpp, page by page, with a page cap and the time budget.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "classify/formats/container.h"

namespace lw::classify {
namespace {

constexpr int kMaxPages = 2000;

void quiet(const std::string&, void*) {}

}  // namespace

Result<std::string> pdf_text(std::string_view pdf, const Limits& limits) {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
  if (pdf.size() > static_cast<std::size_t>(INT32_MAX))
    return fail(ErrorCode::too_large, "PDF over 2 GiB");
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.max_millis);
  try {
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    if (!doc) return fail(ErrorCode::parse_error, "not a readable PDF");
    if (doc->is_locked()) return fail(ErrorCode::unsupported, "encrypted PDF");
    std::string text;
    const int pages = std::min(doc->pages(), kMaxPages);
    for (int i = 0; i < pages; ++i) {
      if (std::chrono::steady_clock::now() > deadline) break;
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) continue;
      const auto utf8 = page->text().to_utf8();
      if (text.size() + utf8.size() > limits.max_bytes) break;
      text.append(utf8.begin(), utf8.end());
      text.push_back('\n');
    }
    return text;
  } catch (const std::exception& e) {
    return fail(ErrorCode::parse_error, std::string("poppler: ") + e.what());
  } catch (...) {
    return fail(ErrorCode::parse_error, "poppler failed");
  }
}

}  // namespace lw::classify
