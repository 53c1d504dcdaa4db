# Docker Engine API (no engine can run here: the replay server with the API reference's example
# responses, see tests/fakes/transcripts/docker/PROVENANCE): sourced by scripts/lab.
#   open   127.0.2.80:2375  no TLS, no authorization plugin  -> open
#   authz  127.0.2.81:2375  an authorization plugin refuses  -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/docker"
  lab_replay open 127.0.2.80 2375 "$t/open.json" || return 1
  lab_truth 127.0.2.80 2375 docker docker 24.0.7 open
  lab_replay authz 127.0.2.81 2375 "$t/authz.json" || return 1
  lab_truth 127.0.2.81 2375 docker docker 24.0.7 auth_required
}
