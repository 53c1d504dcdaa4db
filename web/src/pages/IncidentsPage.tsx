// The incident board: a column per state (open, acknowledged, remediated, closed), each card with
// its exposure window; acknowledge, silence and close for responders; the active silences.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import * as api from '../api/routes';
import type { Incident, IncidentState, Me } from '../api/types';
import { ActionDialog, type ActionKind } from '../components/ActionDialog';
import { ErrorNote } from '../components/ErrorNote';
import { IncidentColumn } from '../components/IncidentColumn';
import { SilenceList } from '../components/SilenceList';
import { useLoad } from '../useLoad';

const columns: Array<{ state: IncidentState; title: string }> = [
  { state: 'open', title: 'Open' },
  { state: 'acknowledged', title: 'Acknowledged' },
  { state: 'remediated', title: 'Remediated' },
  { state: 'closed', title: 'Closed' },
];

export function IncidentsPage({ me }: { me: Me }) {
  const canRespond = me.role === 'responder' || me.role === 'admin';
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState('');
  const [action, setAction] = useState<{ kind: ActionKind; incident: Incident } | null>(null);
  const [loaded, setLoaded] = useState<Partial<Record<IncidentState, Incident[]>>>({});
  const silences = useLoad((signal) => api.silences(signal), [version]);
  useEffect(() => {
    document.title = 'Incidents · leakwatch';
  }, []);
  const onLoaded = useCallback((state: IncidentState, items: Incident[]) => {
    setLoaded((all) => ({ ...all, [state]: items }));
  }, []);
  // Every exposure window is drawn on one scale: the earliest first sighting on the board to now.
  const range = useMemo(() => {
    const starts = Object.values(loaded).flatMap((items) => items.map((i) => new Date(i.first_seen).getTime()));
    const to = Date.now();
    return { from: starts.length ? Math.min(...starts) : to - 3600_000, to };
  }, [loaded]);
  const changed = (message: string) => {
    setAction(null);
    setStatus(message);
    setVersion((v) => v + 1);
  };
  return (
    <div class="page incidents-page">
      <header class="page-head">
        <h1 tabIndex={-1}>Incidents</h1>
        <p class="muted">
          Each card is one exposure: from when the service was first seen open to when it was fixed.
          {!canRespond && ' Your role (viewer) can look but not change them.'}
        </p>
        <p class="status" role="status" aria-live="polite">
          {status}
        </p>
      </header>
      <div class="board">
        {columns.map((c) => (
          <IncidentColumn
            key={c.state}
            state={c.state}
            title={c.title}
            version={version}
            canRespond={canRespond}
            range={range}
            silences={silences.data?.items ?? []}
            onLoaded={onLoaded}
            onAction={(kind, incident) => setAction({ kind, incident })}
          />
        ))}
      </div>
      <section class="card" aria-labelledby="silences-heading">
        <h2 id="silences-heading">Silences</h2>
        {silences.error && <ErrorNote error={silences.error} what="Silences could not be read" />}
        {silences.data && <SilenceList silences={silences.data.items} canRespond={canRespond} onChanged={changed} />}
      </section>
      {action && (
        <ActionDialog kind={action.kind} incident={action.incident} onDone={changed} onCancel={() => setAction(null)} />
      )}
    </div>
  );
}
