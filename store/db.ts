/**
 * The Prisma client for the configured database. Both providers' clients are generated from one
 * schema, so they share one shape; the SQLite client's type stands for both.
 */
import { PrismaClient } from '../generated/prisma/sqlite/client';
import { adapterFactoryFor, providerOf } from '../prisma/adapters';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/sqlite/client';

/** Opens the database at `url` (file: → SQLite, postgres:// → PostgreSQL). */
export async function openDb(url: string): Promise<Db> {
  const adapter = await adapterFactoryFor(url);
  if (providerOf(url) === 'sqlite') {
    const db = new PrismaClient({ adapter });
    // WAL lets the API and reports read while the worker writes; NORMAL sync is safe with WAL.
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
    return db;
  }
  // Loaded only for PostgreSQL: the embedded default does not pay for a second client.
  const { PrismaClient: PostgresPrismaClient } = await import(
    '../generated/prisma/postgresql/client'
  );
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

import type { Prisma as P } from '../generated/prisma/sqlite/client';
/** A transaction's client: what `$transaction(async (tx) => …)` hands its callback. */
export type Tx = P.TransactionClient;

/**
 * Runs `work` in a transaction that takes the write lock first. SQLite's `BEGIN` is deferred: a
 * transaction that reads and then writes while another connection (the worker) has written since
 * its read fails at once with SQLITE_BUSY, whatever the busy timeout, because its snapshot is
 * stale. A no-op write as the first statement takes the lock before any read, so the transaction
 * waits its turn instead. On PostgreSQL the same statement is a harmless no-op.
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('UPDATE "Setting" SET "key" = "key" WHERE 1 = 0');
      return work(tx);
    },
    // Wait for the lock rather than fail after Prisma's 5 s default while a wave is written.
    { maxWait: 30_000, timeout: 60_000 },
  );
}
