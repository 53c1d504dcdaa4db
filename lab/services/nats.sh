# NATS (Debian nats-server): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.45:4222  no authorization                            -> unknown (see below)
#   secured 127.0.1.46:4222  a user and password (INFO auth_required)    -> auth_required
# NATS keeps no data at rest (no JetStream here): an unauthenticated server shows only its
# INFO and whatever passes while subscribed. The lab publishes nothing, so the probe proves no
# read: its verdict is `unknown` with identity evidence, and the truth says so.
SVC_NEEDS=(nats-server)

svc_up() {
  local v; v="$(nats-server --version | sed -n 's/.*v\([0-9.]*\).*/\1/p')"
  lab_spawn open nats-server -a 127.0.1.45 -p 4222 -n lab-open || return 1
  lab_wait_port open 127.0.1.45 4222 30 || return 1
  lab_truth 127.0.1.45 4222 nats nats-server "$v" unknown
  lab_spawn secured nats-server -a 127.0.1.46 -p 4222 -n lab-secured --user labuser \
    --pass lab-secret-not-real || return 1
  lab_wait_port secured 127.0.1.46 4222 30 || return 1
  lab_truth 127.0.1.46 4222 nats nats-server "$v" auth_required
}
