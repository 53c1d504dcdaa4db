#include "api/self_signed.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace lw::api {
namespace {

struct BioFree {
  void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const noexcept { X509_EXTENSION_free(p); }
};

Result<CertPair> openssl_failed(const char* what) {
  return fail(ErrorCode::internal, std::string("making the self-signed certificate: ") + what);
}

}  // namespace

Result<CertPair> make_self_signed(const std::string& ip_address) {
  CertPair out;
  out.key.reset(EVP_EC_gen("P-256"));
  if (!out.key) return openssl_failed("EC key generation");
  out.cert.reset(X509_new());
  if (!out.cert) return openssl_failed("X509_new");
  X509* c = out.cert.get();
  X509_set_version(c, 2);
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return openssl_failed("random serial");
  serial[0] &= 0x7F;
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_bin2bn(serial, sizeof serial, nullptr),
                                                 BN_free);
  if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(c)))
    return openssl_failed("serial");
  X509_gmtime_adj(X509_getm_notBefore(c), -60);
  X509_gmtime_adj(X509_getm_notAfter(c), 365L * 24 * 3600);
  X509_set_pubkey(c, out.key.get());
  X509_NAME* name = X509_get_subject_name(c);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("leakwatch api"), -1, -1, 0);
  X509_set_issuer_name(c, name);
  const std::string san = "IP:" + ip_address;
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, san.c_str()));
  if (!ext || X509_add_ext(c, ext.get(), -1) != 1) return openssl_failed("subjectAltName");
  if (X509_sign(c, out.key.get(), EVP_sha256()) == 0) return openssl_failed("signing");

  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(c, EVP_sha256(), md, &len) != 1) return openssl_failed("fingerprint");
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned int i = 0; i < len; ++i) {
    if (i) out.sha256_fingerprint += ':';
    out.sha256_fingerprint += kHex[md[i] >> 4];
    out.sha256_fingerprint += kHex[md[i] & 0x0F];
  }
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), c) != 1) return openssl_failed("PEM");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  out.pem.assign(data, static_cast<std::size_t>(n));
  return out;
}

}  // namespace lw::api
