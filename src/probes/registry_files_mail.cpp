// Storage, file, mail and web-exposure probes (despite the file's name): object stores (S3,
// Azure Blob, GCS), file services (FTP, rsync), mail (IMAP, POP3, SMTP) and web exposures
// (directory listings, .git, .env, server-status). Listed explicitly; no self-registration.
#include "probes/azure_blob/azure_blob_probe.h"
#include "probes/ftp/ftp_probe.h"
#include "probes/gcs/gcs_probe.h"
#include "probes/http_exposure/http_exposure_probe.h"
#include "probes/imap/imap_probe.h"
#include "probes/pop3/pop3_probe.h"
#include "probes/registry.h"
#include "probes/rsync/rsync_probe.h"
#include "probes/s3/s3_probe.h"
#include "probes/smtp/smtp_probe.h"

namespace lw::probes {

void append_files_mail_probes(ProbeList& list) {
  list.push_back(std::make_unique<AzureBlobProbe>());
  list.push_back(std::make_unique<S3Probe>());
  list.push_back(make_gcs_probe());
  list.push_back(std::make_unique<FtpProbe>());
  list.push_back(std::make_unique<ImapProbe>());
  list.push_back(std::make_unique<Pop3Probe>());
  list.push_back(std::make_unique<RsyncProbe>());
  list.push_back(std::make_unique<SmtpProbe>());
  // http_exposure last of this family: it speaks to any HTTP server.
  list.push_back(std::make_unique<HttpExposureProbe>());
}

}  // namespace lw::probes
