#include "probes/azure_blob/azure_listing.h"

#include <array>
#include <optional>

#include "probes/common/http.h"
#include "probes/common/object_store.h"
#include "probes/common/xml.h"

namespace lw::probes::azure {
namespace {

std::string bounded(std::string_view s, std::size_t cap = kMaxNameBytes) {
  return std::string(s.substr(0, cap));
}

bool looks_like_xml(std::string_view body, std::string_view content_type) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  return body[first] == '<' && (content_type.find("xml") != std::string_view::npos ||
                                body.substr(first).starts_with("<?xml"));
}

}  // namespace

bool is_denial(std::string_view code) noexcept {
  static constexpr std::array<std::string_view, 7> kDenials = {"AuthorizationFailure",
                                                               "AuthenticationFailed",
                                                               "NoAuthenticationInformation",
                                                               "PublicAccessNotPermitted",
                                                               "InsufficientAccountPermissions",
                                                               "AuthorizationPermissionMismatch",
                                                               "AuthorizationResourceTypeMismatch"};
  for (const auto d : kDenials) {
    if (code == d) return true;
  }
  return false;
}

bool is_azure(const AzureReply& r) noexcept {
  return r.ms_request_id || r.server.starts_with("Windows-Azure-Blob") ||
         r.server.starts_with("Azurite-Blob");
}

Result<AzureReply> parse_reply(std::string_view http_reply) {
  auto resp = http::parse_response(http_reply);
  if (!resp) return tl::unexpected(resp.error());
  AzureReply out;
  out.status = resp->status;
  out.server = bounded(resp->header("server").value_or(""), 128);
  out.content_type = bounded(resp->header("content-type").value_or(""), 128);
  out.ms_request_id = resp->header("x-ms-request-id").has_value();
  out.error_code = bounded(resp->header("x-ms-error-code").value_or(""), 80);
  if (!out.error_code.empty()) out.kind = ReplyKind::error;
  if (!looks_like_xml(resp->body, out.content_type)) {
    out.body = std::move(resp->body);
    return out;
  }
  if (resp->truncated) {
    return fail(ErrorCode::too_large, "Azure XML reply cut off before its declared end", "body");
  }
  auto doc = xml::parse(resp->body);
  if (!doc) return tl::unexpected(doc.error());
  if (doc->name == "Error") {
    out.kind = ReplyKind::error;
    if (out.error_code.empty()) out.error_code = bounded(doc->child_text("Code"), 80);
  } else if (doc->name == "EnumerationResults") {
    const std::string_view marker = doc->child_text("NextMarker");
    out.more = !marker.empty();
    if (marker.size() <= kMaxMarkerBytes) out.next_marker = std::string(marker);
    if (const auto* containers = doc->child("Containers")) {
      out.kind = ReplyKind::container_list;
      for (const auto* c : containers->children_named("Container")) {
        if (out.containers.size() >= kMaxListed) break;
        out.containers.push_back(bounded(c->child_text("Name"), 63));
      }
    } else {
      out.kind = ReplyKind::blob_list;
      out.container_name = bounded(doc->attribute("ContainerName"), 63);
      if (const auto* blobs = doc->child("Blobs")) {
        for (const auto* b : blobs->children_named("Blob")) {
          if (out.blobs.size() >= kMaxListed) break;
          const auto* props = b->child("Properties");
          const auto* name = b->child("Name");
          if (props == nullptr || name == nullptr) continue;
          const auto size = object_store::parse_size(props->child_text("Content-Length"));
          if (!size) continue;
          Blob blob;
          blob.name = bounded(name->text);
          blob.size = *size;
          blob.content_type = bounded(props->child_text("Content-Type"), 128);
          blob.last_modified = bounded(props->child_text("Last-Modified"), 40);
          out.blobs.push_back(std::move(blob));
        }
      }
    }
  }
  return out;
}

}  // namespace lw::probes::azure
