// The shapes the REST API answers with (docs/api.md, docs/api/openapi.json): only the fields the
// dashboard reads.

export type Role = 'viewer' | 'responder' | 'admin';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'none';

export interface Me {
  name: string;
  role: Role;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Service {
  id: number;
  ip: string;
  port: number;
  transport: string;
  protocol: string;
  product: string;
  version: string;
  verdict: string;
  outcome: string;
  reachable: boolean;
  severity: string;
  sensitivity: number;
  categories: string[];
  names: string[];
  tags: string[];
  record_count: number | null;
  data_bytes: number | null;
  first_seen: string;
  last_seen: string;
  open_since: string | null;
  observations: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult extends Page<Service> {
  total: number;
  query: string;
  facets: Record<string, FacetCount[]>;
}

export interface CatalogEvent {
  id: number;
  event: string;
  ip: string;
  port: number;
  transport: string;
  time: string;
  scan_id: string;
  detail: Record<string, unknown>;
}

export interface Host {
  ip: string;
  names: string[];
  cert_names: string[];
  tags: string[];
  first_seen: string;
  last_seen: string;
  services: Service[];
  timeline: CatalogEvent[];
}

/** One observation of a service; `record` is the scan record (docs/schema.md). */
export interface Observation {
  id: number;
  time: string;
  verdict: string;
  severity: string;
  outcome: string;
  record_count: number | null;
  data_bytes: number | null;
  scan_id: string;
  record: ObservationRecord;
}

export interface ObservationRecord {
  reason?: string;
  severity_reasons?: string[];
  evidence?: { kind?: string; exchange?: string };
  capabilities?: Record<string, boolean>;
  tls?: { subject?: string; issuer?: string; sans?: string[]; not_after?: string; self_signed?: boolean };
  compromised?: boolean;
  /** Where a ransom note was, with an excerpt the scanner already masked. */
  compromise_note?: string;
}

export interface History extends Page<Observation> {
  service: Service;
}

export interface Finding {
  detector: string;
  family: string;
  confidence: number;
  location: string;
  masked: string;
  severity: string;
}

export interface Findings extends Page<Finding> {
  service_id: number;
  observation_id: number | null;
}

export type IncidentState = 'open' | 'acknowledged' | 'remediated' | 'closed';

export interface IncidentStep {
  kind: string;
  time: string;
  actor: string;
  detail: Record<string, unknown>;
}

export interface Incident {
  id: number;
  state: IncidentState;
  asset: string;
  ip: string;
  port: number;
  transport: string;
  severity: string;
  first_seen: string;
  opened: string;
  acknowledged: string | null;
  remediated: string | null;
  closed: string | null;
  last_event: string;
  reopened_count: number;
  alert_ids: string[];
  timeline?: IncidentStep[];
}

export interface Silence {
  id: number;
  asset: string;
  service: string;
  rule: string;
  comment: string;
  author: string;
  created: string;
  expires: string;
}

export type SeverityCounts = Record<Severity, number>;

export interface Overview {
  from: string;
  to: string;
  bucket_seconds: number;
  open_now: SeverityCounts;
  open_over_time: Array<SeverityCounts & { time: string }>;
  by_product: Array<{ product: string; count: number }>;
  by_asset: Array<{
    asset: string;
    open: number;
    exposures: number;
    remediated: number;
    mttd_seconds: number | null;
    mttr_seconds: number | null;
  }>;
  compromised: { count: number; items: Array<{ ip: string; port: number; product: string }> };
  mttd_seconds: number | null;
  mttr_seconds: number | null;
}
