# NATS (Debian nats-server): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.45:4222  no authorization                            -> open (access)
#   secured 127.0.1.46:4222  a user and password (INFO auth_required)    -> auth_required
# NATS keeps no data at rest (no JetStream here): an unauthenticated server shows only its
# INFO and whatever passes while subscribed. The lab publishes nothing, so the probe reads no
# message; but CONNECT and a wildcard SUB without credentials were accepted, which a server with
# users refuses: `open` with evidence `access` (docs/probes.md, "What open means").
#   deployed 127.0.1.47:4222 no authorization, JetStream on (store under the lab dir): streams
#                            WEBEVENTS (1,200 page events, one SSN record on a subject named
#                            web.hr.personnel.sync-<hex>) and ORDERS (900 orders, one card on
#                            orders.payment.captured) (deployed_data_mq.py nats)
#                                                                     -> open + categories
SVC_NEEDS=(nats-server)

svc_up() {
  local v; v="$(nats-server --version | sed -n 's/.*v\([0-9.]*\).*/\1/p')"
  lab_spawn open nats-server -a 127.0.1.45 -p 4222 -n lab-open || return 1
  lab_wait_port open 127.0.1.45 4222 30 || return 1
  lab_truth 127.0.1.45 4222 nats nats-server "$v" open
  lab_spawn secured nats-server -a 127.0.1.46 -p 4222 -n lab-secured --user labuser \
    --pass lab-secret-not-real || return 1
  lab_wait_port secured 127.0.1.46 4222 30 || return 1
  lab_truth 127.0.1.46 4222 nats nats-server "$v" auth_required
  lab_spawn deployed nats-server -a 127.0.1.47 -p 4222 -n lab-deployed -js \
    -sd "$(lab_data_dir deployed)/js" || return 1
  lab_wait_port deployed 127.0.1.47 4222 30 || return 1
  python3 "$LAB_DATA_SRC/deployed_data_mq.py" nats 127.0.1.47 4222 >/dev/null || return 1
  lab_truth 127.0.1.47 4222 nats nats-server "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data_mq.py" categories nats)"
}
