// The host's timeline: events and runs of observations, newest first.
import { count, utc } from '../format';
import { detailText, eventName, type TimelineEntry } from '../timeline';
import { SeverityBadge, VerdictBadge } from './Badges';

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p class="empty">No observations or events yet.</p>;
  return (
    <ol class="timeline">
      {entries.map((e, i) =>
        e.kind === 'event' ? (
          <li key={`e${i}`} class={`tl-item tl-event tl-${e.event}`}>
            <time dateTime={e.time}>{utc(e.time)}</time>
            <span class="tl-port">port {e.port}</span>
            <strong class="tl-what">{eventName(e.event)}</strong>
            <span class="tl-detail">{detailText(e.event, e.detail)}</span>
          </li>
        ) : (
          <li key={`o${i}`} class="tl-item tl-observation">
            <time dateTime={e.time}>{utc(e.time)}</time>
            <span class="tl-port">port {e.port}</span>
            <strong class="tl-what">
              {e.count === 1 ? 'Observed' : `Observed ${e.count} times`}
            </strong>
            <span class="tl-detail">
              <VerdictBadge verdict={e.verdict} /> {e.severity && <SeverityBadge severity={e.severity} />}{' '}
              {e.records !== null && `${count(e.records)} records`}
              {e.count > 1 && ` · since ${utc(e.from)}`}
            </span>
          </li>
        ),
      )}
    </ol>
  );
}

