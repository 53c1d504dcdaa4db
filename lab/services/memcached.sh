# Memcached (Debian memcached): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.4:11211  no authentication                          -> open
#   secured 127.0.1.5:11211  ASCII authentication (-Y auth file), same data -> auth_required
#   deployed 127.0.1.8:11211 ~1,100 ordinary keys and two sensitive ones under unremarkable
#                            names (deployed_data.py memcached)       -> open + categories
#   empty   127.0.1.10:11211 no authentication, no keys               -> open (an empty
#                            unauthenticated store is open with evidence `access`)
# (Binary-protocol SASL, -S, needs a Cyrus SASL setup and closes text connections silently;
#  the probe cannot tell that from other closes, so the lab uses ASCII auth for the twin.)
SVC_NEEDS=(memcached python3)

memcached_version() { memcached -V | awk '{print $2}'; }

memcached_seed() {  # ip port [user pass] [seed file]
  local seed="$LAB_DATA_SRC/memcached_seed.tsv"
  [[ -n "${MEMCACHED_SEED:-}" ]] && seed="$MEMCACHED_SEED"
  python3 - "$@" "$seed" <<'PY'
import socket, sys
args = sys.argv[1:]
ip, port, seed = args[0], int(args[1]), args[-1]
s = socket.create_connection((ip, port), timeout=5)
def cmd(data, expect):
    s.sendall(data)
    buf = b""
    while expect not in buf and len(buf) < 4096:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("memcached closed during seeding")
        buf += chunk
if len(args) == 5:
    cred = ("%s %s" % (args[2], args[3])).encode()
    cmd(b"set auth 0 0 %d\r\n%s\r\n" % (len(cred), cred), b"STORED")
for line in open(seed, encoding="utf-8"):
    key, value = line.rstrip("\n").split("\t", 1)
    v = value.encode()
    cmd(b"set %s 0 0 %d\r\n%s\r\n" % (key.encode(), len(v), v), b"STORED")
PY
}

svc_up() {
  local v user=(); v="$(memcached_version)"
  [[ "$(id -u)" == 0 ]] && user=(-u "$LAB_USER")
  lab_spawn open memcached -l 127.0.1.4 -p 11211 -U 0 -m 32 "${user[@]}" || return 1
  lab_wait_port open 127.0.1.4 11211 30 || return 1
  memcached_seed 127.0.1.4 11211 || return 1
  lab_truth 127.0.1.4 11211 memcached memcached "$v" open

  local auth; auth="$(lab_conf_dir)/auth.txt"
  echo "labuser:labpass-not-real" >"$auth"
  chmod 644 "$auth"
  lab_spawn secured memcached -l 127.0.1.5 -p 11211 -U 0 -m 32 "${user[@]}" -Y "$auth" || return 1
  lab_wait_port secured 127.0.1.5 11211 30 || return 1
  memcached_seed 127.0.1.5 11211 labuser labpass-not-real || return 1
  lab_truth 127.0.1.5 11211 memcached memcached "" auth_required

  lab_spawn deployed memcached -l 127.0.1.8 -p 11211 -U 0 -m 64 "${user[@]}" || return 1
  lab_wait_port deployed 127.0.1.8 11211 30 || return 1
  local seed; seed="$(lab_conf_dir)/deployed.tsv"
  python3 "$LAB_DATA_SRC/deployed_data.py" memcached >"$seed" || return 1
  MEMCACHED_SEED="$seed" memcached_seed 127.0.1.8 11211 || return 1
  lab_truth 127.0.1.8 11211 memcached memcached "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories memcached)"

  lab_spawn empty memcached -l 127.0.1.10 -p 11211 -U 0 -m 32 "${user[@]}" || return 1
  lab_wait_port empty 127.0.1.10 11211 30 || return 1
  lab_truth 127.0.1.10 11211 memcached memcached "$v" open
}
