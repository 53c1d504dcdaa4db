#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// pg_hba.conf, judged with the postgresql.conf files of the same set:
// pg-hba-trust-remote, pg-hba-password-no-tls.
void lint_pg_hba(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);
// postgresql.conf alone has no finding of its own (listen_addresses '*' is normal for a
// server); it is parsed here so that a malformed one is reported.
void lint_postgresql_conf(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
