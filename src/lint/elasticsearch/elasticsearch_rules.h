#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// elasticsearch.yml: elasticsearch-security-disabled.
void lint_elasticsearch(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);
// opensearch.yml: opensearch-security-disabled.
void lint_opensearch(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);
// kibana.yml / opensearch_dashboards.yml: kibana-exposed-without-security.
void lint_kibana(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
