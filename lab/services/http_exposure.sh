# Web exposures (Debian nginx): sourced by scripts/lab, see lab/README.md.
#   open    127.0.3.24:80  autoindex on, a planted .git/ (HEAD, config with a fake token in the
#                          remote URL), .env with fake secrets, stub_status at /server-status
#                          -> open (directory listing, .git, .env read)
#   secured 127.0.3.25:80  the same files; autoindex off, dot-files and /server-status denied
#                          -> auth_required (403 where a nonexistent path gives 404)
#   status  127.0.3.26:80  Debian apache2 with mod_status, ExtendedStatus On, /server-status open
#                          to all: the request table (clients, vhosts, requests) -> open
SVC_NEEDS=(nginx apache2)

apache_version() { apache2 -v 2>/dev/null | sed -n 's|Server version: Apache/\([0-9.]*\).*|\1|p'; }

apache_status_instance() {
  local conf data
  conf="$(lab_conf_dir)/apache.conf"
  data="$(lab_data_dir apache)"
  mkdir -p "$data/www"
  chmod 755 "$data" "$data/www"
  cat >"$conf" <<CONF
ServerName lab.invalid
ServerRoot $data
Listen 127.0.3.26:80
PidFile $data/apache.pid
ErrorLog $(lab_log apache).error
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule status_module /usr/lib/apache2/modules/mod_status.so
User nobody
Group nogroup
DocumentRoot $data/www
ExtendedStatus On
<Location /server-status>
  SetHandler server-status
  Require all granted
</Location>
CONF
  lab_spawn apache apache2 -f "$conf" -DFOREGROUND || return 1
  lab_wait_port apache 127.0.3.26 80 30 || return 1
  lab_truth 127.0.3.26 80 http_exposure apache "$(apache_version)" open
}

nginx_version() { nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p'; }

web_tree() {
  local d="$1"
  mkdir -p "$d/.git" "$d/backups"
  printf 'ref: refs/heads/main\n' >"$d/.git/HEAD"
  cat >"$d/.git/config" <<'GIT'
[core]
	repositoryformatversion = 0
	filemode = true
	bare = false
[remote "origin"]
	url = https://deploy:lab-fake-token-not-real@git.example.invalid/acme/shop.git
	fetch = +refs/heads/*:refs/remotes/origin/*
[branch "main"]
	remote = origin
	merge = refs/heads/main
GIT
  printf 'APP_ENV=production\nDB_PASSWORD=lab-fake-password-not-real\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n' >"$d/.env"
  printf 'name,ssn,card\nTest Person,078-05-1120,4111 1111 1111 1111\n' >"$d/backups/customers.csv"
  printf 'LAB FAKE DATA: UNCLASSIFIED//FOUO test memo\n' >"$d/notes.txt"
  chmod -R a+rX "$d"
}

svc_up() {
  local conf data tmp
  conf="$(lab_conf_dir)/nginx.conf"
  data="$(lab_data_dir www)"
  tmp="$(lab_data_dir tmp)"
  web_tree "$data"
  cat >"$conf" <<CONF
worker_processes 1;
error_log $(lab_log nginx).error;
pid $tmp/nginx.pid;
daemon off;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/body; proxy_temp_path $tmp/proxy; fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi; scgi_temp_path $tmp/scgi;
  default_type text/plain;
  server {
    listen 127.0.3.24:80;
    root $data;
    autoindex on;
    location = /server-status { stub_status; }
  }
  server {
    listen 127.0.3.25:80;
    root $data;
    autoindex off;
    location ~ /\. { deny all; }
    location = /server-status { deny all; }
  }
}
CONF
  lab_spawn nginx nginx -c "$conf" -p "$tmp" || return 1
  lab_wait_port nginx 127.0.3.24 80 30 || return 1
  lab_wait_port nginx-secured 127.0.3.25 80 30 || return 1
  local v; v="$(nginx_version)"
  lab_truth 127.0.3.24 80 http_exposure nginx "$v" open
  lab_truth 127.0.3.25 80 http_exposure nginx "$v" auth_required
  apache_status_instance || return 1
}
