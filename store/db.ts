/**
 * The Prisma client for the configured database. Both providers' clients are generated from one
 * schema, so they share one shape; the SQLite client's type stands for both.
 */
import { PrismaClient } from '../generated/prisma/sqlite/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/prisma/postgresql/client';
import { adapterFactoryFor, providerOf } from '../prisma/adapters';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/sqlite/client';

/** Opens the database at `url` (file: → SQLite, postgres:// → PostgreSQL). */
export async function openDb(url: string): Promise<Db> {
  const adapter = adapterFactoryFor(url);
  if (providerOf(url) === 'sqlite') {
    const db = new PrismaClient({ adapter });
    // WAL lets the API and reports read while the worker writes; NORMAL sync is safe with WAL.
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    return db;
  }
  return new PostgresPrismaClient({ adapter }) as unknown as Db;
}

/** Parses a JSON column written by this application. */
export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what} holds malformed JSON`);
  }
}

/**
 * Options for an interactive transaction that a coordinator's command runs while the worker writes
 * the same SQLite file: wait for the write lock rather than fail after Prisma's 5 s default.
 */
export const SHARED_WRITE_TRANSACTION = { maxWait: 30_000, timeout: 60_000 } as const;
