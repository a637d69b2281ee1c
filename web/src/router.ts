/** Hash routes (`#/incidents/inc_1`): a deep link is the whole URL, so it survives the sign-in page. */
import { useEffect, useState } from 'preact/hooks';

export interface Route { path: string[]; query: URLSearchParams }

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  return { path: path.split('/').filter((part) => part !== '').map(decodeURIComponent), query: new URLSearchParams(query) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const href = (...parts: string[]): string => `#/${parts.map(encodeURIComponent).join('/')}`;

export function navigate(to: string): void {
  location.hash = to;
}

/** Replaces the query of the current route without adding a history entry per keystroke. */
export function replaceQuery(query: Record<string, string | number | undefined>): void {
  const route = parseRoute(location.hash);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  history.replaceState(null, '', `#/${route.path.map(encodeURIComponent).join('/')}${text === '' ? '' : `?${text}`}`);
  dispatchEvent(new HashChangeEvent('hashchange'));
}
