#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace lw::probes::s3 {

struct S3Object {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;
  std::string last_modified;
};

enum class ReplyKind {
  bucket_list,  // ListAllMyBucketsResult: the service listed its buckets
  object_list,  // ListBucketResult: a bucket listed its objects
  error,        // <Error><Code>...: an S3 error document
  other,        // an HTTP reply that is none of these (an object body, HTML, ...)
};

// One HTTP reply of an S3-compatible service, reduced to what the probe judges.
struct S3Reply {
  int status = 0;
  ReplyKind kind = ReplyKind::other;
  bool s3_namespace = false;    // root element in the S3 2006-03-01 namespace
  bool amz_request_id = false;  // an x-amz-request-id header (AWS, MinIO, Ceph...)
  bool goog = false;   // Google Cloud Storage: x-goog-* / x-guploader-* headers, UploadServer
  std::string server;  // Server header, bounded
  std::string content_type;
  // bucket_list
  std::vector<std::string> buckets;
  // object_list
  std::string bucket_name;  // <Name>
  std::vector<S3Object> objects;
  bool is_truncated = false;
  std::optional<std::uint64_t> key_count;
  std::string next_token;  // <NextContinuationToken> (ListObjectsV2 paging), bounded
  // error
  std::string error_code;
  std::string error_message;
  // other: the body (already bounded by the exchange's byte cap)
  std::string body;
  bool body_truncated = false;
};

constexpr std::size_t kMaxListedBuckets = 1000;
constexpr std::size_t kMaxListedObjects = 1000;
constexpr std::size_t kMaxNameBytes = 1024;

// Parses one HTTP reply. Errors only when the bytes are not HTTP at all or the XML an S3 reply
// declares is malformed or over a cap.
Result<S3Reply> parse_reply(std::string_view http_reply);

// Whether an error code is one S3 defines for refusing an anonymous caller.
bool is_denial(std::string_view code) noexcept;

}  // namespace lw::probes::s3
