// One function per API route the dashboard uses (docs/api.md "Routes").
import { get, post, del, request } from './client';
import type {
  Findings, History, Host, Incident, Me, Overview, Page, SearchResult, Silence,
} from './types';

export const facetFields = ['product', 'severity', 'verdict', 'category', 'port', 'transport', 'tag', 'version'];

export const me = (bearer?: string) =>
  request<Me>('GET', '/api/v1/me', bearer === undefined ? {} : { bearer });

export const search = (q: string, cursor: string | null, signal?: AbortSignal) =>
  get<SearchResult>('/api/v1/search', { q, facets: facetFields.join(','), cursor, limit: 25 }, signal);

export const host = (ip: string, signal?: AbortSignal) =>
  get<Host>(`/api/v1/hosts/${encodeURIComponent(ip)}`, {}, signal);

/** A service's observations, newest first. */
export const history = (serviceId: number, cursor: string | null, signal?: AbortSignal) =>
  get<History>(`/api/v1/services/${serviceId}/history`, { cursor, limit: 100, order: 'desc' }, signal);

export const findings = (serviceId: number, signal?: AbortSignal) =>
  get<Findings>('/api/v1/findings', { service: serviceId, limit: 100 }, signal);

export const incidents = (state: string, cursor: string | null, signal?: AbortSignal) =>
  get<Page<Incident>>('/api/v1/incidents', { state, cursor, limit: 20 }, signal);

export const incident = (id: number, signal?: AbortSignal) =>
  get<{ incident: Incident }>(`/api/v1/incidents/${id}`, {}, signal);

export const acknowledge = (id: number, comment: string) =>
  post<{ incident: Incident }>(`/api/v1/incidents/${id}/ack`, { comment });

export const closeIncident = (id: number, comment: string) =>
  post<{ incident: Incident }>(`/api/v1/incidents/${id}/close`, { comment });

export const silences = (signal?: AbortSignal) =>
  get<Page<Silence>>('/api/v1/silences', { limit: 100 }, signal);

export const addSilence = (body: { service: string; duration_s: number; comment: string }) =>
  post<{ silence: Silence }>('/api/v1/silences', body);

export const expireSilence = (id: number) => del<{ id: number; expired: boolean }>(`/api/v1/silences/${id}`);

export const overview = (days: number, signal?: AbortSignal) =>
  get<Overview>('/api/v1/overview', { days }, signal);
