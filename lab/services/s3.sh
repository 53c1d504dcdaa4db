# S3-compatible object storage: sourced by scripts/lab, see lab/README.md.
#   open    127.0.3.12:9000  s3rver 3.7 (npm, lab/package.json): bucket "backups" with fake
#                            objects; s3rver has no access control   -> open
#   secured 127.0.3.13:9000  replay of the documented AccessDenied answer (AWS S3 API
#                            Reference, Error responses) to every request: no S3 server in
#                            Debian/npm enforces anonymous-access policies -> auth_required
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
}
