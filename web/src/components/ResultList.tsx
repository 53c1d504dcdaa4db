// Search results: one card per service, linking to its host.
import type { Service } from '../api/types';
import { bytes, count, endpoint, relative, utc } from '../format';
import { hostHref } from '../router';
import { Chips } from './Badges';
import { Fact, ProductAndBadges } from './ServiceFacts';

export function ResultList({ items }: { items: Service[] }) {
  return (
    <ol class="results" aria-label="Services">
      {items.map((s) => (
        <li key={s.id} class="result" data-service-id={s.id}>
          <div class="result-head">
            <a class="result-link" href={hostHref(s.ip)}>
              {endpoint(s.ip, s.port)}
            </a>
            <ProductAndBadges service={s} />
          </div>
          {s.names.length > 0 && <p class="result-names">{s.names.join(', ')}</p>}
          <Chips items={s.categories} label="Categories" />
          <dl class="facts">
            <Fact label="Records">{count(s.record_count)}</Fact>
            <Fact label="Size">{bytes(s.data_bytes)}</Fact>
            <Fact label="Last seen" title={utc(s.last_seen)}>
              {relative(s.last_seen)}
            </Fact>
            <Fact label="Transport">{s.transport}</Fact>
          </dl>
        </li>
      ))}
    </ol>
  );
}
