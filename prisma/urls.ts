/**
 * What a database URL says, without loading a driver: its provider and its redacted form
 * (config/env.ts validates with these at start-up; prisma/adapters.ts opens the driver).
 */
export type DbProvider = 'sqlite' | 'postgresql';

/** The provider a database URL names, or a clear error naming the URL's scheme. */
export function providerOf(url: string): DbProvider {
  if (url.startsWith('file:')) {
    if (url.length <= 'file:'.length) throw new Error(`DATABASE_URL "${url}" has no file path`);
    return 'sqlite';
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`DATABASE_URL "${redactUrl(url)}" is not a valid PostgreSQL URL`);
    }
    if (!parsed.hostname) throw new Error(`DATABASE_URL "${redactUrl(url)}" has no host`);
    return 'postgresql';
  }
  throw new Error(
    `DATABASE_URL "${redactUrl(url)}" must start with file: (SQLite) or postgres:// (PostgreSQL)`,
  );
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
