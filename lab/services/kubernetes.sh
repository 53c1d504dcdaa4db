# Kubernetes API server and kubelet (none can run here: the replay server with replies written
# from the Kubernetes docs, see tests/fakes/transcripts/kubernetes/PROVENANCE): sourced by scripts/lab.
#   api-open      127.0.2.90:8080   anonymous may list namespaces and pods   -> open
#   api-forbidden 127.0.2.91:8080   default RBAC: /version only              -> auth_required
#   kubelet       127.0.2.92:10255  kubelet read-only port: /pods            -> open
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/kubernetes"
  lab_replay api-open 127.0.2.90 8080 "$t/api_open.json" || return 1
  lab_truth 127.0.2.90 8080 kubernetes kubernetes v1.28.2 open
  lab_replay api-forbidden 127.0.2.91 8080 "$t/api_anonymous_forbidden.json" || return 1
  lab_truth 127.0.2.91 8080 kubernetes kubernetes v1.28.2 auth_required
  lab_replay kubelet 127.0.2.92 10255 "$t/kubelet_readonly.json" || return 1
  lab_truth 127.0.2.92 10255 kubernetes kubelet "" open
}
