// The search box. A query the API refuses is shown again under the box with a caret under the
// column the API names, and the cursor is put at that column in the box.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api/client';

interface Props {
  query: string;
  error: ApiError | null;
  focusRequest: number;
  onSubmit: (query: string) => void;
}

// The last `/` press handled: a search page mounted later does not take the focus again.
let focusHandled = 0;

export function QueryBox({ query, error, focusRequest, onSubmit }: Props) {
  const [text, setText] = useState(query);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setText(query), [query]);
  useEffect(() => {
    if (focusRequest > focusHandled && input.current) {
      focusHandled = focusRequest;
      input.current.focus();
    }
  }, [focusRequest]);
  const column = error?.field === 'q' ? error.column : null;
  useEffect(() => {
    if (column !== null && input.current) {
      const at = Math.max(0, Math.min(column - 1, query.length));
      input.current.focus();
      input.current.setSelectionRange(at, Math.min(at + 1, query.length));
    }
  }, [error, column, query]);
  return (
    <form
      class="query-form"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(text.trim());
      }}
    >
      <label for="q" class="visually-hidden">
        Search query
      </label>
      <div class="query-row">
        <input
          id="q"
          ref={input}
          type="search"
          name="q"
          value={text}
          placeholder="verdict:open product:redis severity:critical"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          aria-invalid={error?.field === 'q'}
          aria-describedby={error?.field === 'q' ? 'q-error' : 'q-help'}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit">Search</button>
      </div>
      {error?.field === 'q' ? (
        <QueryError query={query} message={error.message} column={column} />
      ) : (
        <p id="q-help" class="hint">
          Filters such as <code>verdict:open</code>, <code>port:6379,9200</code>,{' '}
          <code>category:financial</code>, <code>-tag:lab</code>, <code>size:&gt;1GB</code>; press{' '}
          <kbd>/</kbd> to come back here.
        </p>
      )}
    </form>
  );
}

function QueryError({ query, message, column }: { query: string; message: string; column: number | null }) {
  return (
    <div id="q-error" class="query-error" role="alert">
      <p class="query-error-message">{message}</p>
      {column !== null && (
        <pre class="query-echo" aria-hidden="true">
          <span class="query-echo-text">{query}</span>
          {'\n'}
          <span class="query-caret" data-column={column}>
            {`${' '.repeat(Math.max(0, column - 1))}^`}
          </span>
        </pre>
      )}
    </div>
  );
}
