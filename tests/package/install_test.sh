#!/usr/bin/env bash
# The .deb installed by dpkg, its maintainer scripts run for real, into a throwaway copy of this
# machine: a private mount and network namespace holds an overlay whose lower layer is / and
# whose upper layer is a tmpfs, so the install, the service user it creates and the state the
# daemon writes vanish with the namespace and the machine itself is left untouched. In that root
# the test checks what dpkg and postinst did, verifies the installed unit with
# systemd-analyze, runs `leakwatch serve` as the unit would (its ExecStartPre and ExecStart, as
# its User=, in its StateDirectory=), then removes and purges the package.
# usage: install_test.sh DEB        (as root; exits 77, a skip, when not root)
set -euo pipefail
deb=$1
fail() { echo "install_test: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "install_test: skipped: dpkg -i needs root"; exit 77; }
[ -f "$deb" ] || fail "no package at $deb"

if [ "${LW_INSTALL_TEST_INSIDE:-}" != 1 ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/leakwatch-install-test.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  cp "$deb" "$work/leakwatch.deb"
  # A PID namespace too: when this script, its init, exits (a failed check included), the
  # kernel ends every process left in it, so no daemon outlives the test.
  LW_INSTALL_TEST_INSIDE=1 LW_INSTALL_TEST_WORK=$work timeout 300 \
    unshare --mount --net --pid --fork --propagation private "$0" "$work/leakwatch.deb"
  exit $?
fi

# Inside the namespaces: build the throwaway root, then run the rest chrooted in it.
work=$LW_INSTALL_TEST_WORK
root=$work/root
mkdir -p "$work/layers"
mount -t tmpfs -o size=512m leakwatch-install-test "$work/layers"
mkdir -p "$work/layers/upper" "$work/layers/work" "$root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/layers/upper,workdir=$work/layers/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/run"
mount -t tmpfs tmpfs "$root/tmp"
ip link set lo up
cp "$deb" "$root/tmp/leakwatch.deb"
[ ! -e "$root/run/systemd/system" ] || fail "the throwaway root claims a running systemd"

chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -euo pipefail -c '
fail() { echo "install_test (installed): $*" >&2; exit 1; }
getent passwd leakwatch >/dev/null && fail "the machine already has a leakwatch user"
dpkg -i /tmp/leakwatch.deb >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log >&2; fail "dpkg -i failed"; }
[ "$(dpkg-query -W -f "\${Status}" leakwatch)" = "install ok installed" ] ||
  fail "dpkg does not list leakwatch as installed"

# What postinst did: the system user and group, and the config readable by them only.
user=$(getent passwd leakwatch) || fail "postinst created no leakwatch user"
[ "$(cut -d: -f6 <<<"$user")" = /var/lib/leakwatch ] || fail "leakwatch user home: $user"
[ "$(cut -d: -f7 <<<"$user")" = /usr/sbin/nologin ] || fail "leakwatch user has a login shell: $user"
[ "$(stat -c "%U:%G %a" /etc/leakwatch/leakwatch.yaml)" = "root:leakwatch 640" ] ||
  fail "config owner/mode: $(stat -c "%U:%G %a" /etc/leakwatch/leakwatch.yaml)"
[ "$(stat -c "%U:%G %a" /etc/leakwatch)" = "root:leakwatch 750" ] ||
  fail "/etc/leakwatch owner/mode: $(stat -c "%U:%G %a" /etc/leakwatch)"
[ "$(leakwatch version)" = "leakwatch $(dpkg-query -W -f "\${Version}" leakwatch)" ] ||
  fail "installed binary says \"$(leakwatch version)\", dpkg says $(dpkg-query -W -f "\${Version}" leakwatch)"
man -w leakwatch-serve >/dev/null || fail "man cannot find the installed leakwatch-serve page"

unit=/usr/lib/systemd/system/leakwatch.service
timeout 60 systemd-analyze verify "$unit" >/tmp/verify.log 2>&1 ||
  { cat /tmp/verify.log >&2; fail "systemd-analyze verify refuses the installed unit"; }

# The service as systemd starts it: StateDirectory= made for User=, ExecStartPre, then
# ExecStart from WorkingDirectory= with STATE_DIRECTORY set, under UMask=.
field() { sed -n "s/^$1=//p" "$unit"; }
svc_user=$(field User); svc_group=$(field Group); state=/var/lib/$(field StateDirectory)
install -d -m "$(field StateDirectoryMode)" -o "$svc_user" -g "$svc_group" "$state"
[ "$(field WorkingDirectory)" = "$state" ] || fail "WorkingDirectory is not the StateDirectory"
as_service() {  # replaces the calling (sub)shell with the command
  cd "$state" && umask "$(field UMask)" &&
    exec env STATE_DIRECTORY="$state" HOME="$state" \
      setpriv --reuid="$svc_user" --regid="$svc_group" --init-groups -- "$@"
}
read -r -a pre <<<"$(field ExecStartPre)"
(as_service "${pre[@]}") >/tmp/pre.log 2>&1 || { cat /tmp/pre.log >&2; fail "ExecStartPre fails"; }
read -r -a start <<<"$(field ExecStart)"
as_service "${start[@]}" 2>/tmp/serve.log &
pid=$!
wait_log() {
  for _ in $(seq 600); do
    grep -q "\"msg\":\"$1\"" /tmp/serve.log && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  cat /tmp/serve.log >&2
  fail "the installed leakwatch serve logged no \"$1\""
}
wait_log started
kill -HUP "$pid"
wait_log config_reloaded
kill -TERM "$pid"
status=0
timeout "$(field TimeoutStopSec | tr -d s)" tail --pid="$pid" -f /dev/null || status=$?
[ "$status" -eq 0 ] || { kill -KILL "$pid"; fail "serve did not stop within TimeoutStopSec"; }
wait "$pid" || { cat /tmp/serve.log >&2; fail "serve exited non-zero on SIGTERM"; }
[ "$(stat -c %U "$state/catalog.db")" = "$svc_user" ] ||
  fail "the catalog is not owned by the service user"
[ "$(stat -c %a "$state/catalog.db")" = 600 ] || fail "catalog mode $(stat -c %a "$state/catalog.db") under UMask 0077"

# Remove keeps the owner-edited config and the catalog; purge takes both, and the user.
dpkg -r leakwatch >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log >&2; fail "dpkg -r failed"; }
[ ! -e /usr/bin/leakwatch ] || fail "dpkg -r left /usr/bin/leakwatch"
[ -f /etc/leakwatch/leakwatch.yaml ] || fail "dpkg -r removed the conffile"
[ -f "$state/catalog.db" ] || fail "dpkg -r removed the catalog"
dpkg --purge leakwatch >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log >&2; fail "dpkg --purge failed"; }
[ ! -e /etc/leakwatch/leakwatch.yaml ] || fail "purge left the config"
[ ! -e "$state" ] || fail "purge left $state"
! getent passwd leakwatch >/dev/null || fail "purge left the leakwatch user"
echo "install_test: dpkg -i, postinst, the unit verified and run as leakwatch, remove and purge: ok"
'
