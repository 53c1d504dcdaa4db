#include "notify/curl_transfer.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "notify/retry.h"

namespace lw::notify::detail {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

CurlHandle make_handle() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return CurlHandle(curl_easy_init());
}

bool append(Slist& list, const std::string& item) {
  curl_slist* next = curl_slist_append(list.get(), item.c_str());
  if (!next) return false;
  (void)list.release();
  list.reset(next);
  return true;
}

// What the transfer saw of the reply, each part capped.
struct Reply {
  std::size_t body_bytes = 0;
  std::string retry_after;
};

constexpr std::size_t kMaxHeaderLine = 1024;

std::size_t on_body(char*, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Reply*>(user);
  const std::size_t n = size * count;
  r->body_bytes += n;
  return r->body_bytes > kMaxResponseBytes ? 0 : n;  // 0 aborts the transfer
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Reply*>(user);
  const std::size_t n = size * count;
  if (n > kMaxHeaderLine) return n;
  std::string_view line(data, n);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() < kName.size()) return n;
  for (std::size_t i = 0; i < kName.size(); ++i) {
    const char c = line[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kName[i]) return n;
  }
  line.remove_prefix(kName.size());
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  r->retry_after.assign(line);
  return n;
}

struct Upload {
  const std::string* data = nullptr;
  std::size_t offset = 0;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, u->data->size() - u->offset);
  std::copy_n(u->data->data() + u->offset, n, buffer);
  u->offset += n;
  return n;
}

// Options every transfer gets: time bounds, no signals, no redirects, TLS verification.
void common_options(CURL* c, const Channel& channel, const char* protocols) {
  const auto total = std::max<long>(1, static_cast<long>(channel.timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, total);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   std::min<long>(total, static_cast<long>(kMaxConnectTimeout.count())));
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxResponseBytes));
  if (!channel.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, channel.ca_file.c_str());
}

DeliveryResult failed(DeliveryStatus status, const Channel& channel, std::string what,
                      long code = 0) {
  DeliveryResult r;
  r.status = status;
  r.response_code = code;
  r.error = "channel " + channel.name + ": " + std::move(what);
  return r;
}

// A transfer error: configuration mistakes are permanent, everything else may pass.
DeliveryStatus status_of(CURLcode code) noexcept {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CACERT_BADFILE:
      return DeliveryStatus::permanent;
    default:
      return DeliveryStatus::retry;
  }
}

}  // namespace

DeliveryResult http_post(const Channel& channel, const HttpPost& post, std::int64_t now_ms) {
  CurlHandle c = make_handle();
  Slist headers;
  if (!c) return failed(DeliveryStatus::retry, channel, "libcurl could not start a transfer");
  for (const auto& h : post.headers) {
    if (!append(headers, h)) return failed(DeliveryStatus::retry, channel, "out of memory");
  }
  if (!append(headers, "Expect:")) return failed(DeliveryStatus::retry, channel, "out of memory");
  Reply reply;
  common_options(c.get(), channel, "http,https");
  curl_easy_setopt(c.get(), CURLOPT_URL, post.url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c.get(), CURLOPT_POSTFIELDS, post.body.data());
  curl_easy_setopt(c.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post.body.size()));
  curl_easy_setopt(c.get(), CURLOPT_USERAGENT, "leakwatch/0.1");
  curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(c.get(), CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c.get(), CURLOPT_HEADERDATA, &reply);
  const CURLcode rc = curl_easy_perform(c.get());
  long status = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
  const bool capped = rc == CURLE_WRITE_ERROR || rc == CURLE_FILESIZE_EXCEEDED;
  if (rc != CURLE_OK && !(capped && status > 0)) {
    return failed(status_of(rc), channel, curl_easy_strerror(rc), status);
  }
  DeliveryResult r;
  r.response_code = status;
  if (status >= 200 && status < 300) {
    r.status = DeliveryStatus::delivered;
    return r;
  }
  const std::string what = "receiver answered HTTP " + std::to_string(status);
  if (status == 429 || status == 503) {
    r = failed(DeliveryStatus::retry, channel, what, status);
    r.retry_after = parse_retry_after(reply.retry_after, now_ms / 1000);
    return r;
  }
  if (status == 408 || status == 425 || status >= 500) {
    return failed(DeliveryStatus::retry, channel, what, status);
  }
  return failed(DeliveryStatus::permanent, channel,
                status >= 300 && status < 400 ? what + " (redirects are not followed)" : what,
                status);
}

DeliveryResult smtp_send(const Channel& channel, const std::string& message) {
  CurlHandle c = make_handle();
  if (!c) return failed(DeliveryStatus::retry, channel, "libcurl could not start a transfer");
  auto envelope = [](const std::string& address) {
    const auto open = address.find('<');
    const auto close = address.find('>', open == std::string::npos ? 0 : open);
    if (open != std::string::npos && close != std::string::npos) {
      return address.substr(open, close - open + 1);
    }
    return "<" + address + ">";
  };
  Slist rcpt;
  for (const auto& to : channel.to) {
    if (!append(rcpt, envelope(to))) return failed(DeliveryStatus::retry, channel, "out of memory");
  }
  if (!rcpt) return failed(DeliveryStatus::permanent, channel, "no recipient (to) configured");
  const std::string from = envelope(channel.from);
  Upload upload{&message, 0};
  Reply reply;
  common_options(c.get(), channel, "smtp,smtps");
  curl_easy_setopt(c.get(), CURLOPT_URL, channel.smtp_url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_USE_SSL,
                   static_cast<long>(channel.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  curl_easy_setopt(c.get(), CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c.get(), CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(c.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &reply);
  if (!channel.username.empty()) {
    curl_easy_setopt(c.get(), CURLOPT_USERNAME, channel.username.c_str());
    curl_easy_setopt(c.get(), CURLOPT_PASSWORD, channel.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(c.get());
  long code = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &code);
  if (rc == CURLE_OK) {
    DeliveryResult r;
    r.status = DeliveryStatus::delivered;
    r.response_code = code;
    return r;
  }
  std::string what = curl_easy_strerror(rc);
  if (rc == CURLE_USE_SSL_FAILED)
    what = "the SMTP server does not offer STARTTLS and require_tls is set";
  if (code > 0) what += " (SMTP " + std::to_string(code) + ")";
  const DeliveryStatus status =
      code >= 500 && code < 600 ? DeliveryStatus::permanent : status_of(rc);
  return failed(status, channel, what, code);
}

}  // namespace lw::notify::detail
