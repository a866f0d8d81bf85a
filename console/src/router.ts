/**
 * A small path router under /console/: the server answers index.html for every path there
 * (SPA fallback), so a link or a reload opens the same page.
 */
import { useEffect, useState } from 'react';

export const BASE = '/console';

const changed = new EventTarget();

export function navigate(path: string): void {
  window.history.pushState(null, '', BASE + path);
  changed.dispatchEvent(new Event('change'));
}

function current(): string {
  const p = window.location.pathname;
  const rest = p.startsWith(BASE) ? p.slice(BASE.length) : p;
  return rest === '' ? '/' : rest;
}

/** The path after /console (e.g. `/exam/pd-2025`), re-rendering on navigation. */
export function usePath(): string {
  const [path, setPath] = useState(current);
  useEffect(() => {
    const update = () => setPath(current());
    window.addEventListener('popstate', update);
    changed.addEventListener('change', update);
    return () => {
      window.removeEventListener('popstate', update);
      changed.removeEventListener('change', update);
    };
  }, []);
  return path;
}

/** `/exam/:id` against `/exam/pd-2025` → { id: 'pd-2025' }; null when it does not match. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) params[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}
