#include "lint/vsftpd/vsftpd_rules.h"

#include <string>

#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

// vsftpd's compiled-in default when the file does not say.
bool setting(const std::vector<KvEntry>& entries, std::string_view key, bool fallback,
             const KvEntry** where = nullptr) {
  const KvEntry* e = last_entry(entries, key);
  if (where != nullptr) *where = e;
  return e == nullptr ? fallback : is_truthy(e->value);
}

void lint_one(const SourceFile& file, Sink& sink) {
  KvSyntax syntax;
  syntax.equals = true;
  const auto entries = kv_or_report(file, syntax, sink);
  if (!entries) return;
  const KvEntry* anon_line = nullptr;
  // anonymous_enable defaults to YES in vsftpd itself (Debian's file sets NO).
  if (!setting(*entries, "anonymous_enable", true, &anon_line)) return;
  const std::size_t line = anon_line != nullptr ? anon_line->line : 0;
  const std::string anon = anon_line != nullptr ? "anonymous_enable=" + anon_line->value
                                                : "anonymous_enable not set (YES by default)";
  const KvEntry* write_line = nullptr;
  const bool write = setting(*entries, "write_enable", false, &write_line);
  std::string how;
  for (std::string_view key :
       {"anon_upload_enable", "anon_mkdir_write_enable", "anon_other_write_enable"}) {
    if (setting(*entries, key, false)) how += (how.empty() ? "" : ", ") + std::string(key);
  }
  if (write && !how.empty()) {
    sink.report(file, "vsftpd-anonymous-write", write_line != nullptr ? write_line->line : line,
                anon + " with write_enable=YES and " + how + ": anyone can upload");
    return;
  }
  sink.report(file, "vsftpd-anonymous-enabled", line, anon + ": anyone can log in and read");
}

}  // namespace

void lint_vsftpd(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  for_each_file(files, [&](const SourceFile& f) { lint_one(f, sink); });
}

}  // namespace lw::lint
