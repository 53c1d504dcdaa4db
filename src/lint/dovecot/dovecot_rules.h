#pragma once

#include <span>

#include "lint/module.h"

namespace lw::lint {

// dovecot.conf and conf.d/*.conf (judged together): dovecot-plaintext-auth-no-tls,
// dovecot-anonymous-login.
void lint_dovecot(std::span<const SourceFile* const> files, const FileSet& all, Sink& sink);

}  // namespace lw::lint
