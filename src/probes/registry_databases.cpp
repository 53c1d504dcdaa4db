#include "probes/registry.h"

#include "probes/cassandra/cassandra_probe.h"
#include "probes/ldap/ldap_probe.h"
#include "probes/memcached/memcached_probe.h"
#include "probes/mongodb/mongodb_probe.h"
#include "probes/mqtt/mqtt_probe.h"
#include "probes/mysql/mysql_probe.h"
#include "probes/nats/nats_probe.h"
#include "probes/postgresql/postgresql_probe.h"
#include "probes/rabbitmq/rabbitmq_probe.h"
#include "probes/redis/redis_probe.h"
#include "probes/vnc/vnc_probe.h"
#include "probes/zookeeper/zookeeper_probe.h"

namespace lw::probes {

// Databases, caches, messaging, directory and remote desktop: the stores that leak most often
// first. A port is matched on default ports first; this order only matters for a service on a
// port no probe claims.
void append_database_probes(ProbeList& list) {
  list.push_back(std::make_unique<RedisProbe>());
  list.push_back(std::make_unique<MemcachedProbe>());
  list.push_back(std::make_unique<PostgresqlProbe>());
  list.push_back(std::make_unique<MysqlProbe>());
  list.push_back(std::make_unique<MongodbProbe>());
  list.push_back(std::make_unique<CassandraProbe>());
  list.push_back(std::make_unique<ZookeeperProbe>());
  list.push_back(std::make_unique<NatsProbe>());
  list.push_back(std::make_unique<MqttProbe>());
  list.push_back(std::make_unique<RabbitmqProbe>());
  list.push_back(std::make_unique<LdapProbe>());
  list.push_back(std::make_unique<VncProbe>());
}

}  // namespace lw::probes
