#include "lint/parse_or_report.h"

#include "lint/json_adapter.h"
#include "lint/yaml_adapter.h"

namespace lw::lint {

std::optional<std::vector<Node>> yaml_or_report(const SourceFile& file, Sink& sink) {
  auto docs = parse_yaml(file.text);
  if (!docs) {
    sink.error(file, line_of_error(docs.error()), docs.error().message);
    return std::nullopt;
  }
  return std::move(*docs);
}

std::optional<Node> json_or_report(const SourceFile& file, Sink& sink) {
  auto root = parse_json(file.text);
  if (!root) {
    sink.error(file, line_of_error(root.error()), root.error().message);
    return std::nullopt;
  }
  return std::move(*root);
}

std::optional<std::vector<KvEntry>> kv_or_report(const SourceFile& file, const KvSyntax& syntax,
                                                 Sink& sink) {
  auto entries = parse_kv(file.text, syntax);
  if (!entries) {
    sink.error(file, line_of_error(entries.error()), entries.error().message);
    return std::nullopt;
  }
  return std::move(*entries);
}

}  // namespace lw::lint
