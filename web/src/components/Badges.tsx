// Severity and verdict as text on a colour: the colour helps, the word carries the meaning.
import { words } from '../format';

const severities = ['critical', 'high', 'medium', 'low'];

export function SeverityBadge({ severity }: { severity: string }) {
  const known = severities.includes(severity);
  return (
    <span class={`badge sev-${known ? severity : 'none'}`} data-severity={severity || 'none'}>
      {known ? severity : 'no severity'}
    </span>
  );
}

export function VerdictBadge({ verdict }: { verdict: string }) {
  return (
    <span class={`badge verdict verdict-${verdict || 'none'}`} data-verdict={verdict}>
      {words(verdict || 'not judged')}
    </span>
  );
}

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge state state-${state}`}>{state}</span>;
}

export function Chips({ items, label }: { items: string[]; label: string }) {
  if (items.length === 0) return null;
  return (
    <ul class="chips" aria-label={label}>
      {items.map((c) => (
        <li key={c} class={c === 'compromised' ? 'chip chip-alarm' : 'chip'}>
          {c}
        </li>
      ))}
    </ul>
  );
}
