# Cassandra: no Debian package, so the replay server answers with frames built from the CQL
# native protocol v4 specification (tests/fakes/transcripts/cassandra/make_transcripts.py).
#   open    127.0.1.36:9042  AllowAllAuthenticator: STARTUP -> READY         -> open
#   secured 127.0.1.37:9042  PasswordAuthenticator: STARTUP -> AUTHENTICATE  -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/cassandra"
  lab_replay open 127.0.1.36 9042 "$t/open.json" || return 1
  lab_truth 127.0.1.36 9042 cassandra cassandra 4.1.5 open
  lab_replay secured 127.0.1.37 9042 "$t/auth.json" || return 1
  lab_truth 127.0.1.37 9042 cassandra cassandra "" auth_required
}
