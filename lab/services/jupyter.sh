# Jupyter Notebook (Debian jupyter-notebook 6.4): sourced by scripts/lab, see lab/README.md.
#   open    127.0.2.60:8888  empty token, no password          -> open
#   secured 127.0.2.61:8888  a token, same files                 -> auth_required
SVC_NEEDS=(jupyter-notebook)

jupyter_version() { jupyter-notebook --version 2>/dev/null | tail -n1; }

jupyter_instance() {  # instance ip token
  local instance="$1" ip="$2" token="$3" data
  data="$(lab_data_dir "$instance")"
  mkdir -p "$data/notebooks" "$data/runtime" "$data/home"
  printf 'db_host=billing-db.internal.example.invalid\ndb_password=lab-fake-password-not-real\naws_access_key_id=AKIAIOSFODNN7EXAMPLE\n' \
    >"$data/notebooks/credentials.txt"
  cat >"$data/notebooks/analysis.ipynb" <<'NB'
{"cells":[{"cell_type":"code","execution_count":null,"metadata":{},"outputs":[],"source":["customers = [{\"name\": \"Test Person\", \"ssn\": \"078-05-1120\"}]"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}
NB
  lab_spawn "$instance" env HOME="$data/home" JUPYTER_RUNTIME_DIR="$data/runtime" \
    JUPYTER_DATA_DIR="$data/home/data" JUPYTER_CONFIG_DIR="$data/home/config" \
    jupyter-notebook --no-browser --allow-root --ip="$ip" --port=8888 --port-retries=0 \
    --NotebookApp.token="$token" --NotebookApp.password='' --notebook-dir="$data/notebooks" || return 1
  lab_wait_port "$instance" "$ip" 8888 60 || return 1
}

svc_up() {
  local v; v="$(jupyter_version)"
  jupyter_instance open 127.0.2.60 "" || return 1
  lab_truth 127.0.2.60 8888 jupyter jupyter "$v" open
  jupyter_instance secured 127.0.2.61 lab-jupyter-token-not-real || return 1
  # GET /api names the version without a token.
  lab_truth 127.0.2.61 8888 jupyter jupyter "$v" auth_required
}
