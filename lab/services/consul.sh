# HashiCorp Consul (not in Debian/npm: the replay server with replies written from the Consul HTTP
# API reference, see tests/fakes/transcripts/consul/PROVENANCE): sourced by scripts/lab.
#   open     127.0.2.72:8500  ACLs off: KV values and catalog nodes  -> open
#   acl-deny 127.0.2.73:8500  ACL default policy deny, no token       -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/consul"
  lab_replay open 127.0.2.72 8500 "$t/open.json" || return 1
  lab_truth 127.0.2.72 8500 consul consul 1.17.0 open
  lab_replay acl-deny 127.0.2.73 8500 "$t/acl_deny.json" || return 1
  lab_truth 127.0.2.73 8500 consul consul "" auth_required
}
