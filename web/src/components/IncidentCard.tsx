// One incident on the board: the service, its asset and severity, the exposure window, and the
// actions the signed-in role may take.
import { useState } from 'preact/hooks';
import * as api from '../api/routes';
import type { Incident, IncidentStep, Silence } from '../api/types';
import { duration, endpoint, relative, utc } from '../format';
import { hostHref } from '../router';
import type { ActionKind } from './ActionDialog';
import { SeverityBadge } from './Badges';
import { ErrorNote } from './ErrorNote';
import { WindowBar } from './WindowBar';

interface Props {
  incident: Incident;
  canRespond: boolean;
  range: { from: number; to: number };
  silences: Silence[];
  onAction: (kind: ActionKind, incident: Incident) => void;
}

/** The active silence that holds back this incident's notifications, if one does. */
function silenceOf(i: Incident, silences: Silence[]): Silence | undefined {
  const service = endpoint(i.ip, i.port);
  return silences.find((s) => (s.service === '' || s.service === service) && (s.asset === '' || s.asset === i.asset));
}


export function IncidentCard({ incident: i, canRespond, range, silences, onAction }: Props) {
  const silence = silenceOf(i, silences);
  const [steps, setSteps] = useState<IncidentStep[] | null>(null);
  const [stepsError, setStepsError] = useState<Error | null>(null);
  const start = new Date(i.first_seen).getTime();
  const end = i.remediated ? new Date(i.remediated).getTime() : Date.now();
  const service = endpoint(i.ip, i.port);
  const toggleSteps = async () => {
    if (steps) return setSteps(null);
    try {
      setSteps((await api.incident(i.id)).incident.timeline ?? []);
    } catch (e) {
      setStepsError(e as Error);
    }
  };
  return (
    <li class={`incident card sev-edge-${i.severity || 'none'}`} data-incident-id={i.id} data-state={i.state}>
      <div class="incident-head">
        <a href={hostHref(i.ip)} class="incident-service">
          {service}
        </a>
        <SeverityBadge severity={i.severity} />
      </div>
      <p class="muted">
        Incident {i.id} · asset <strong>{i.asset}</strong>
        {i.reopened_count > 0 && ` · reopened ${i.reopened_count}×`}
      </p>
      <p class="window">
        Exposed {utc(i.first_seen)} →{' '}
        {i.remediated ? `remediated ${utc(i.remediated)}` : 'still exposed'} ({duration((end - start) / 1000)})
      </p>
      <WindowBar start={start} end={end} open={!i.remediated} range={range} />
      {silence && (
        <p class="silenced" data-silence-id={silence.id}>
          Silenced{silence.rule ? ` (rule ${silence.rule})` : ''} until{' '}
          <time dateTime={silence.expires} title={utc(silence.expires)}>
            {relative(silence.expires).replace(/^in /, '')} from now
          </time>
        </p>
      )}
      {i.acknowledged && <p class="muted">Acknowledged {utc(i.acknowledged)}</p>}
      {i.closed && <p class="muted">Closed {utc(i.closed)}</p>}
      <div class="incident-actions">
        <button type="button" class="link-button" aria-expanded={steps !== null} onClick={toggleSteps}>
          {steps ? 'Hide history' : 'History'}
        </button>
        {canRespond && i.state === 'open' && (
          <button type="button" class="small" onClick={() => onAction('ack', i)} data-action="ack">
            Acknowledge
          </button>
        )}
        {canRespond && i.state !== 'closed' && (
          <button type="button" class="secondary small" onClick={() => onAction('silence', i)} data-action="silence">
            Silence
          </button>
        )}
        {canRespond && i.state !== 'closed' && (
          <button type="button" class="secondary small" onClick={() => onAction('close', i)} data-action="close">
            Close
          </button>
        )}
      </div>
      {stepsError && <ErrorNote error={stepsError} what="Its history could not be read" />}
      {steps && (
        <ol class="incident-steps">
          {steps.map((s, n) => (
            <li key={n}>
              <time dateTime={s.time}>{utc(s.time)}</time> {s.kind.replace(/_/g, ' ')}
              {s.actor && ` by ${s.actor}`}
              {typeof s.detail.comment === 'string' && s.detail.comment && `: “${s.detail.comment}”`}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
