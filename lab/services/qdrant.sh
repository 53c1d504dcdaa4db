# Qdrant (not in Debian/npm: the replay server with replies written from Qdrant's API
# reference, see tests/fakes/transcripts/qdrant/PROVENANCE): sourced by scripts/lab.
#   open    127.0.2.74:6333  no API key              -> open
#   api-key 127.0.2.75:6333  service.api_key set     -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/qdrant"
  lab_replay open 127.0.2.74 6333 "$t/open.json" || return 1
  lab_truth 127.0.2.74 6333 qdrant qdrant 1.7.4 open
  lab_replay api-key 127.0.2.75 6333 "$t/api_key.json" || return 1
  lab_truth 127.0.2.75 6333 qdrant qdrant 1.7.4 auth_required
}
