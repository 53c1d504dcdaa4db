// A host's timeline: the catalog's events and its observations, newest first. Observations in a
// row that saw the same thing (verdict, severity, record count) are one entry, so a service
// rescanned every 30 s does not bury its events.
import type { CatalogEvent, Observation, Service } from './api/types';

export type TimelineEntry =
  | { kind: 'event'; time: string; port: number; event: string; detail: Record<string, unknown> }
  | {
      kind: 'observations';
      time: string;
      from: string;
      port: number;
      count: number;
      verdict: string;
      severity: string;
      records: number | null;
    };

export function observationRuns(service: Service, observations: Observation[]): TimelineEntry[] {
  const runs: TimelineEntry[] = [];
  for (const o of observations) {
    const last = runs[runs.length - 1];
    if (
      last?.kind === 'observations' &&
      last.verdict === o.verdict &&
      last.severity === o.severity &&
      last.records === o.record_count
    ) {
      last.count++;
      last.time = o.time;
      continue;
    }
    runs.push({
      kind: 'observations',
      time: o.time,
      from: o.time,
      port: service.port,
      count: 1,
      verdict: o.verdict,
      severity: o.severity,
      records: o.record_count,
    });
  }
  return runs;
}

export function hostTimeline(events: CatalogEvent[], runs: TimelineEntry[]): TimelineEntry[] {
  const all: TimelineEntry[] = [
    ...events.map((e): TimelineEntry => ({ kind: 'event', time: e.time, port: e.port, event: e.event, detail: e.detail })),
    ...runs,
  ];
  // Newest first; at one instant, events after the observation that caused them.
  return all.sort((a, b) => b.time.localeCompare(a.time) || (a.kind === 'event' ? -1 : 1) - (b.kind === 'event' ? -1 : 1));
}

const eventNames: Record<string, string> = {
  new_service: 'New service',
  became_open: 'Became open',
  became_secured: 'Secured',
  service_gone: 'Service gone',
  new_category: 'New category of data',
  data_grew: 'Data grew',
  data_shrank: 'Data shrank',
  compromised: 'Ransom or wiping note found',
};

export function eventName(event: string): string {
  return eventNames[event] ?? event.replace(/_/g, ' ');
}

/** An event's detail as words: false flags and nested objects left out. */
export function detailText(event: string, detail: Record<string, unknown>): string {
  if (event === 'new_service' && detail.returning === true) return 'seen again after it was gone';
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== '' && v !== false && typeof v !== 'object')
    .filter(([k]) => !(event === 'new_service' && k === 'returning'))
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${v === true ? 'yes' : String(v)}`)
    .join('; ');
}
