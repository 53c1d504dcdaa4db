// Search like Shodan's: the query box, the facets beside the results, and "More" for the next page.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, isAbort } from '../api/client';
import * as api from '../api/routes';
import type { SearchResult, Service } from '../api/types';
import { ErrorNote, Loading } from '../components/ErrorNote';
import { Facets } from '../components/Facets';
import { QueryBox } from '../components/QueryBox';
import { ResultList } from '../components/ResultList';
import { navigate, searchHref } from '../router';

interface State {
  first: SearchResult | null;
  items: Service[];
  cursor: string | null;
  error: Error | null;
  loading: boolean;
}

// Facets start folded on a phone, so the results come first.
const wide = () => window.matchMedia('(min-width: 56rem)').matches;

const empty: State = { first: null, items: [], cursor: null, error: null, loading: true };

export function SearchPage({ query, focusRequest }: { query: string; focusRequest: number }) {
  const [state, setState] = useState<State>(empty);
  const [moreError, setMoreError] = useState<Error | null>(null);
  useEffect(() => {
    document.title = query ? `${query} · leakwatch` : 'Search · leakwatch';
    const controller = new AbortController();
    setState(empty);
    setMoreError(null);
    api.search(query, null, controller.signal).then(
      (r) => setState({ first: r, items: r.items, cursor: r.next_cursor, error: null, loading: false }),
      (e: unknown) => {
        if (!isAbort(e)) setState({ ...empty, error: e as Error, loading: false });
      },
    );
    return () => controller.abort();
  }, [query]);

  const more = async () => {
    setMoreError(null);
    try {
      const r = await api.search(query, state.cursor);
      setState((s) => ({ ...s, items: [...s.items, ...r.items], cursor: r.next_cursor }));
    } catch (e) {
      setMoreError(e as Error);
    }
  };

  const queryError = state.error instanceof ApiError && state.error.field === 'q' ? state.error : null;
  return (
    <div class="page search-page">
      <h1 class="visually-hidden" tabIndex={-1}>
        Search
      </h1>
      <QueryBox query={query} error={queryError} focusRequest={focusRequest} onSubmit={(q) => navigate(searchHref(q))} />
      {state.loading && <Loading what="results" />}
      {state.error && !queryError && <ErrorNote error={state.error} what="The search failed" />}
      {state.first && (
        <div class="search-layout">
          <details class="facets-box" open={wide()}>
            <summary>Refine</summary>
            <Facets query={query} facets={state.first.facets} />
          </details>
          <section class="results-box" aria-labelledby="results-heading">
            <h2 id="results-heading" class="results-count" aria-live="polite">
              {state.first.total.toLocaleString('en-US')} {state.first.total === 1 ? 'service' : 'services'}
              {query && (
                <>
                  {' '}
                  for <code>{query}</code>
                </>
              )}
            </h2>
            {state.items.length === 0 ? (
              <p class="empty">Nothing matches. Remove a filter, or search everything with an empty query.</p>
            ) : (
              <ResultList items={state.items} />
            )}
            {moreError && <ErrorNote error={moreError} what="The next page failed" />}
            {state.cursor && (
              <button type="button" class="more" onClick={more}>
                More results ({state.items.length} of {state.first.total.toLocaleString('en-US')} shown)
              </button>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
