// An API error where the thing it is about is shown: the API's own message, with what was refused.
import { ApiError } from '../api/client';

export function ErrorNote({ error, what }: { error: Error; what: string }) {
  const status = error instanceof ApiError && error.status > 0 ? ` (HTTP ${error.status})` : '';
  return (
    <p class="error-note" role="alert">
      <strong>{what}{status}:</strong> {error.message}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {what}…
    </p>
  );
}
