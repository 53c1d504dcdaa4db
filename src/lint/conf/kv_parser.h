#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::lint {

// One "key value" or "key = value" line of a service configuration file.
struct KvEntry {
  std::string section;  // "[mysqld]" -> "mysqld"; dovecot "service imap {" -> "service imap"
  std::string key;
  std::string value;              // the rest of the line, unquoted when it was one quoted string
  std::vector<std::string> args;  // the rest split into words (quotes honoured)
  std::size_t line = 0;
};

// The dialects of the line-oriented files lint reads (redis.conf, postgresql.conf, my.cnf,
// vsftpd.conf, zoo.cfg, influxdb.conf, dovecot.conf, memcached.conf).
struct KvSyntax {
  bool equals = false;           // "key=value" (otherwise "key value")
  bool equals_optional = false;  // both forms (postgresql.conf)
  bool ini_sections = false;     // "[section]" and "[[section]]" lines
  bool brace_sections = false;   // "name arg {" ... "}" blocks (dovecot)
  bool inline_comments = false;  // "key = value  # comment" (outside quotes)
};

inline constexpr std::size_t kMaxKvEntries = 100000;
inline constexpr std::size_t kMaxKvBraceDepth = 32;

// Never throws; errors name the line ("line N") in Error::where.
Result<std::vector<KvEntry>> parse_kv(std::string_view text, const KvSyntax& syntax);

// The last entry with `key` (configuration files let later lines win), or nullptr.
const KvEntry* last_entry(const std::vector<KvEntry>& entries, std::string_view key,
                          bool ignore_case = true);

}  // namespace lw::lint
