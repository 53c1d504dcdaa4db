# CouchDB API (npm pouchdb-server 4.2, lab/package.json): sourced by scripts/lab, see lab/README.md.
#   open    127.0.2.20:5984  admin party: every database readable            -> open
#   secured 127.0.2.21:5984  an admin, and a _security members list on the
#                            database (names still listed, documents refused) -> auth_required
#   deployed 127.0.2.22:5984 admin party, laid out as a deployment: 17 databases, ~1,230
#                            documents, SSNs in `staff_directory`, cards in `payments`
#                            (deployed_data.py couchdb)                      -> open + categories
SVC_NEEDS=(node curl)

couch_bin() { echo "$LAB_REPO/lab/node_modules/.bin/pouchdb-server"; }
couch_version() { node -p "require('$LAB_REPO/lab/node_modules/pouchdb-server/package.json').version"; }

couch_instance() {  # instance ip config-json
  local instance="$1" ip="$2" config="$3" data
  data="$(lab_data_dir "$instance")"
  [[ -x "$(couch_bin)" ]] || { echo "lab: run npm ci in lab/ (pouchdb-server missing)" >&2; return 1; }
  [[ -s "$data/config.json" ]] || printf '%s\n' "$config" >"$data/config.json"
  # pouchdb-server writes log.txt into its working folder: run it from the data folder.
  (cd "$data" && lab_spawn "$instance" "$(couch_bin)" -o "$ip" -p 5984 -d "$data" -c "$data/config.json" -n) || return 1
  lab_wait_port "$instance" "$ip" 5984 60 || return 1
}

couch_seed() {  # base-url (with credentials for the secured twin)
  local base="$1" c=(curl -sf --max-time 10 -H 'Content-Type: application/json')
  "${c[@]}" "$base/customers" >/dev/null 2>&1 || "${c[@]}" -X PUT "$base/customers" >/dev/null || return 1
  "${c[@]}" -X PUT "$base/customers/cust-0001" \
    -d '{"name":"Test Person","email":"test.person@example.invalid","ssn":"078-05-1120","note":"lab fake"}' >/dev/null 2>&1 || true
  "${c[@]}" -X PUT "$base/customers/cust-0002" \
    -d '{"name":"Test Person Two","card":"4111 1111 1111 1111","memo":"UNCLASSIFIED//FOUO test memo"}' >/dev/null 2>&1 || true
  "${c[@]}" "$base/customers/cust-0001" >/dev/null || return 1
}

couch_seed_deployed() {  # base-url: every database of deployed_data.py couchdb, bulk-loaded
  python3 "$LAB_DATA_SRC/deployed_data.py" couchdb | python3 -c '
import json, sys, urllib.request
base = sys.argv[1]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status
for db, docs in json.load(sys.stdin).items():
    try:
        call("GET", "/" + db)
        continue  # seeded on an earlier run (the data folder persists)
    except urllib.error.HTTPError as e:
        if e.code != 404:
            raise
    call("PUT", "/" + db)
    call("POST", "/" + db + "/_bulk_docs", {"docs": docs})
' "$1"
}

svc_up() {
  local v; v="$(couch_version)"
  couch_instance open 127.0.2.20 '{}' || return 1
  couch_seed http://127.0.2.20:5984 || return 1
  lab_truth 127.0.2.20 5984 couchdb pouchdb-server "$v" open
  couch_instance secured 127.0.2.21 '{"admins":{"admin":"lab-couch-admin-not-real"}}' || return 1
  local base=http://admin:lab-couch-admin-not-real@127.0.2.21:5984
  couch_seed "$base" || return 1
  curl -sf --max-time 10 -H 'Content-Type: application/json' -X PUT "$base/customers/_security" \
    -d '{"admins":{"names":[],"roles":[]},"members":{"names":["admin"],"roles":[]}}' >/dev/null || return 1
  lab_truth 127.0.2.21 5984 couchdb pouchdb-server "$v" auth_required
  couch_instance deployed 127.0.2.22 '{}' || return 1
  couch_seed_deployed http://127.0.2.22:5984 || return 1
  lab_truth 127.0.2.22 5984 couchdb pouchdb-server "$v" open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories couchdb)"
}
