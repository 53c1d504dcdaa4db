#include "probes/common/s3_listing.h"

#include <array>

#include "probes/common/http.h"
#include "probes/common/object_store.h"
#include "probes/common/xml.h"

namespace lw::probes::s3 {
namespace {

std::string bounded(std::string_view s) {
  return std::string(s.substr(0, kMaxNameBytes));
}

bool s3_xmlns(std::string_view ns) {
  // AWS: http://s3.amazonaws.com/doc/2006-03-01/ ; s3rver: http://doc.s3.amazonaws.com/2006-03-01
  return ns.find("s3.amazonaws.com") != std::string_view::npos &&
         ns.find("2006-03-01") != std::string_view::npos;
}

bool looks_like_xml(std::string_view body, std::string_view content_type) {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  return body[first] == '<' &&
         (content_type.empty() || content_type.find("xml") != std::string_view::npos ||
          body.substr(first).starts_with("<?xml"));
}

}  // namespace

bool is_denial(std::string_view code) noexcept {
  static constexpr std::array<std::string_view, 5> kDenials = {
      "AccessDenied", "AllAccessDisabled", "AccountProblem", "InvalidAccessKeyId",
      "SignatureDoesNotMatch"};
  for (const auto d : kDenials) {
    if (code == d) return true;
  }
  return false;
}

Result<S3Reply> parse_reply(std::string_view http_reply) {
  auto resp = http::parse_response(http_reply);
  if (!resp) return tl::unexpected(resp.error());
  S3Reply out;
  out.status = resp->status;
  out.server = bounded(resp->header("server").value_or("")).substr(0, 128);
  out.content_type = bounded(resp->header("content-type").value_or("")).substr(0, 128);
  out.amz_request_id = resp->header("x-amz-request-id").has_value();
  out.goog = out.server == "UploadServer" || resp->header("x-guploader-uploadid").has_value();
  for (const auto& [name, value] : resp->headers) {
    if (name.starts_with("x-goog-")) out.goog = true;
  }
  if (!looks_like_xml(resp->body, out.content_type)) {
    out.body = std::move(resp->body);
    out.body_truncated = resp->truncated;
    return out;
  }
  if (resp->truncated) {
    return fail(ErrorCode::too_large, "S3 XML reply cut off before its declared end", "body");
  }
  auto doc = xml::parse(resp->body);
  if (!doc) return tl::unexpected(doc.error());
  out.s3_namespace = s3_xmlns(doc->attribute("xmlns"));
  if (doc->name == "ListAllMyBucketsResult") {
    out.kind = ReplyKind::bucket_list;
    if (const auto* buckets = doc->child("Buckets")) {
      for (const auto* b : buckets->children_named("Bucket")) {
        if (out.buckets.size() >= kMaxListedBuckets) break;
        out.buckets.push_back(bounded(b->child_text("Name")));
      }
    }
  } else if (doc->name == "ListBucketResult") {
    out.kind = ReplyKind::object_list;
    out.bucket_name = bounded(doc->child_text("Name"));
    out.is_truncated = doc->child_text("IsTruncated") == "true";
    out.key_count = object_store::parse_size(doc->child_text("KeyCount"));
    out.next_token = bounded(doc->child_text("NextContinuationToken"));
    for (const auto* c : doc->children_named("Contents")) {
      if (out.objects.size() >= kMaxListedObjects) break;
      const auto* key = c->child("Key");
      const auto size = object_store::parse_size(c->child_text("Size"));
      if (key == nullptr || !size) continue;  // a Contents without Key and Size is not an object
      S3Object o;
      o.key = bounded(key->text);
      o.size = *size;
      o.etag = bounded(c->child_text("ETag")).substr(0, 80);
      o.last_modified = bounded(c->child_text("LastModified")).substr(0, 40);
      out.objects.push_back(std::move(o));
    }
  } else if (doc->name == "Error") {
    out.kind = ReplyKind::error;
    out.error_code = bounded(doc->child_text("Code")).substr(0, 80);
    out.error_message = bounded(doc->child_text("Message")).substr(0, 200);
    if (!doc->child_text("RequestId").empty()) out.amz_request_id = true;
  }
  return out;
}

}  // namespace lw::probes::s3
