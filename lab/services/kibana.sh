# Kibana (cannot run here: the replay server with replies written from Kibana's docs, see
# tests/fakes/transcripts/kibana/PROVENANCE): sourced by scripts/lab.
#   open    127.0.2.78:5601  security off   -> open (saved objects readable)
#   secured 127.0.2.79:5601  security on    -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/kibana"
  lab_replay open 127.0.2.78 5601 "$t/open.json" || return 1
  lab_truth 127.0.2.78 5601 kibana kibana 8.11.0 open
  lab_replay secured 127.0.2.79 5601 "$t/secured.json" || return 1
  lab_truth 127.0.2.79 5601 kibana kibana "" auth_required
}
