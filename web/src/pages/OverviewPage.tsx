// The overview: what is open now, open exposures over time by severity, exposures by product and
// by asset, compromised stores, and how fast exposures are detected (MTTD) and fixed (MTTR).
import { useEffect, useMemo, useState } from 'preact/hooks';
import * as api from '../api/routes';
import type { Overview } from '../api/types';
import { SeverityBadge } from '../components/Badges';
import { ErrorNote, Loading } from '../components/ErrorNote';
import { ChartCard } from '../charts/ChartCard';
import { byAsset, byProduct, openOverTime, responseTimes, severityOrder } from '../charts/overview_charts';
import { duration, endpoint, utc } from '../format';
import { hostHref, searchHref } from '../router';
import { useLoad } from '../useLoad';

const periods = [1, 7, 30, 90];

export function OverviewPage() {
  const [days, setDays] = useState(7);
  const overview = useLoad((signal) => api.overview(days, signal), [days]);
  useEffect(() => {
    document.title = 'Overview · leakwatch';
  }, []);
  return (
    <div class="page overview-page">
      <header class="page-head">
        <h1 tabIndex={-1}>Overview</h1>
        <div class="period" role="group" aria-label="Period">
          {periods.map((d) => (
            <button
              key={d}
              type="button"
              class={d === days ? 'segment selected' : 'segment'}
              aria-pressed={d === days}
              onClick={() => setDays(d)}
            >
              {d === 1 ? '24 hours' : `${d} days`}
            </button>
          ))}
        </div>
      </header>
      {overview.error && <ErrorNote error={overview.error} what="The overview could not be read" />}
      {overview.loading && !overview.data && <Loading what="the overview" />}
      {overview.data && <OverviewBody o={overview.data} />}
    </div>
  );
}

function OverviewBody({ o }: { o: Overview }) {
  const charts = useMemo(
    () => ({ time: openOverTime(o), product: byProduct(o), asset: byAsset(o), response: responseTimes(o) }),
    [o],
  );
  const openNow = severityOrder.reduce((n, s) => n + (o.open_now[s] ?? 0), 0);
  return (
    <>
      <p class="muted period-note">
        {utc(o.from)} to {utc(o.to)}
      </p>
      <div class="tiles">
        <div class="tile" data-tile="open">
          <span class="tile-label">Open now</span>
          <a class="tile-value" href={searchHref('verdict:open')}>
            {openNow}
          </a>
          <ul class="tile-breakdown">
            {severityOrder
              .filter((s) => (o.open_now[s] ?? 0) > 0)
              .map((s) => (
                <li key={s}>
                  <SeverityBadge severity={s === 'none' ? '' : s} /> {o.open_now[s]}
                </li>
              ))}
          </ul>
        </div>
        <div class="tile" data-tile="compromised">
          <span class="tile-label">Compromised stores</span>
          <a class="tile-value alarm" href={searchHref('compromised:true')}>
            {o.compromised.count}
          </a>
          <span class="tile-note">a ransom or wiping note was found</span>
        </div>
        <div class="tile" data-tile="mttd">
          <span class="tile-label">MTTD</span>
          <span class="tile-value">{duration(o.mttd_seconds)}</span>
          <span class="tile-note">mean time to detect</span>
        </div>
        <div class="tile" data-tile="mttr">
          <span class="tile-label">MTTR</span>
          <span class="tile-value">{duration(o.mttr_seconds)}</span>
          <span class="tile-note">mean time to remediate</span>
        </div>
      </div>
      <div class="charts">
        <ChartCard id="open-over-time" title="Open exposures over time, by severity" {...charts.time} tall />
        <ChartCard id="by-product" title="Open exposures by product" {...charts.product} />
        <ChartCard id="by-asset" title="Exposures by asset" {...charts.asset} />
        <ChartCard id="response-times" title="MTTD and MTTR by asset" {...charts.response} />
        <section class="card compromised" aria-labelledby="compromised-title">
          <h2 id="compromised-title">Compromised stores ({o.compromised.count})</h2>
          {o.compromised.items.length === 0 ? (
            <p class="empty">No ransom or wiping note found.</p>
          ) : (
            <ul class="compromised-list">
              {o.compromised.items.map((c) => (
                <li key={`${c.ip}:${c.port}`}>
                  <a href={hostHref(c.ip)}>{endpoint(c.ip, c.port)}</a> <span class="muted">{c.product}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
