// Every request to the REST API: the token as `Authorization: Bearer`, JSON both ways, and the
// API's error JSON ({"error": {"message", "field", "column"?}}) turned into an ApiError.
import { token } from '../session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
    readonly column: number | null = null,
  ) {
    super(message);
  }
}

type Unauthorized = (message: string) => void;
let unauthorized: Unauthorized = () => {};

/** Called on every 401: the token is unknown, revoked or missing. */
export function onUnauthorized(handler: Unauthorized): void {
  unauthorized = handler;
}

export type Params = Record<string, string | number | undefined | null>;

function url(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? path : `${path}?${s}`;
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy's page, say
  }
  const err = (body as { error?: { message?: unknown; field?: unknown; column?: unknown } } | null)?.error;
  const message =
    typeof err?.message === 'string' ? err.message : `the server answered HTTP ${res.status} ${res.statusText}`.trim();
  const retry = res.headers.get('Retry-After');
  return new ApiError(
    res.status,
    res.status === 429 && retry ? `${message} (try again in ${retry} s)` : message,
    typeof err?.field === 'string' ? err.field : null,
    typeof err?.column === 'number' ? err.column : null,
  );
}

export async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { params?: Params; body?: unknown; signal?: AbortSignal; bearer?: string } = {},
): Promise<T> {
  const bearer = options.bearer ?? token();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url(path, options.params), {
      method,
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, `the server did not answer (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!res.ok) {
    const err = await errorOf(res);
    if (res.status === 401 && options.bearer === undefined) unauthorized(err.message);
    throw err;
  }
  return (await res.json()) as T;
}

export const get = <T>(path: string, params?: Params, signal?: AbortSignal) =>
  request<T>('GET', path, { params: params ?? {}, ...(signal ? { signal } : {}) });
export const post = <T>(path: string, body: unknown) => request<T>('POST', path, { body });
export const del = <T>(path: string) => request<T>('DELETE', path);

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
