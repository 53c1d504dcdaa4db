// The overview's charts, built from GET /api/v1/overview: each a Chart.js configuration, a
// one-line summary for screen readers, and the same numbers as a table.
import type { ChartConfiguration } from 'chart.js';
import type { Overview, Severity } from '../api/types';
import { duration } from '../format';
import type { ChartTable, LegendItem } from './ChartCard';
import { cssColour } from './setup';

export interface ChartSpec {
  config: ChartConfiguration;
  summary: string;
  table: ChartTable;
  legend: LegendItem[];
}

function legendOf(config: ChartConfiguration): LegendItem[] {
  return config.data.datasets.map((d) => ({ label: d.label ?? '', colour: String(d.backgroundColor) }));
}

// The canvas draws data only; ChartCard writes the legend as text.
const noLegend = { legend: { display: false } };

export const severityOrder: Severity[] = ['critical', 'high', 'medium', 'low', 'none'];

function bucketLabel(iso: string, bucketSeconds: number): string {
  const t = new Date(iso).toISOString();
  return bucketSeconds >= 86400 ? t.slice(5, 10) : `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}

/** Stacked bars: each bucket counts the exposures open at any moment within it. */
export function openOverTime(o: Overview): ChartSpec {
  const labels = o.open_over_time.map((b) => bucketLabel(b.time, o.bucket_seconds));
  const datasets = severityOrder.map((sev) => ({
    label: sev === 'none' ? 'no severity' : sev,
    data: o.open_over_time.map((b) => b[sev] ?? 0),
    backgroundColor: cssColour(`--sev-${sev}`),
    barPercentage: 1,
    categoryPercentage: 0.85,
  }));
  const last = o.open_over_time[o.open_over_time.length - 1];
  const total = last ? severityOrder.reduce((n, s) => n + (last[s] ?? 0), 0) : 0;
  const config: ChartConfiguration = {
    type: 'bar',
    data: { labels, datasets },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { maxTicksLimit: 8, maxRotation: 0 } },
        y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'open exposures' } },
      },
      plugins: noLegend,
    },
  };
  return {
    config,
    legend: legendOf(config),
    summary: `${o.open_over_time.length} buckets of ${duration(o.bucket_seconds)}; ${total} open in the last`,
    table: {
      head: ['bucket (UTC)', ...severityOrder],
      rows: o.open_over_time.map((b, i) => [labels[i] ?? '', ...severityOrder.map((s) => b[s] ?? 0)]),
    },
  };
}

export function byProduct(o: Overview): ChartSpec {
  const items = o.by_product.slice(0, 15);
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: items.map((p) => p.product || 'unidentified'),
      datasets: [{ label: 'exposures', data: items.map((p) => p.count), backgroundColor: cssColour('--accent') }],
    },
    options: {
      indexAxis: 'y',
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: noLegend,
    },
  };
  return {
    config,
    legend: legendOf(config),
    summary: items.map((p) => `${p.product} ${p.count}`).join(', ') || 'none',
    table: { head: ['product', 'exposures'], rows: items.map((p) => [p.product, p.count]) },
  };
}

export function byAsset(o: Overview): ChartSpec {
  const labels = o.by_asset.map((a) => a.asset);
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: 'open now', data: o.by_asset.map((a) => a.open), backgroundColor: cssColour('--sev-critical') },
        { label: 'exposures begun in the period', data: o.by_asset.map((a) => a.exposures), backgroundColor: cssColour('--accent') },
        { label: 'remediated', data: o.by_asset.map((a) => a.remediated), backgroundColor: cssColour('--good') },
      ],
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: noLegend,
    },
  };
  return {
    config,
    legend: legendOf(config),
    summary: o.by_asset.map((a) => `${a.asset}: ${a.open} open of ${a.exposures}, ${a.remediated} remediated`).join('; ') || 'none',
    table: {
      head: ['asset', 'open now', 'exposures', 'remediated'],
      rows: o.by_asset.map((a) => [a.asset, a.open, a.exposures, a.remediated]),
    },
  };
}

/** MTTD and MTTR per asset, in the unit that suits the largest value. */
export function responseTimes(o: Overview): ChartSpec {
  const values = o.by_asset.flatMap((a) => [a.mttd_seconds ?? 0, a.mttr_seconds ?? 0]);
  const max = Math.max(0, ...values);
  const [unit, div] = max >= 7200 ? ['hours', 3600] : max >= 120 ? ['minutes', 60] : ['seconds', 1];
  const scaled = (v: number | null) => (v === null ? null : Math.round((v / div) * 10) / 10);
  const config: ChartConfiguration = {
    type: 'bar',
    data: {
      labels: o.by_asset.map((a) => a.asset),
      datasets: [
        { label: 'MTTD: first seen open until alerted', data: o.by_asset.map((a) => scaled(a.mttd_seconds)), backgroundColor: cssColour('--sev-high') },
        { label: 'MTTR: alerted until found secured', data: o.by_asset.map((a) => scaled(a.mttr_seconds)), backgroundColor: cssColour('--good') },
      ],
    },
    options: {
      scales: { y: { beginAtZero: true, title: { display: true, text: unit } } },
      plugins: noLegend,
    },
  };
  return {
    config,
    legend: legendOf(config),
    summary: o.by_asset.map((a) => `${a.asset}: MTTD ${duration(a.mttd_seconds)}, MTTR ${duration(a.mttr_seconds)}`).join('; ') || 'none',
    table: {
      head: ['asset', 'MTTD', 'MTTR'],
      rows: o.by_asset.map((a) => [a.asset, duration(a.mttd_seconds), duration(a.mttr_seconds)]),
    },
  };
}
