// The active silences, each with an Expire button for responders.
import { useState } from 'preact/hooks';
import * as api from '../api/routes';
import type { Silence } from '../api/types';
import { relative, utc } from '../format';
import { ErrorNote } from './ErrorNote';

interface Props {
  silences: Silence[];
  canRespond: boolean;
  onChanged: (message: string) => void;
}

export function SilenceList({ silences, canRespond, onChanged }: Props) {
  const [error, setError] = useState<Error | null>(null);
  if (silences.length === 0) return <p class="empty">No active silences.</p>;
  const expire = async (s: Silence) => {
    setError(null);
    try {
      await api.expireSilence(s.id);
      onChanged(`Silence ${s.id} expired.`);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <>
      {error && <ErrorNote error={error} what="The silence could not be expired" />}
      <ul class="silences">
        {silences.map((s) => (
          <li key={s.id} class="silence" data-silence-id={s.id}>
            <span>
              <strong>{[s.asset && `asset ${s.asset}`, s.service, s.rule && `rule ${s.rule}`].filter(Boolean).join(' · ')}</strong>{' '}
              until <time dateTime={s.expires} title={utc(s.expires)}>{relative(s.expires)}</time>
              {s.author && ` · by ${s.author}`}
              {s.comment && ` · “${s.comment}”`}
            </span>
            {canRespond && (
              <button type="button" class="secondary small" onClick={() => expire(s)}>
                Expire
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
