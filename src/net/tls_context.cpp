#include "net/tls_context.h"

#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

namespace lw::net {
namespace {

std::string name_text(X509_NAME* name) {
  if (name == nullptr) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio) return {};
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (len <= 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(std::min(len, 1024L)));
}

std::string time_text(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::vector<std::string> subject_alt_names(X509* cert) {
  std::vector<std::string> out;
  using Names = STACK_OF(GENERAL_NAME);
  std::unique_ptr<Names, void (*)(Names*)> names(
      static_cast<Names*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)),
      [](Names* n) { GENERAL_NAMES_free(n); });
  if (!names) return out;
  const int count = sk_GENERAL_NAME_num(names.get());
  for (int i = 0; i < count && out.size() < 100; ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) {
      const auto* s = gn->d.dNSName;
      out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(std::min(ASN1_STRING_length(s), 255)));
    } else if (gn->type == GEN_IPADD) {
      const auto* s = gn->d.iPAddress;
      const auto* d = ASN1_STRING_get0_data(s);
      if (ASN1_STRING_length(s) == 4) {
        out.push_back(Address::v4_from(static_cast<std::uint32_t>(d[0]) << 24 |
                                       static_cast<std::uint32_t>(d[1]) << 16 |
                                       static_cast<std::uint32_t>(d[2]) << 8 | d[3])
                          .to_string());
      } else if (ASN1_STRING_length(s) == 16) {
        Address a;
        a.v6 = true;
        for (int b = 0; b < 16; ++b) a.value = (a.value << 8) | d[b];
        out.push_back(a.to_string());
      }
    }
  }
  return out;
}

}  // namespace

asio::ssl::context make_scan_tls_context() {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  SSL_CTX* raw = ctx.native_handle();
  SSL_CTX_set_verify(raw, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_min_proto_version(raw, TLS1_VERSION);
  SSL_CTX_set_security_level(raw, 0);  // still see old servers' certificates
  return ctx;
}

TlsInfo tls_info_of(SSL* ssl) {
  TlsInfo info;
  if (ssl == nullptr) return info;
  info.version = SSL_get_version(ssl);
  if (const char* c = SSL_get_cipher_name(ssl)) info.cipher = c;
  std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), &X509_free);
  if (!cert) return info;
  info.subject = name_text(X509_get_subject_name(cert.get()));
  info.issuer = name_text(X509_get_issuer_name(cert.get()));
  info.sans = subject_alt_names(cert.get());
  info.not_before = time_text(X509_get0_notBefore(cert.get()));
  info.not_after = time_text(X509_get0_notAfter(cert.get()));
  info.self_signed = X509_check_issued(cert.get(), cert.get()) == X509_V_OK;
  return info;
}

}  // namespace lw::net
