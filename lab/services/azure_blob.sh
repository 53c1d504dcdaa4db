# Azure Blob Storage (npm azurite 3.37, lab/package.json): sourced by scripts/lab, see
# lab/README.md. Seeded by azure_blob_seed.py, signed with Azurite's published dev account.
#   open    127.0.3.10:10000  container "backups" with public access (container) + a private one
#                             -> open (anonymous List Blobs reads the blob names and sizes)
#   secured 127.0.3.11:10000  the same data, every container private   -> auth_required
#   deployed 127.0.3.28:10000 container "data" public, 1,153 blobs laid out like a
#                             deployment, the three sensitive ones on the second page of the
#                             listing (azure_blob_seed.py deployed)  -> open + categories
SVC_NEEDS=(node python3)

azurite_bin() { echo "$LAB_REPO/lab/node_modules/.bin/azurite-blob"; }
azurite_version() { node -p "require('$LAB_REPO/lab/node_modules/azurite/package.json').version"; }

azurite_instance() {  # instance ip mode
  local instance="$1" ip="$2" mode="$3" data
  data="$(lab_data_dir "$instance")"
  [[ -x "$(azurite_bin)" ]] || { echo "lab: run npm ci in lab/ (azurite missing)" >&2; return 1; }
  lab_spawn "$instance" "$(azurite_bin)" --blobHost "$ip" --blobPort 10000 -l "$data" \
    --skipApiVersionCheck --loose || return 1
  lab_wait_port "$instance" "$ip" 10000 60 || return 1
  python3 "$LAB_REPO/lab/services/azure_blob_seed.py" "$ip" 10000 "$mode" || return 1
}

svc_up() {
  local v; v="$(azurite_version)"
  azurite_instance open 127.0.3.10 open || return 1
  lab_truth 127.0.3.10 10000 azure_blob azurite "$v" open
  azurite_instance secured 127.0.3.11 secured || return 1
  lab_truth 127.0.3.11 10000 azure_blob azurite "$v" auth_required
  azurite_instance deployed 127.0.3.28 deployed || return 1
  lab_truth 127.0.3.28 10000 azure_blob azurite "$v" open \
    "$(python3 "$LAB_REPO/lab/services/azure_blob_seed.py" categories)"
}
