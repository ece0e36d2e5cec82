import { useEffect, useState } from 'preact/hooks';

/** Hash routes (#/board?…): the server serves one page and needs no route of its own per view. */
export interface Route {
  readonly path: string[];
  readonly query: URLSearchParams;
}

export function parseRoute(hash = location.hash): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?', 2);
  return {
    path: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(query),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parseRoute());
  useEffect(() => {
    const on = () => setRoute(parseRoute());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** A link target: path parts and the query (null and undefined left out; '' kept, e.g. the board's unnamed group). */
export function href(
  path: string | string[],
  query: Record<string, string | number | boolean | null | undefined> = {},
): string {
  const parts = (Array.isArray(path) ? path : [path]).map(encodeURIComponent).join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null) q.set(k, String(v));
  const s = q.toString();
  return `#/${parts}${s ? `?${s}` : ''}`;
}

export function go(path: string | string[], query: Parameters<typeof href>[1] = {}): void {
  location.hash = href(path, query);
}
