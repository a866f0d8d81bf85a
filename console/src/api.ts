/**
 * The console's one way to the server: JSON over the HTTP API (the same routes scripts use).
 * A browser session is the `yz_session` cookie; every write carries the CSRF token the login
 * answered. Errors come back as ApiError with the server's message (Chinese / English).
 */
const CSRF_KEY = 'yz.csrf';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The answer's body: an upload refused with 422 carries its problems by row. */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

export function setCsrfToken(token: string | null): void {
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

/** Fired when the server answers 401: the session ended (expired, logged out elsewhere). */
export const sessionEnded = new EventTarget();

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = sessionStorage.getItem(CSRF_KEY);
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const message = (data as { error?: string } | undefined)?.error ?? res.statusText;
    if (res.status === 401 && path !== '/auth/login') sessionEnded.dispatchEvent(new Event('end'));
    throw new ApiError(res.status, message, data);
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);

/** A file chosen in the browser, as the upload routes take it. */
export async function fileBody(file: File): Promise<{ fileName: string; contentBase64: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, contentBase64: btoa(binary) };
}

/** `?a=1&b=x` from the defined values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
