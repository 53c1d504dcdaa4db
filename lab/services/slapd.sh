# LDAP (Debian slapd, OpenLDAP 2.5): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.71:389  anonymous bind and read allowed                 -> open
#   secured 127.0.1.72:389  disallow bind_anon + require authc, same data    -> auth_required
SVC_NEEDS=(slapd slapadd)

slapd_instance() {  # instance ip secured(0|1)
  local instance="$1" ip="$2" secured="$3" dir conf
  dir="$(lab_data_dir "$instance")"
  conf="$(lab_conf_dir)/$instance.conf"
  mkdir -p "$dir/db"
  {
    echo "include /etc/ldap/schema/core.schema"
    echo "include /etc/ldap/schema/cosine.schema"
    echo "include /etc/ldap/schema/inetorgperson.schema"
    echo "pidfile $dir/slapd.pid"
    echo "modulepath /usr/lib/ldap"
    echo "moduleload back_mdb"
    if [[ "$secured" == 1 ]]; then
      echo "disallow bind_anon"
      echo "require authc"
    fi
    echo "database mdb"
    echo "maxsize 16777216"
    echo "suffix \"dc=example,dc=org\""
    echo "rootdn \"cn=admin,dc=example,dc=org\""
    echo "rootpw lab-secret-not-real"
    echo "directory $dir/db"
    if [[ "$secured" == 1 ]]; then
      echo "access to * by users read by anonymous auth"
    else
      echo "access to * by * read"
    fi
  } >"$conf"
  if [[ ! -s "$dir/db/data.mdb" ]]; then
    slapadd -f "$conf" -l "$LAB_DATA_SRC/ldap_seed.ldif" >"$(lab_log "$instance-slapadd")" 2>&1 ||
      { tail "$(lab_log "$instance-slapadd")" >&2; return 1; }
  fi
  lab_spawn "$instance" slapd -f "$conf" -h "ldap://$ip:389/" -d 0 || return 1
  lab_wait_port "$instance" "$ip" 389 30
}

svc_up() {
  slapd_instance open 127.0.1.71 0 || return 1
  lab_truth 127.0.1.71 389 ldap openldap "" open
  slapd_instance secured 127.0.1.72 1 || return 1
  lab_truth 127.0.1.72 389 ldap ldap "" auth_required
}
