# Hadoop WebHDFS (no NameNode in Debian/npm: the replay server with replies written from the
# WebHDFS docs, see tests/fakes/transcripts/webhdfs/PROVENANCE): sourced by scripts/lab.
#   open     127.0.2.82:9870  simple auth, anonymous allowed   -> open
#            127.0.2.82:9864  its DataNode (single-node: OPEN's 307 names this port): serves the
#                             files, so the planted categories (make_tree.py) are in the truth
#   kerberos 127.0.2.83:9870  security on, no credentials      -> auth_required
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/webhdfs"
  lab_replay open 127.0.2.82 9870 "$t/open.json" || return 1
  lab_replay datanode 127.0.2.82 9864 "$t/datanode.json" || return 1
  lab_truth 127.0.2.82 9870 webhdfs webhdfs "" open "$(python3 "$t/make_tree.py" categories)"
  lab_replay kerberos 127.0.2.83 9870 "$t/kerberos.json" || return 1
  lab_truth 127.0.2.83 9870 webhdfs webhdfs "" auth_required
}
