// Search results: one card per service, linking to its host.
import type { Service } from '../api/types';
import { bytes, count, endpoint, relative, utc } from '../format';
import { hostHref } from '../router';
import { Chips, SeverityBadge, VerdictBadge } from './Badges';

export function ResultList({ items }: { items: Service[] }) {
  return (
    <ol class="results" aria-label="Services">
      {items.map((s) => (
        <li key={s.id} class="result" data-service-id={s.id}>
          <div class="result-head">
            <a class="result-link" href={hostHref(s.ip)}>
              {endpoint(s.ip, s.port)}
            </a>
            <span class="result-product">
              {s.product || s.protocol || 'unidentified'} {s.version}
            </span>
            <span class="badges">
              <VerdictBadge verdict={s.verdict} />
              {s.severity && <SeverityBadge severity={s.severity} />}
            </span>
          </div>
          {s.names.length > 0 && <p class="result-names">{s.names.join(', ')}</p>}
          <Chips items={s.categories} label="Categories" />
          <dl class="facts">
            <div>
              <dt>Records</dt>
              <dd>{count(s.record_count)}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{bytes(s.data_bytes)}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd title={utc(s.last_seen)}>{relative(s.last_seen)}</dd>
            </div>
            <div>
              <dt>Transport</dt>
              <dd>{s.transport}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}
