// Confirming an incident action (acknowledge, close, silence) in a modal dialog: a comment, for a
// silence its duration, and the API's answer when it refuses.
import { useEffect, useRef, useState } from 'preact/hooks';
import * as api from '../api/routes';
import type { Incident } from '../api/types';
import { endpoint, utc } from '../format';
import { ErrorNote } from './ErrorNote';

export type ActionKind = 'ack' | 'close' | 'silence';

const titles: Record<ActionKind, string> = {
  ack: 'Acknowledge',
  close: 'Close',
  silence: 'Silence',
};

const durations = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 4 * 3600, label: '4 hours' },
  { seconds: 86400, label: '1 day' },
  { seconds: 7 * 86400, label: '7 days' },
  { seconds: 30 * 86400, label: '30 days' },
];

interface Props {
  kind: ActionKind;
  incident: Incident;
  onDone: (message: string) => void;
  onCancel: () => void;
}

export function ActionDialog({ kind, incident, onDone, onCancel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState(3600);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  const service = endpoint(incident.ip, incident.port);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (kind === 'ack') {
        await api.acknowledge(incident.id, comment);
        onDone(`Incident ${incident.id} (${service}) acknowledged.`);
      } else if (kind === 'close') {
        await api.closeIncident(incident.id, comment);
        onDone(`Incident ${incident.id} (${service}) closed.`);
      } else {
        const r = await api.addSilence({ service, duration_s: duration, comment });
        onDone(`Notifications for ${service} silenced until ${utc(r.silence.expires)}.`);
      }
    } catch (err) {
      setError(err as Error);
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="action-dialog" aria-labelledby="action-title" onCancel={onCancel}>
      <form onSubmit={submit}>
        <h2 id="action-title">
          {titles[kind]} incident {incident.id}
        </h2>
        <p>
          {kind === 'ack' && <>Acknowledge the exposure of {service}: someone is on it. Notifications go on until it is fixed.</>}
          {kind === 'close' && <>Close the incident of {service}. If the service is found open again, a new incident opens.</>}
          {kind === 'silence' && <>Hold back notifications about {service} for a while. The incident stays as it is.</>}
        </p>
        {kind === 'silence' && (
          <>
            <label for="silence-duration">For</label>
            <select
              id="silence-duration"
              value={duration}
              onChange={(e) => setDuration(Number((e.target as HTMLSelectElement).value))}
            >
              {durations.map((d) => (
                <option key={d.seconds} value={d.seconds}>
                  {d.label}
                </option>
              ))}
            </select>
          </>
        )}
        <label for="action-comment">Comment {kind === 'silence' ? '(why)' : '(optional)'}</label>
        <textarea
          id="action-comment"
          rows={3}
          maxLength={1000}
          value={comment}
          onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
        />
        {error && <ErrorNote error={error} what={`${titles[kind]} was refused`} />}
        <div class="dialog-buttons">
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" class={kind === 'close' ? 'danger' : ''} disabled={busy}>
            {titles[kind]}
          </button>
        </div>
      </form>
    </dialog>
  );
}
