#!/usr/bin/env bash
# Re-records the rsync transcripts in this folder from the real Debian rsync daemon:
#   src/probes/rsync/testdata/record.sh BUILD_DIR
# Starts `rsync --daemon` on 127.0.3.124:8873 with three modules (fake data only), runs
# lw_record_dialogue with LW_RECORD_FOLLOW_UPS=1 and stops the daemon it started (its pid only).
#   backups  open: README.txt, hr/personnel/staff.csv, sub/customers.csv  -> rsyncd_open_module.lwt
#   archive  open: notes.txt and logs/app.log (150,012 bytes, cut at 64 KiB) -> rsyncd_cut_module.lwt
#   private  auth users = alice                                           -> rsyncd_auth_module.lwt
# and the module list -> rsyncd_module_list.lwt.
set -euo pipefail
build="${1:?usage: record.sh BUILD_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d /tmp/lw-rsync-rec.XXXXXX)"
pid=""
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/backups/sub" "$work/backups/hr/personnel" "$work/archive/logs" "$work/private"
printf 'LAB FAKE DATA\n' >"$work/backups/README.txt"
printf 'name,ssn\nTest Person,078-05-1120\n' >"$work/backups/sub/customers.csv"
printf 'name,ssn,title\nTest Person,078-05-1120,Synthetic Analyst\n' \
  >"$work/backups/hr/personnel/staff.csv"
python3 - "$work/archive/logs/app.log" <<'EOF'
import random, sys
r = random.Random(7)
with open(sys.argv[1], "w") as f:
    i = 0
    while f.tell() < 150000:
        f.write("2026-11-22T10:%02d:%02d GET /catalog/%d 200 %dms\n"
                % (i // 60 % 60, i % 60, r.randint(1, 999), r.randint(1, 300)))
        i += 1
EOF
printf 'LAB FAKE DATA: notes\n' >"$work/archive/notes.txt"
printf 'LAB FAKE DATA\n' >"$work/private/secret.txt"
printf 'alice:lab-rsync-password-not-real\n' >"$work/secrets"
chmod 600 "$work/secrets"
chmod -R a+rX "$work"
cat >"$work/rsyncd.conf" <<EOF
address = 127.0.3.124
port = 8873
use chroot = no
uid = nobody
gid = nogroup
[backups]
  path = $work/backups
  read only = yes
[archive]
  path = $work/archive
  read only = yes
[private]
  path = $work/private
  auth users = alice
  secrets file = $work/secrets
EOF
rsync --daemon --no-detach --config="$work/rsyncd.conf" &
pid=$!
for _ in $(seq 50); do
  rsync rsync://127.0.3.124:8873/ >/dev/null 2>&1 && break
  sleep 0.1
done
version="$(dpkg-query -W -f '${Version}' rsync 2>/dev/null || echo unknown)"
LW_RECORD_FOLLOW_UPS=1 "$build/tests/fakes/lw_record_dialogue" rsync 127.0.3.124 8873 \
  "$work/rec.lwt" "rsync daemon (Debian package $version, protocol 32), modules of \
src/probes/rsync/testdata/record.sh; recorded $(date -u +%F) with lw_record_dialogue"
cp "$work/rec.lwt" "$here/rsyncd_module_list.lwt"
cp "$work/rec_followup0.lwt" "$here/rsyncd_open_module.lwt"
cp "$work/rec_followup1.lwt" "$here/rsyncd_cut_module.lwt"
cp "$work/rec_followup2.lwt" "$here/rsyncd_auth_module.lwt"
