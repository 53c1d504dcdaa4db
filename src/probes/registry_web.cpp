#include "probes/chroma/chroma_probe.h"
#include "probes/clickhouse/clickhouse_probe.h"
#include "probes/consul/consul_probe.h"
#include "probes/couchdb/couchdb_probe.h"
#include "probes/docker/docker_probe.h"
#include "probes/elasticsearch/elasticsearch_probe.h"
#include "probes/etcd/etcd_probe.h"
#include "probes/influxdb/influxdb_probe.h"
#include "probes/jupyter/jupyter_probe.h"
#include "probes/kibana/kibana_probe.h"
#include "probes/kubernetes/kubernetes_probe.h"
#include "probes/prometheus/prometheus_probe.h"
#include "probes/qdrant/qdrant_probe.h"
#include "probes/registry.h"
#include "probes/solr/solr_probe.h"
#include "probes/webhdfs/webhdfs_probe.h"

namespace lw::probes {

// The HTTP-based data services (Elasticsearch/OpenSearch, etcd, ...).
void append_web_probes(ProbeList& list) {
  list.push_back(std::make_unique<ElasticsearchProbe>());
  list.push_back(std::make_unique<EtcdProbe>());
  list.push_back(std::make_unique<CouchdbProbe>());
  list.push_back(std::make_unique<ClickhouseProbe>());
  list.push_back(std::make_unique<InfluxdbProbe>());
  list.push_back(std::make_unique<PrometheusProbe>());
  list.push_back(std::make_unique<JupyterProbe>());
  list.push_back(std::make_unique<DockerProbe>());
  list.push_back(std::make_unique<KubernetesProbe>());
  list.push_back(std::make_unique<SolrProbe>());
  list.push_back(std::make_unique<ConsulProbe>());
  list.push_back(std::make_unique<QdrantProbe>());
  list.push_back(std::make_unique<ChromaProbe>());
  list.push_back(std::make_unique<KibanaProbe>());
  list.push_back(std::make_unique<WebhdfsProbe>());
}

}  // namespace lw::probes
