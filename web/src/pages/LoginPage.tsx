// Signing in: paste an API token; it is checked with GET /api/v1/me before it is kept.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import * as api from '../api/routes';
import type { Me } from '../api/types';

interface Props {
  notice: string | null;
  onSignedIn: (token: string, me: Me) => void;
}

export function LoginPage({ notice, onSignedIn }: Props) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.title = 'Sign in · leakwatch';
    input.current?.focus();
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const token = value.trim();
    if (token === '') {
      setError('Paste a token first: it starts with lw_ (leakwatch token create prints one).');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(token, await api.me(token));
    } catch (err) {
      const status = err instanceof ApiError && err.status > 0 ? ` (HTTP ${err.status})` : '';
      setError(`The token was refused${status}: ${(err as Error).message}`);
      setBusy(false);
    }
  };
  return (
    <main id="main" class="login" tabIndex={-1}>
      <form class="card login-card" onSubmit={submit}>
        <h1>
          <img src="favicon.svg" alt="" width="28" height="28" /> leakwatch
        </h1>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="token">API token</label>
        <input
          id="token"
          ref={input}
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={value}
          aria-invalid={error !== null}
          aria-describedby={error ? 'token-error' : 'token-help'}
          onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        />
        {error ? (
          <p id="token-error" class="error-note" role="alert">
            {error}
          </p>
        ) : (
          <p id="token-help" class="hint">
            Make one with <code>leakwatch token create --name NAME --role viewer --db CATALOG</code>. It is
            kept in this tab only, until you sign out or close it.
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
