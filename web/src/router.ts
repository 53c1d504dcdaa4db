// Hash routes: #/login, #/search?q=..., #/host/<ip>, #/incidents, #/overview.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'login' }
  | { page: 'search'; query: string }
  | { page: 'host'; ip: string }
  | { page: 'incidents' }
  | { page: 'overview' }
  | { page: 'unknown'; path: string };

export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '') || '/search';
  const [path = '', search = ''] = text.split('?', 2);
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter((p) => p !== '');
  switch (parts[0]) {
    case 'login':
      return { page: 'login' };
    case 'search':
    case undefined:
      return { page: 'search', query: params.get('q') ?? '' };
    case 'host':
      if (parts.length === 2) return { page: 'host', ip: decodeURIComponent(parts[1] ?? '') };
      break;
    case 'incidents':
      return { page: 'incidents' };
    case 'overview':
      return { page: 'overview' };
  }
  return { page: 'unknown', path };
}

export function searchHref(query: string): string {
  return query === '' ? '#/search' : `#/search?q=${encodeURIComponent(query)}`;
}

export function hostHref(ip: string): string {
  return `#/host/${encodeURIComponent(ip)}`;
}

export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
