#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "core/result.h"

// A self-signed certificate made at start (--tls-self-signed): an EC P-256 key and a
// certificate for the listen address, valid 365 days, kept in memory only.
namespace lw::api {

struct X509Free {
  void operator()(X509* p) const noexcept { X509_free(p); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};

struct CertPair {
  std::unique_ptr<X509, X509Free> cert;
  std::unique_ptr<EVP_PKEY, PkeyFree> key;
  std::string sha256_fingerprint;  // AA:BB:... of the DER certificate, for clients to pin
  std::string pem;                 // the certificate (public), for clients to trust
};

Result<CertPair> make_self_signed(const std::string& ip_address);

}  // namespace lw::api
