# VNC (Debian tigervnc-standalone-server, Xvnc): sourced by scripts/lab, see lab/README.md.
#   open    127.0.1.61:5900  SecurityTypes None (anyone sees the screen)   -> open
#   secured 127.0.1.62:5900  SecurityTypes VncAuth (a password)             -> auth_required
SVC_NEEDS=(Xvnc vncpasswd)


svc_up() {
  local conf; conf="$(lab_conf_dir)"
  lab_spawn open Xvnc :71 -rfbport 5900 -interface 127.0.1.61 -SecurityTypes None \
    -nolisten tcp -geometry 640x480 -depth 24 -desktop "lab open desktop (Test Person)" || return 1
  lab_wait_port open 127.0.1.61 5900 30 || return 1
  lab_truth 127.0.1.61 5900 vnc vnc "" open  # RFB names no product or version
  echo "lab-secret-not-real" | vncpasswd -f >"$conf/passwd" || return 1
  chmod 600 "$conf/passwd"
  lab_spawn secured Xvnc :72 -rfbport 5900 -interface 127.0.1.62 -SecurityTypes VncAuth \
    -rfbauth "$conf/passwd" -nolisten tcp -geometry 640x480 -depth 24 -desktop "lab secured" ||
    return 1
  lab_wait_port secured 127.0.1.62 5900 30 || return 1
  lab_truth 127.0.1.62 5900 vnc vnc "" auth_required
}
