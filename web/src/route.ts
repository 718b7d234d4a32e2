/** Hash routes (#/states/KAZ?asOf=2024-05-13), so the server only ever serves one page. */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [path = '', search = ''] = hash.split('?', 2);
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

/** Records a view's filters in the address without re-rendering the view (no hashchange). */
export function rememberParams(path: string, params: Record<string, string | undefined>): void {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  history.replaceState(null, '', `#${path}${text ? `?${text}` : ''}`);
}

export interface View {
  /** Fetches and draws the numbers again, keeping the controls (and the focus) as they are. */
  refresh(): Promise<void>;
}
