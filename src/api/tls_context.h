#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "api/self_signed.h"
#include "core/result.h"

// The server's TLS settings: TLS 1.2 and later, a certificate from PEM files or made at start.
namespace lw::api {

struct SslCtxFree {
  void operator()(SSL_CTX* p) const noexcept { SSL_CTX_free(p); }
};
using SslCtx = std::unique_ptr<SSL_CTX, SslCtxFree>;

// Refused naming the file when a file is unreadable, not PEM, or the key does not match.
Result<SslCtx> tls_context_from_files(const std::string& cert_file, const std::string& key_file);
Result<SslCtx> tls_context_from_pair(const CertPair& pair);

}  // namespace lw::api
