# Google Cloud Storage XML API: sourced by scripts/lab, see lab/README.md. No GCS emulator in
# Debian or npm can be relied on: the replay server answers with replies constructed from
# Google's XML API documentation (tests/fakes/transcripts/gcs/PROVENANCE).
#   open    127.0.3.14:4443  bucket "backups" readable by allUsers             -> open
#   secured 127.0.3.15:4443  bucket "backups" private (AccessDenied)           -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local dir="$LAB_REPO/tests/fakes/transcripts/gcs"
  lab_replay open 127.0.3.14 4443 "$dir/open.json" || return 1
  lab_truth 127.0.3.14 4443 gcs gcs "" open
  lab_replay secured 127.0.3.15 4443 "$dir/secured.json" || return 1
  lab_truth 127.0.3.15 4443 gcs gcs "" auth_required
}
