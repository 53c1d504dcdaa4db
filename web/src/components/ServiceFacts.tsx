// The pieces a search result and a host's service card both show: what runs there, its verdict
// and severity, and a fact as a labelled value.
import type { ComponentChildren } from 'preact';
import type { Service } from '../api/types';
import { SeverityBadge, VerdictBadge } from './Badges';

export function ProductAndBadges({ service: s }: { service: Service }) {
  return (
    <>
      <span class="result-product">
        {s.product || s.protocol || 'unidentified'} {s.version}
      </span>
      <span class="badges">
        <VerdictBadge verdict={s.verdict} />
        {s.severity && <SeverityBadge severity={s.severity} />}
      </span>
    </>
  );
}

export function Fact({ label, title, children }: { label: string; title?: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}
