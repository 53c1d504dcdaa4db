#include "api/tls_context.h"

namespace lw::api {
namespace {

Result<SslCtx> new_context() {
  SslCtx ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return fail(ErrorCode::internal, "cannot make a TLS context");
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE);
  return ctx;
}

}  // namespace

Result<SslCtx> tls_context_from_files(const std::string& cert_file, const std::string& key_file) {
  auto ctx = new_context();
  if (!ctx) return ctx;
  if (SSL_CTX_use_certificate_chain_file(ctx->get(), cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx->get(), key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx->get()) != 1) {
    return fail(ErrorCode::invalid_argument,
                "cannot use the TLS certificate '" + cert_file + "' with key '" + key_file +
                    "' (unreadable, not PEM, or they do not match)",
                "--tls-cert");
  }
  return ctx;
}

Result<SslCtx> tls_context_from_pair(const CertPair& pair) {
  auto ctx = new_context();
  if (!ctx) return ctx;
  if (SSL_CTX_use_certificate(ctx->get(), pair.cert.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx->get(), pair.key.get()) != 1 ||
      SSL_CTX_check_private_key(ctx->get()) != 1) {
    return fail(ErrorCode::internal, "the self-signed certificate was refused");
  }
  return ctx;
}

}  // namespace lw::api
