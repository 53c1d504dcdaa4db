// One service of a host: what it is, the verdict and why, the severity and its reasons, what an
// anonymous client can do, its certificate, and the masked evidence.
import type { ServiceDetails } from '../api/service_details';
import type { Observation, Service } from '../api/types';
import { bytes, count, endpoint, relative, utc } from '../format';
import { Chips } from './Badges';
import { ErrorNote, Loading } from './ErrorNote';
import { FindingsTable } from './FindingsTable';
import { Fact, ProductAndBadges } from './ServiceFacts';

interface Props {
  service: Service;
  details: ServiceDetails | null;
  error: Error | null;
}

export function ServiceCard({ service: s, details, error }: Props) {
  const latest: Observation | undefined = details?.observations[details.observations.length - 1];
  const record = latest?.record;
  const can = record?.capabilities ? Object.entries(record.capabilities).filter(([, v]) => v).map(([k]) => k) : [];
  return (
    <article class="service card" id={`service-${s.id}`} data-service-id={s.id} aria-labelledby={`service-${s.id}-title`}>
      <header class="service-head">
        <h3 id={`service-${s.id}-title`}>
          {endpoint(s.ip, s.port)}
          <span class="muted">/{s.transport}</span>
        </h3>
        <ProductAndBadges service={s} />
      </header>
      <dl class="facts">
        <Fact label="Open since">{s.open_since ? utc(s.open_since) : 'not open'}</Fact>
        <Fact label="Last seen" title={utc(s.last_seen)}>
          {relative(s.last_seen)}
        </Fact>
        <Fact label="Records">{count(s.record_count)}</Fact>
        <Fact label="Size">{bytes(s.data_bytes)}</Fact>
        <Fact label="Sensitivity">{s.sensitivity} / 100</Fact>
        <Fact label="Observations">{count(s.observations)}</Fact>
      </dl>
      <Chips items={s.categories} label="Categories of data" />
      {error && <ErrorNote error={error} what="Its history and findings could not be read" />}
      {!details && !error && <Loading what="history and findings" />}
      {record && (
        <>
          {record.reason && (
            <p class="verdict-reason">
              <strong>Verdict:</strong> {record.reason}
              {record.evidence?.kind && (
                <span class="muted">
                  {' '}
                  (evidence: {record.evidence.kind}
                  {record.evidence.exchange ? `, ${record.evidence.exchange}` : ''})
                </span>
              )}
            </p>
          )}
          {can.length > 0 && (
            <p class="capabilities">
              <strong>An anonymous client can:</strong> {can.join(', ')}
            </p>
          )}
          {record.severity_reasons && record.severity_reasons.length > 0 && (
            <section class="reasons" aria-label="Why this severity">
              <h4>Why {s.severity || 'this severity'}</h4>
              <ul>
                {record.severity_reasons.map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </section>
          )}
          {record.tls && (
            <section class="certificate" aria-label="TLS certificate">
              <h4>Certificate</h4>
              <dl class="facts">
                <div>
                  <dt>Subject</dt>
                  <dd>{record.tls.subject || '—'}</dd>
                </div>
                <div>
                  <dt>Names</dt>
                  <dd>{record.tls.sans?.join(', ') || '—'}</dd>
                </div>
                <div>
                  <dt>Issuer</dt>
                  <dd>{record.tls.self_signed ? 'self-signed' : record.tls.issuer || '—'}</dd>
                </div>
                <div>
                  <dt>Expires</dt>
                  <dd>{utc(record.tls.not_after)}</dd>
                </div>
              </dl>
            </section>
          )}
          {record.compromise_note && (
            <p class="compromise">
              <strong>Ransom or wiping note:</strong> {record.compromise_note}
            </p>
          )}
          {details?.observationsTruncated && (
            <p class="hint">
              The timeline shows this service's newest {details.observations.length} observations; older
              ones are in its history (GET /api/v1/services/{s.id}/history).
            </p>
          )}
        </>
      )}
      {details && (
        <section class="evidence" aria-label="Masked evidence">
          <h4>Evidence (masked)</h4>
          <FindingsTable findings={details.findings} more={details.findingsMore} />
        </section>
      )}
    </article>
  );
}
