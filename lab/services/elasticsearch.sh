# Elasticsearch (no Debian/npm server: the replay server with documented replies, see
# tests/fakes/transcripts/elasticsearch/PROVENANCE): sourced by scripts/lab.
#   open     127.0.2.70:9200  security off (documented example cluster)  -> open
#   secured  127.0.2.71:9200  security on: 401 security_exception         -> auth_required
#   deployed 127.0.2.84:9200  security off, laid out as a deployment: 41 indices (3 system, 30
#                             daily log indices, 1 empty), SSNs in `emp-dir-v2`, cards in
#                             `billing-cards`, a ransom note in `read_me` (replayed from the
#                             documented reply shapes: make_deployed.py)  -> open + categories
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/elasticsearch"
  lab_replay open 127.0.2.70 9200 "$t/open.json" || return 1
  lab_truth 127.0.2.70 9200 elasticsearch elasticsearch 8.15.1 open
  lab_replay secured 127.0.2.71 9200 "$t/secured.json" || return 1
  lab_truth 127.0.2.71 9200 elasticsearch elasticsearch "" auth_required
  lab_replay deployed 127.0.2.84 9200 "$t/deployed.json" || return 1
  lab_truth 127.0.2.84 9200 elasticsearch elasticsearch 8.15.1 open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories elasticsearch)"
}
