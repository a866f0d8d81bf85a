/**
 * A fresh, migrated database per test file: a temporary SQLite file, or (when
 * TEST_DATABASE_URL_PG is given, as CI does) a new PostgreSQL database on that server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../store/db';
import { deployMigrations } from '../../prisma/migrator';
import type { DbProvider } from '../../prisma/adapters';

export interface TestDb {
  provider: DbProvider;
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** The providers this run can test: SQLite always, PostgreSQL when a server URL is given. */
export function providersUnderTest(): DbProvider[] {
  return process.env.TEST_DATABASE_URL_PG ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/** Migrates the database at `url`, opens it, and hands back `close` that also runs `cleanup`. */
async function migrated(
  provider: DbProvider,
  url: string,
  cleanup: () => Promise<void>,
): Promise<TestDb> {
  await deployMigrations(url);
  const db = await openDb(url);
  return {
    provider,
    url,
    db,
    async close() {
      await db.$disconnect();
      await cleanup();
    },
  };
}

/** Runs one statement on the PostgreSQL server's maintenance connection. */
async function onServer(base: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function createTestDb(provider: DbProvider = 'sqlite'): Promise<TestDb> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'yz-db-'));
    return migrated(provider, `file:${join(dir, 'test.db')}`, async () =>
      rmSync(dir, { recursive: true, force: true }),
    );
  }
  const base = process.env.TEST_DATABASE_URL_PG;
  if (!base)
    throw new Error('TEST_DATABASE_URL_PG is not set: no PostgreSQL server to test against');
  const name = `yz_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await onServer(base, `CREATE DATABASE "${name}"`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return migrated(provider, u.toString(), () =>
    onServer(base, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}
