// The API token of this tab. sessionStorage: it survives a reload, ends with the tab, and is
// never put in a URL (the API refuses tokens in query strings; hashes end up in histories).
const key = 'leakwatch.token';

export function token(): string | null {
  return sessionStorage.getItem(key);
}

export function signIn(value: string): void {
  sessionStorage.setItem(key, value);
}

export function signOut(): void {
  sessionStorage.removeItem(key);
}
