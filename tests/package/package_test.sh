#!/usr/bin/env bash
# The Debian package as a user gets it: cpack builds it from the release build, then the test
# reads its control fields and file list, unpacks it, runs the packaged binary, renders every
# packaged man page and completes words with the packaged bash completion.
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
for lib in libc6 libssl3 libsqlite3; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

files=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for want in ./usr/bin/leakwatch ./usr/share/man/man1/leakwatch.1.gz \
  ./usr/share/man/man1/leakwatch-scan.1.gz ./usr/share/bash-completion/completions/leakwatch \
  ./usr/share/doc/leakwatch/README.md; do
  grep -qx -- "$want" <<<"$files" || fail "package lacks $want"
done

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
echo "package_test: $(basename "$deb"): $(wc -l <<<"$files") paths, $(wc -w <<<"$commands") commands with man pages, completion works"
