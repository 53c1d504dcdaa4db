#pragma once

#include <asio/ssl.hpp>

#include "core/service_record.h"

namespace lw::net {

// A client TLS context for scanning: it accepts any certificate (the scanner records
// certificates, it does not trust them) and any protocol version a server offers.
asio::ssl::context make_scan_tls_context();

// Version, cipher and the peer certificate's names and validity.
TlsInfo tls_info_of(SSL* ssl);

}  // namespace lw::net
