// One host: its names, its services with verdicts, severities, reasons and masked evidence, and
// the timeline of what was observed and what changed.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { isAbort } from '../api/client';
import * as api from '../api/routes';
import { serviceDetails, type ServiceDetails } from '../api/service_details';
import { Chips } from '../components/Badges';
import { ErrorNote, Loading } from '../components/ErrorNote';
import { ServiceCard } from '../components/ServiceCard';
import { Timeline } from '../components/Timeline';
import { utc } from '../format';
import { searchHref } from '../router';
import { hostTimeline, observationRuns } from '../timeline';
import { useLoad } from '../useLoad';

type DetailState = Record<number, { details: ServiceDetails | null; error: Error | null }>;

export function HostPage({ ip }: { ip: string }) {
  const host = useLoad((signal) => api.host(ip, signal), [ip]);
  const [details, setDetails] = useState<DetailState>({});
  useEffect(() => {
    document.title = `${ip} · leakwatch`;
  }, [ip]);
  useEffect(() => {
    setDetails({});
    if (!host.data) return;
    const controller = new AbortController();
    for (const s of host.data.services) {
      serviceDetails(s.id, controller.signal).then(
        (d) => setDetails((all) => ({ ...all, [s.id]: { details: d, error: null } })),
        (e: unknown) => {
          if (!isAbort(e)) setDetails((all) => ({ ...all, [s.id]: { details: null, error: e as Error } }));
        },
      );
    }
    return () => controller.abort();
  }, [host.data]);

  const timeline = useMemo(() => {
    if (!host.data) return [];
    const runs = host.data.services.flatMap((s) => observationRuns(s, details[s.id]?.details?.observations ?? []));
    return hostTimeline(host.data.timeline, runs);
  }, [host.data, details]);

  if (host.error) {
    return (
      <div class="page">
        <h1 tabIndex={-1}>{ip}</h1>
        <ErrorNote error={host.error} what="This host could not be read" />
        <p>
          <a href={searchHref(`ip:${ip}`)}>Search for {ip}</a>
        </p>
      </div>
    );
  }
  if (!host.data) return <Loading what={`host ${ip}`} />;
  const h = host.data;
  return (
    <div class="page host-page">
      <header class="page-head">
        <h1 tabIndex={-1}>{h.ip}</h1>
        <dl class="facts">
          <div>
            <dt>Names</dt>
            <dd>{h.names.length ? h.names.join(', ') : '—'}</dd>
          </div>
          <div>
            <dt>Certificate names</dt>
            <dd class="cert-names">{h.cert_names.length ? h.cert_names.join(', ') : '—'}</dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd>{utc(h.first_seen)}</dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd>{utc(h.last_seen)}</dd>
          </div>
        </dl>
        <Chips items={h.tags} label="Tags" />
      </header>
      <section aria-labelledby="services-heading">
        <h2 id="services-heading">
          {h.services.length} {h.services.length === 1 ? 'service' : 'services'}
        </h2>
        <div class="services">
          {h.services.map((s) => (
            <ServiceCard
              key={s.id}
              service={s}
              details={details[s.id]?.details ?? null}
              error={details[s.id]?.error ?? null}
            />
          ))}
        </div>
      </section>
      <section aria-labelledby="timeline-heading" class="card">
        <h2 id="timeline-heading">Timeline</h2>
        <Timeline entries={timeline} />
      </section>
    </div>
  );
}
