// One state's column of the incident board, newest activity first, with "More".
import { useEffect, useState } from 'preact/hooks';
import { isAbort } from '../api/client';
import * as api from '../api/routes';
import type { Incident, IncidentState, Silence } from '../api/types';
import type { ActionKind } from './ActionDialog';
import { ErrorNote, Loading } from './ErrorNote';
import { IncidentCard } from './IncidentCard';

interface Props {
  state: IncidentState;
  title: string;
  version: number;
  canRespond: boolean;
  range: { from: number; to: number };
  silences: Silence[];
  onLoaded: (state: IncidentState, items: Incident[]) => void;
  onAction: (kind: ActionKind, incident: Incident) => void;
}

export function IncidentColumn({ state, title, version, canRespond, range, silences, onLoaded, onAction }: Props) {
  const [items, setItems] = useState<Incident[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    api.incidents(state, null, controller.signal).then(
      (page) => {
        setItems(page.items);
        setCursor(page.next_cursor);
        onLoaded(state, page.items);
      },
      (e: unknown) => {
        if (!isAbort(e)) setError(e as Error);
      },
    );
    return () => controller.abort();
  }, [state, version]);
  const more = async () => {
    try {
      const page = await api.incidents(state, cursor);
      const all = [...(items ?? []), ...page.items];
      setItems(all);
      setCursor(page.next_cursor);
      onLoaded(state, all);
    } catch (e) {
      setError(e as Error);
    }
  };
  return (
    <section class={`board-column column-${state}`} aria-labelledby={`column-${state}`} data-state={state}>
      <h2 id={`column-${state}`}>
        {title} <span class="count">{items ? items.length + (cursor ? '+' : '') : ''}</span>
      </h2>
      {error && <ErrorNote error={error} what={`${title} incidents could not be read`} />}
      {!items && !error && <Loading what={`${title.toLowerCase()} incidents`} />}
      {items && items.length === 0 && <p class="empty">None.</p>}
      {items && items.length > 0 && (
        <ul class="incident-list">
          {items.map((i) => (
            <IncidentCard
              key={i.id}
              incident={i}
              canRespond={canRespond}
              range={range}
              silences={silences}
              onAction={onAction}
            />
          ))}
        </ul>
      )}
      {cursor && (
        <button type="button" class="more" onClick={more}>
          More {title.toLowerCase()}
        </button>
      )}
    </section>
  );
}
