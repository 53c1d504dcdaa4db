#pragma once

#include <optional>
#include <vector>

#include "lint/conf/kv_parser.h"
#include "lint/sink.h"
#include "lint/source_file.h"
#include "lint/tree.h"

namespace lw::lint {

// Parse a file for a rule module; on failure report one diagnostic naming the file and line
// and return nullopt, so the module skips that file and the others are still linted.
std::optional<std::vector<Node>> yaml_or_report(const SourceFile& file, Sink& sink);
std::optional<Node> json_or_report(const SourceFile& file, Sink& sink);
std::optional<std::vector<KvEntry>> kv_or_report(const SourceFile& file, const KvSyntax& syntax,
                                                 Sink& sink);

}  // namespace lw::lint
