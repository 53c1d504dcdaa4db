# S3-compatible object storage: sourced by scripts/lab, see lab/README.md.
#   open    127.0.3.12:9000  s3rver 3.7 (npm, lab/package.json): bucket "backups" with fake
#                            objects; s3rver has no access control   -> open
#   secured 127.0.3.13:9000  replay of the documented AccessDenied answer (AWS S3 API
#                            Reference, Error responses) to every request: no S3 server in
#                            Debian/npm enforces anonymous-access policies -> auth_required
#   deployed 127.0.3.27:9000 s3rver laid out like a deployment (deployed_files.py s3): buckets
#                            "app-assets" (600 ordinary objects) and "corp-data" (1,150 ordinary,
#                            3 sensitive ones in folders of their own, up to 4 levels down)
#                                                                     -> open + categories
SVC_NEEDS=(node curl python3)

s3rver_bin() { echo "$LAB_REPO/lab/node_modules/.bin/s3rver"; }

svc_up() {
  local data; data="$(lab_data_dir open)"
  [[ -x "$(s3rver_bin)" ]] || { echo "lab: run npm ci in lab/ (s3rver missing)" >&2; return 1; }
  lab_spawn open "$(s3rver_bin)" -d "$data" -a 127.0.3.12 -p 9000 --configure-bucket backups \
    --silent || return 1
  lab_wait_port open 127.0.3.12 9000 60 || return 1
  local c=(curl -sf --max-time 10 -X PUT)
  "${c[@]}" -H 'Content-Type: text/csv' --data-binary \
    $'name,email,ssn,card\nTest Person,test.person@example.invalid,078-05-1120,4111 1111 1111 1111\n' \
    http://127.0.3.12:9000/backups/exports/customers.csv >/dev/null || return 1
  "${c[@]}" -H 'Content-Type: text/plain' --data-binary \
    $'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nNOTE=LAB FAKE DATA\n' \
    http://127.0.3.12:9000/backups/config/app.env >/dev/null || return 1
  lab_truth 127.0.3.12 9000 s3 s3 "" open
  lab_replay secured 127.0.3.13 9000 "$LAB_REPO/tests/fakes/transcripts/s3/access_denied.json" || return 1
  lab_truth 127.0.3.13 9000 s3 s3 "" auth_required
  data="$(lab_data_dir deployed)"
  # s3rver makes its ListObjectsV2 continuation tokens with DES, which Node 20's OpenSSL 3 only
  # has in its legacy provider: without it every truncated listing is an InternalError.
  NODE_OPTIONS=--openssl-legacy-provider \
    lab_spawn deployed "$(s3rver_bin)" -d "$data" -a 127.0.3.27 -p 9000 \
      --configure-bucket app-assets --configure-bucket corp-data --silent || return 1
  lab_wait_port deployed 127.0.3.27 9000 60 || return 1
  python3 "$LAB_DATA_SRC/deployed_files.py" s3 http://127.0.3.27:9000 || return 1
  lab_truth 127.0.3.27 9000 s3 s3 "" open \
    "$(python3 "$LAB_DATA_SRC/deployed_files.py" categories s3)"
}
