# Prometheus (Debian prometheus 2.42): sourced by scripts/lab, see lab/README.md.
#   open    127.0.2.50:9090  no web config: the targets API names internal hosts -> open
#   secured 127.0.2.51:9090  --web.config.file with basic_auth_users           -> auth_required
SVC_NEEDS=(prometheus htpasswd curl)

prom_version() { prometheus --version 2>&1 | sed -n 's/^prometheus, version \([^ ]*\).*/\1/p'; }

prom_instance() {  # instance ip web-config-or-empty
  local instance="$1" ip="$2" web="$3" conf data
  conf="$(lab_conf_dir)/$instance.yml"
  data="$(lab_data_dir "$instance")"
  cat >"$conf" <<CONF
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['$ip:9090']
  - job_name: billing-db
    static_configs:
      - targets: ['billing-db.internal.example.invalid:9187', 'payments-api.internal.example.invalid:9100']
CONF
  local args=(--config.file="$conf" --storage.tsdb.path="$data" --web.listen-address="$ip:9090")
  [[ -n "$web" ]] && args+=(--web.config.file="$web")
  lab_spawn "$instance" prometheus "${args[@]}" || return 1
  lab_wait_port "$instance" "$ip" 9090 60 || return 1
}

svc_up() {
  local v i; v="$(prom_version)"
  prom_instance open 127.0.2.50 "" || return 1
  # Scrape targets appear a few seconds after start: bounded poll until they are listed.
  for ((i = 0; i < 150; i++)); do
    curl -sf --max-time 2 'http://127.0.2.50:9090/api/v1/targets?state=active' | grep -q scrapeUrl && break
    sleep 0.2  # poll interval of a bounded readiness loop
  done
  lab_truth 127.0.2.50 9090 prometheus prometheus "$v" open
  local web; web="$(lab_conf_dir)/web.yml"
  printf 'basic_auth_users:\n  admin: %s\n' "$(htpasswd -nbBC 10 admin lab-prometheus-not-real | cut -d: -f2)" >"$web"
  prom_instance secured 127.0.2.51 "$web" || return 1
  lab_truth 127.0.2.51 9090 prometheus prometheus "" auth_required
}
