// What the host page shows of each service beyond its catalog row: the findings of its latest
// observation and its newest observations (history pages read newest first, bounded; handed
// on oldest first).
import * as api from './routes';
import type { Finding, Observation } from './types';

export interface ServiceDetails {
  findings: Finding[];
  findingsMore: boolean;
  observations: Observation[];
  /** Older observations exist than were read (the newest are always read). */
  observationsTruncated: boolean;
}

const maxHistoryPages = 10;

export async function serviceDetails(id: number, signal: AbortSignal): Promise<ServiceDetails> {
  const findingsPage = api.findings(id, signal);
  const observations: Observation[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await api.history(id, cursor, signal);
    observations.push(...page.items);
    cursor = page.next_cursor;
    pages++;
  } while (cursor !== null && pages < maxHistoryPages);
  observations.reverse();
  const f = await findingsPage;
  return {
    findings: f.items,
    findingsMore: f.next_cursor !== null,
    observations,
    observationsTruncated: cursor !== null,
  };
}
