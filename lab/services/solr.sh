# Apache Solr (no Debian/npm server: the replay server with replies written from the Solr
# Reference Guide, see tests/fakes/transcripts/solr/PROVENANCE): sourced by scripts/lab.
#   open    127.0.2.93:8983   no authentication (techproducts example)  -> open
#   secured 127.0.2.94:8983   BasicAuthPlugin, blockUnknown             -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/solr"
  lab_replay open 127.0.2.93 8983 "$t/open.json" || return 1
  lab_truth 127.0.2.93 8983 solr solr 9.4.0 open
  lab_replay secured 127.0.2.94 8983 "$t/secured.json" || return 1
  lab_truth 127.0.2.94 8983 solr solr "" auth_required
}
