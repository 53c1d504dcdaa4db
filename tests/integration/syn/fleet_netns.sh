# Sourced by syn_discovery_test.sh and bench/syn/run.sh: the two network namespaces of the SYN
# discovery fleet. fleet_up SCANNER_NS FLEET_NS SCANNER_IF FLEET_IF makes
#   scanner 10.99.0.1 (SCANNER_IF) --veth-- 10.99.0.2 (FLEET_IF) fleet,
# the fleet answering for all of 10.77.0.0/16 through a local route on its loopback, port 5432
# silently dropped (nft), IPv6 off on both sides (the kernel's own router solicitations would
# muddy a capture). The veth is created inside the scanner's namespace, so no interface ever
# appears in the caller's; the scanner's only route to the fleet is the veth. fleet_down kills
# what runs in both namespaces and deletes them; in_s and in_f run a command in the scanner's
# ($S) and the fleet's ($F) namespace.
in_s() { ip netns exec "$S" "$@"; }
in_f() { ip netns exec "$F" "$@"; }
fleet_down() {
  for ns in "$1" "$2"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
fleet_up() {
  local s=$1 f=$2 sif=$3 fif=$4
  ip netns add "$s"
  ip netns add "$f"
  for ns in "$s" "$f"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
      net.ipv6.conf.default.disable_ipv6=1
    ip netns exec "$ns" ip link set lo up
  done
  ip netns exec "$s" ip link add "$sif" type veth peer name "$fif"
  ip netns exec "$s" ip link set "$fif" netns "$f"
  ip netns exec "$s" ip addr add 10.99.0.1/30 dev "$sif"
  ip netns exec "$f" ip addr add 10.99.0.2/30 dev "$fif"
  ip netns exec "$s" ip link set "$sif" up
  ip netns exec "$f" ip link set "$fif" up
  ip netns exec "$s" ip route add 10.77.0.0/16 via 10.99.0.2
  ip netns exec "$f" ip route add local 10.77.0.0/16 dev lo
  ip netns exec "$f" sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535
  ip netns exec "$f" nft -f - <<'NFT'
table inet lwsyn {
  chain input { type filter hook input priority 0; tcp dport 5432 drop; }
}
NFT
}
