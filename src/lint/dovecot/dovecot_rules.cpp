#include "lint/dovecot/dovecot_rules.h"

#include <optional>
#include <string>

#include "lint/parse_or_report.h"
#include "lint/text.h"

namespace lw::lint {

namespace {

struct Setting {
  const SourceFile* file = nullptr;
  KvEntry entry;
};

}  // namespace

void lint_dovecot(std::span<const SourceFile* const> files, const FileSet&, Sink& sink) {
  KvSyntax syntax;
  syntax.equals = true;
  syntax.brace_sections = true;
  // dovecot.conf includes conf.d/*.conf; the set is judged as one configuration, top-level
  // settings only, the last one read (in path order) winning.
  std::optional<Setting> plaintext;  // disable_plaintext_auth (<= 2.3), auth_allow_cleartext (2.4)
  bool plaintext_allowed = false;
  std::optional<Setting> ssl;
  for (const SourceFile* file : files) {
    const auto entries = kv_or_report(*file, syntax, sink);
    if (!entries) continue;
    for (const KvEntry& e : *entries) {
      if (!e.section.empty()) continue;
      if (iequals(e.key, "disable_plaintext_auth")) {
        plaintext = Setting{file, e};
        plaintext_allowed = is_falsy(e.value);
      } else if (iequals(e.key, "auth_allow_cleartext")) {
        plaintext = Setting{file, e};
        plaintext_allowed = is_truthy(e.value);
      } else if (iequals(e.key, "ssl")) {
        ssl = Setting{file, e};
      } else if (iequals(e.key, "auth_mechanisms")) {
        for (std::string_view mech : split_ws(e.value)) {
          if (iequals(mech, "anonymous")) {
            sink.report(*file, "dovecot-anonymous-login", e.line,
                        "auth_mechanisms includes ANONYMOUS: mail can be read without a password");
          }
        }
      }
    }
  }
  const bool ssl_required = ssl && iequals(trim(ssl->entry.value), "required");
  if (plaintext && plaintext_allowed && !ssl_required) {
    sink.report(*plaintext->file, "dovecot-plaintext-auth-no-tls", plaintext->entry.line,
                plaintext->entry.key + " = " + plaintext->entry.value + " while ssl is " +
                    (ssl ? "'" + ssl->entry.value + "'" : std::string("not set")) +
                    ": passwords can cross the network in clear text");
  }
}

}  // namespace lw::lint
