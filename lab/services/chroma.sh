# Chroma (not in Debian/npm: the replay server with replies written from Chroma's docs, see
# tests/fakes/transcripts/chroma/PROVENANCE): sourced by scripts/lab.
#   open  127.0.2.76:8000  no authentication      -> open
#   token 127.0.2.77:8000  token authentication   -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/chroma"
  lab_replay open 127.0.2.76 8000 "$t/open.json" || return 1
  lab_truth 127.0.2.76 8000 chroma chroma 0.4.22 open
  lab_replay token 127.0.2.77 8000 "$t/token_auth.json" || return 1
  lab_truth 127.0.2.77 8000 chroma chroma 0.4.22 auth_required
}
