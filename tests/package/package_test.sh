#!/usr/bin/env bash
# The Debian package as a user gets it: cpack builds it from the release build, then the test
# reads its control fields and file list, unpacks it, runs the packaged binary, renders every
# packaged man page, completes words with the packaged bash completion, checks the systemd unit
# with systemd-analyze verify and runs `leakwatch serve` by the unit's own ExecStart line.
# usage: package_test.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/leakwatch-package-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }
trap 'echo "package_test: failed at line $LINENO" >&2' ERR

timeout 300 cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log" >&2; fail "cpack failed"; }
debs=("$work"/out/leakwatch_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one leakwatch_*.deb, got: ${debs[*]}"
deb=${debs[0]}

info=$(dpkg-deb --info "$deb")
grep -q '^ Package: leakwatch$' <<<"$info" || fail "control: no 'Package: leakwatch'"
depends=$(grep '^ Depends:' <<<"$info") || fail "control: no Depends (dpkg-shlibdeps did not run)"
for lib in libc6 libssl3 libsqlite3 adduser procps; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

files=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for want in ./usr/bin/leakwatch ./usr/share/man/man1/leakwatch.1.gz \
  ./usr/share/man/man1/leakwatch-scan.1.gz ./usr/share/bash-completion/completions/leakwatch \
  ./usr/share/doc/leakwatch/README.md ./usr/lib/systemd/system/leakwatch.service \
  ./etc/leakwatch/leakwatch.yaml; do
  grep -qx -- "$want" <<<"$files" || fail "package lacks $want"
done

# The installed config is a conffile (an upgrade never overwrites an owner's edits), and the
# maintainer scripts that create the service's user are in the package and parse.
dpkg-deb -e "$deb" "$work/control"
[ "$(cat "$work/control/conffiles")" = /etc/leakwatch/leakwatch.yaml ] ||
  fail "conffiles is not /etc/leakwatch/leakwatch.yaml: $(cat "$work/control/conffiles")"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "no executable $script in the package"
  sh -n "$work/control/$script" || fail "$script does not parse"
done
grep -q 'adduser --system' "$work/control/postinst" || fail "postinst creates no system user"

dpkg-deb -x "$deb" "$work/root"
bin=$work/root/usr/bin/leakwatch
version=$("$bin" version)
[[ $version =~ ^leakwatch\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "packaged binary says '$version'"

# One man page per command the binary lists, each rendering without groff warnings and
# naming the command's own options.
commands=$("$bin" --help | awk '/^commands:/{on=1; next} on && $1 != "version" {print $1}')
[ -n "$commands" ] || fail "the packaged binary lists no commands"
for c in $commands; do
  page=$work/root/usr/share/man/man1/leakwatch-$c.1.gz
  [ -f "$page" ] || fail "no man page for '$c'"
  warnings=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1)
  [ -z "$warnings" ] || fail "groff warns on leakwatch-$c.1: $warnings"
  # The first option other than --help, if the command has one (`config` has only subcommands).
  option=$("$bin" "$c" --help | grep -o -- '--[a-z][a-z-]*' | { grep -v -x -- '--help' || true; } |
    head -1)
  if [ -n "$option" ]; then
    MANWIDTH=100 man -l "$page" 2>/dev/null | grep -q -- "$option" ||
      fail "man page of '$c' does not show its option $option"
  fi
done

complete_words() {
  bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
    _leakwatch; printf "%s\n" "${COMPREPLY[@]}"' _ \
    "$work/root/usr/share/bash-completion/completions/leakwatch" "$@"
}
[ "$(complete_words leakwatch sca)" = scan ] || fail "'leakwatch sca<TAB>' does not complete to scan"
complete_words leakwatch scan --ra | grep -qx -- --rate ||
  fail "'leakwatch scan --ra<TAB>' does not offer --rate"
complete_words leakwatch search --fac | grep -qx -- --facets ||
  fail "'leakwatch search --fac<TAB>' does not offer --facets"
complete_words leakwatch config ch | grep -qx check ||
  fail "'leakwatch config ch<TAB>' does not offer the subcommand check"
# The unit as systemd reads it: systemd-analyze verify checks its directives, that its commands
# are executables and that its man: documentation exists. The packaged binary is not installed
# on this machine, so a copy of the unit names it where the package was unpacked.
unit=$work/root/usr/lib/systemd/system/leakwatch.service
grep -qx 'ExecStart=/usr/bin/leakwatch serve --config /etc/leakwatch/leakwatch.yaml' "$unit" ||
  fail "the unit does not start /usr/bin/leakwatch serve with /etc/leakwatch/leakwatch.yaml"
grep -qx 'User=leakwatch' "$unit" || fail "the unit does not run as the leakwatch user"
mkdir -p "$work/verify"
sed "s|/usr/bin/leakwatch|$bin|g" "$unit" >"$work/verify/leakwatch.service"
MANPATH=$work/root/usr/share/man timeout 60 systemd-analyze verify \
  "$work/verify/leakwatch.service" >"$work/verify.log" 2>&1 ||
  { cat "$work/verify.log" >&2; fail "systemd-analyze verify refuses the unit"; }
"$bin" config check "$work/root/etc/leakwatch/leakwatch.yaml" >/dev/null ||
  fail "the packaged config does not pass config check"

# `leakwatch serve` started by the unit's ExecStart line, as an unprivileged user as the unit's
# User= would (nobody here: the package's user is made by postinst, which this test does not run
# on the machine), with the catalog in a scratch StateDirectory: it starts, reloads on SIGHUP as
# ExecReload does, and stops on the unit's KillSignal within its TimeoutStopSec.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
stop_limit=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s$/\1/p' "$unit")
[ -n "$stop_limit" ] || fail "the unit has no TimeoutStopSec in seconds"
state=$work/state
mkdir -p "$state"
sed "s|^catalog: .*|catalog: $state/catalog.db|" "$work/root/etc/leakwatch/leakwatch.yaml" \
  >"$state/leakwatch.yaml"
read -r -a argv <<<"$exec_start"
argv[0]=$bin
argv[${#argv[@]} - 1]=$state/leakwatch.yaml
[ "${argv[1]} ${argv[2]}" = "serve --config" ] || fail "unexpected ExecStart: $exec_start"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown -R nobody:nogroup "$state"
  chmod a+rx "$work" "$work/root" "$work/root/usr" "$work/root/usr/bin"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
fi
# systemd gives the service its StateDirectory= in STATE_DIRECTORY (the daemon keeps its
# keyed-hash key there) and the user's home; both point at the scratch state directory here.
(cd "$state" && exec env STATE_DIRECTORY="$state" HOME="$state" "${as_user[@]}" "${argv[@]}") \
  2>"$work/serve.log" &
serve_pid=$!
wait_log() {  # event: the daemon's JSON log line with "msg":"event", within 60 s
  for _ in $(seq 600); do
    grep -q "\"msg\":\"$1\"" "$work/serve.log" && return 0
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/serve.log" >&2
  fail "leakwatch serve (from the unit's ExecStart) logged no '$1'"
}
wait_log started
kill -HUP "$serve_pid"
wait_log config_reloaded
kill -TERM "$serve_pid"
for _ in $(seq $((stop_limit * 10))); do
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$serve_pid" 2>/dev/null; then
  kill -KILL "$serve_pid"
  fail "leakwatch serve did not stop within the unit's TimeoutStopSec (${stop_limit}s)"
fi
status=0
wait "$serve_pid" || status=$?
[ "$status" -eq 0 ] || { cat "$work/serve.log" >&2; fail "leakwatch serve exited $status on SIGTERM"; }
[ -s "$state/catalog.db" ] || fail "leakwatch serve wrote no catalog in its state directory"

echo "package_test: $(basename "$deb"): $(wc -l <<<"$files") paths, $(wc -w <<<"$commands") commands with man pages, completion works, the unit verifies and runs serve"
