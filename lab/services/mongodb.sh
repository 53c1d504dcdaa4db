# MongoDB: no Debian package, so the replay server answers with transcripts built from the
# MongoDB manual (tests/fakes/transcripts/mongodb/, see make_transcripts.py there).
#   open    127.0.1.31:27017  mongod without --auth                      -> open
#   secured 127.0.1.32:27017  mongod --auth: listDatabases -> code 13       -> auth_required
#   deployed 127.0.1.33:27017 without --auth, laid out as a deployment: 4 databases, 36
#                             collections (20 daily event collections), SSNs in app_prod.kyc_records,
#                             cards in app_prod.payment_methods, a ransom note in
#                             READ__ME_TO_RECOVER_YOUR_DATA.README (make_deployed.py) -> open + categories
SVC_NEEDS=(python3)

svc_up() {
  local t="$LAB_REPO/tests/fakes/transcripts/mongodb"
  lab_replay open 127.0.1.31 27017 "$t/open.json" || return 1
  lab_truth 127.0.1.31 27017 mongodb mongodb 7.0.14 open
  lab_replay secured 127.0.1.32 27017 "$t/auth.json" || return 1
  lab_truth 127.0.1.32 27017 mongodb mongodb 7.0.14 auth_required
  lab_replay deployed 127.0.1.33 27017 "$t/deployed.json" || return 1
  lab_truth 127.0.1.33 27017 mongodb mongodb 7.0.14 open \
    "$(python3 "$LAB_DATA_SRC/deployed_data.py" categories mongodb)"
}
