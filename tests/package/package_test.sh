#!/usr/bin/env bash
# The Debian package as a user gets it: cpack builds it from the release build, then the test
# reads its control fields and file list, unpacks it, runs the packaged binary, renders every
# packaged man page, completes words with the packaged bash completion, checks the systemd unit
# and installs it with dpkg in a throwaway root where the unit is verified and run (install_test.sh).
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
  ./etc/leakwatch/leakwatch.yaml ./usr/share/leakwatch/web/index.html \
  ./usr/share/leakwatch/web/app.js ./usr/share/leakwatch/web/app.css; do
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
# The packaged binary finds the packaged dashboard (../share/leakwatch/web from /usr/bin) and
# serves it at /.
"$bin" import "$(dirname "$0")/../../src/catalog/testdata/import/nmap_loopback.xml" \
  --db "$work/web.db" >/dev/null 2>&1 || fail "import into a catalog for the dashboard check failed"
"$bin" api --db "$work/web.db" --listen 127.0.0.1:0 >"$work/api.out" 2>"$work/api.err" &
api_pid=$!
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/api.out")
  [ -n "$port" ] && break
  sleep 0.1
done
page=$(curl -s --max-time 5 "http://127.0.0.1:${port:-1}/")
kill "$api_pid" 2>/dev/null
wait "$api_pid" 2>/dev/null
grep -q '<script' <<<"$page" || fail "the packaged leakwatch api does not serve its dashboard at /: ${page:0:200}"

# The unit's own lines, then the package installed for real by dpkg in a throwaway root
# (install_test.sh): postinst, systemd-analyze verify, `leakwatch serve` run as the unit runs it.
unit=$work/root/usr/lib/systemd/system/leakwatch.service
grep -qx 'ExecStart=/usr/bin/leakwatch serve --config /etc/leakwatch/leakwatch.yaml' "$unit" ||
  fail "the unit does not start /usr/bin/leakwatch serve with /etc/leakwatch/leakwatch.yaml"
grep -qx 'User=leakwatch' "$unit" || fail "the unit does not run as the leakwatch user"
"$bin" config check "$work/root/etc/leakwatch/leakwatch.yaml" >/dev/null ||
  fail "the packaged config does not pass config check"
status=0
"$(dirname "$0")/install_test.sh" "$deb" || status=$?
[ "$status" -eq 0 ] || exit "$status"

echo "package_test: $(basename "$deb"): $(wc -l <<<"$files") paths, $(wc -w <<<"$commands") commands with man pages, completion works, installed by dpkg, the unit verifies and runs serve"
