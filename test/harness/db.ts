/**
 * A fresh, migrated database per test file: a temporary SQLite file, or (when
 * TEST_DATABASE_URL_PG is given, as CI does) a new PostgreSQL database on that server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDb, type Db } from '../../activities/db';
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

export async function createTestDb(provider: DbProvider = 'sqlite'): Promise<TestDb> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'yz-db-'));
    const url = `file:${join(dir, 'test.db')}`;
    await deployMigrations(url);
    const db = await openDb(url);
    return {
      provider,
      url,
      db,
      async close() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = process.env.TEST_DATABASE_URL_PG;
  if (!base)
    throw new Error('TEST_DATABASE_URL_PG is not set: no PostgreSQL server to test against');
  const name = `yz_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  await deployMigrations(url);
  const db = await openDb(url);
  return {
    provider,
    url,
    db,
    async close() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
