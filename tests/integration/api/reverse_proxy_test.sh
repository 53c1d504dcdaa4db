#!/usr/bin/env bash
# docs/api.md "Behind a reverse proxy", run as written: the nginx block of the doc in a real
# nginx (Debian's) in front of a real `leakwatch api`, all on loopback. Checks: the dashboard's
# files and the API through the proxy, a token required, and the failed-login limit counting
# each client behind the proxy (by X-Forwarded-For from the trusted proxy), not a forged header.
set -uo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
lw="${1:-$top/build/leakwatch}"
for p in nginx curl openssl python3; do
  command -v "$p" >/dev/null || { echo "reverse_proxy_test: $p is missing (scripts/setup)" >&2; exit 1; }
done
work=$(mktemp -d)
chmod 755 "$work"
api_pid=""
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null
  sleep 0.2
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "reverse_proxy_test: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A catalog, a token, a web root.
"$lw" import "$top/src/catalog/testdata/import/nmap_loopback.xml" --db "$work/c.db" >/dev/null 2>&1 ||
  fail "import failed"
token=$("$lw" token create --name proxy-test --role viewer --db "$work/c.db" 2>/dev/null) ||
  fail "token create failed"
mkdir "$work/web"
echo '<!doctype html><title>leakwatch dashboard</title>' > "$work/web/index.html"

# The proxy connects from 127.0.0.9 (proxy_bind), as a proxy on its own host would: the API
# trusts that address alone, so the clients at 127.0.0.1 and .2 are not proxies.
api_port=$(free_port)
"$lw" api --db "$work/c.db" --listen "127.0.0.1:$api_port" --web-root "$work/web" \
  --trusted-proxy 127.0.0.9 > "$work/api.out" 2> "$work/api.err" &
api_pid=$!

proxy_port=$(free_port)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=leakwatch.example.org -keyout "$work/privkey.pem" -out "$work/fullchain.pem" \
  >/dev/null 2>&1 || fail "openssl could not make the proxy's certificate"
# The doc's block, with this run's addresses, certificate and upstream port.
sed -n '/^```nginx$/,/^```$/p' "$top/docs/api.md" | sed '1d;$d' |
  sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$proxy_port ssl http2;|" \
      -e "s|/etc/ssl/leakwatch/|$work/|" \
      -e "s|proxy_pass http://127.0.0.1:8642;|proxy_pass http://127.0.0.1:$api_port; proxy_bind 127.0.0.9;|" \
      > "$work/site.conf"
grep -q "proxy_bind 127.0.0.9" "$work/site.conf" || fail "docs/api.md's nginx block changed shape"
cat > "$work/nginx.conf" <<CONF
user root;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx.err warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/site.conf;
}
CONF
nginx -t -c "$work/nginx.conf" -p "$work" >/dev/null 2>&1 || { cat "$work/nginx.err" >&2; fail "nginx -t refused the doc's block"; }
nginx -c "$work/nginx.conf" -p "$work" || fail "nginx did not start"

base="https://127.0.0.1:$proxy_port"
get() {  # get SOURCE_ADDRESS PATH [curl args...]: prints the status, body in $work/body.txt
  local src=$1 path=$2
  shift 2
  curl -sk --interface "$src" --max-time 5 -o "$work/body.txt" -w '%{http_code}' "$@" "$base$path"
}
for _ in $(seq 1 100); do
  [ "$(get 127.0.0.1 /)" = 200 ] && break
  sleep 0.1
done

status=$(get 127.0.0.1 /)
[ "$status" = 200 ] || fail "GET / through the proxy: $status"
grep -q 'leakwatch dashboard' "$work/body.txt" || fail "GET / did not serve the dashboard's index"
csp=$(curl -sk -D - -o /dev/null "$base/" | tr -d '\r' | grep -i '^content-security-policy:')
[[ "$csp" == *"frame-ancestors 'none'"* ]] || fail "the API's CSP did not pass the proxy: $csp"
status=$(get 127.0.0.1 /api/v1/health)
[ "$status" = 401 ] || fail "a request without a token through the proxy: $status, not 401"
status=$(get 127.0.0.1 /api/v1/health -H "Authorization: Bearer $token")
[ "$status" = 200 ] || fail "a token's request through the proxy: $status"

# Ten guesses from 127.0.0.1, each with a forged X-Forwarded-For: the proxy appends the real
# client, the API reads from the right, and the eleventh is refused.
for i in $(seq 1 10); do
  status=$(get 127.0.0.1 /api/v1/health -H "Authorization: Bearer lw_guess$i" \
    -H "X-Forwarded-For: 198.51.100.$i")
  [ "$status" = 401 ] || fail "guess $i: $status, not 401"
done
status=$(get 127.0.0.1 /api/v1/health -H "Authorization: Bearer $token" \
  -H "X-Forwarded-For: 203.0.113.50")
[ "$status" = 429 ] || fail "after ten guesses from 127.0.0.1 (forged headers): $status, not 429"
# Another client behind the same proxy is not blocked by the first one's guesses.
status=$(get 127.0.0.2 /api/v1/health -H "Authorization: Bearer $token")
[ "$status" = 200 ] || fail "a second client behind the proxy: $status, not 200"
echo "reverse_proxy_test: ok (nginx $(nginx -v 2>&1 | sed 's|.*/||'), the doc's block)"
