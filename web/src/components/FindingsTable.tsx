// The findings of a service's latest observation: masked values only, as the API serves them.
import type { Finding } from '../api/types';
import { SeverityBadge } from './Badges';

export function FindingsTable({ findings, more }: { findings: Finding[]; more: boolean }) {
  if (findings.length === 0) return <p class="empty">No sensitive data found in the latest sample.</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Findings">
      <table class="findings">
        <thead>
          <tr>
            <th scope="col">Detector</th>
            <th scope="col">Family</th>
            <th scope="col">Masked value</th>
            <th scope="col">Where</th>
            <th scope="col">Severity</th>
            <th scope="col">Confidence</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f, i) => (
            <tr key={i}>
              <td data-label="Detector">{f.detector}</td>
              <td data-label="Family">{f.family}</td>
              <td data-label="Masked value" class="masked">
                <code>{f.masked}</code>
              </td>
              <td data-label="Where" class="location">
                {f.location}
              </td>
              <td data-label="Severity">
                <SeverityBadge severity={f.severity} />
              </td>
              <td data-label="Confidence">{Math.round(f.confidence * 100)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && <p class="hint">The first 100 findings are shown.</p>}
    </div>
  );
}
