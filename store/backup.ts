/**
 * 备份与恢复 / Copies of the database, taken while the system runs:
 * - SQLite: SQLite's online backup API (better-sqlite3 `backup`) on a connection of its own, the
 *   whole file in one step, so writers in other connections or processes (a wave in flight)
 *   cannot make it restart or tear: the copy is the database at one instant. Restoring runs the
 *   same API the other way, into the live file, so connections open on it see the restored
 *   contents (a file swapped underneath them would not be).
 * - PostgreSQL: `pg_dump -Fc` (one snapshot, writers carry on) and `pg_restore --clean` in a
 *   single transaction.
 * A copy is written to `<file>.partial` and renamed when complete: a crash leaves no file that
 * looks like a backup. Files are private (0600): a backup holds everyone's personal data.
 */
import { execFile } from 'node:child_process';
import { chmodSync, closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { InputError } from '../common/errors';
import { readMigrations } from '../prisma/migrator';
import { providerOf, type DbProvider } from '../prisma/urls';
import { PRIVATE_FILE_MODE } from '../runtime/dataDir';
import { postgresTool } from '../runtime/postgresTools';
import type { Db } from './db';

const run = promisify(execFile);
const ALL_PAGES = 0x7fffffff;
const SQLITE_MAGIC = 'SQLite format 3\0';
const PG_DUMP_MAGIC = 'PGDMP';

/** The file of a `file:` URL (query parameters dropped). */
export function sqliteFile(url: string): string {
  return url.slice('file:'.length).replace(/\?.*$/, '');
}

/** What a database holds, in the counts an admin recognises (before and after a restore). */
export interface DatabaseContents {
  people: number;
  units: number;
  users: number;
  notices: number;
  auditEvents: number;
  /** The newest audit row's time: roughly when the database was last written by someone. */
  lastAuditAt: string | null;
}

export async function databaseContents(db: Db): Promise<DatabaseContents> {
  const last = await db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { at: true } });
  return {
    people: await db.person.count(),
    units: await db.organisation.count(),
    users: await db.user.count(),
    notices: await db.notice.count(),
    auditEvents: await db.auditEvent.count(),
    lastAuditAt: last?.at.toISOString() ?? null,
  };
}

/**
 * Migrations of this version that the database has not applied: a backup from an older version,
 * restored, takes them at once (client/operations/admin/backup.ts runs the migrator on it, the
 * SQLite file released by this process's client first).
 */
export async function pendingMigrations(db: Db, provider: DbProvider): Promise<string[]> {
  const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
  );
  const done = new Set(applied.map((m) => m.migration_name));
  return readMigrations(provider)
    .migrationDirectories.map((d) => d.path)
    .filter((name) => !done.has(name));
}

/** The extension a backup of this provider's database takes. */
export const backupExtension = (provider: DbProvider) =>
  provider === 'sqlite' ? '.db' : '.pgdump';

/** Copies the database at `url` into `file` (which must not exist); returns its size in bytes. */
export async function copyDatabase(url: string, file: string): Promise<number> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    if (providerOf(url) === 'sqlite') {
      const source = new Database(sqliteFile(url), { readonly: true, fileMustExist: true });
      try {
        await source.backup(partial, { progress: () => ALL_PAGES });
      } finally {
        source.close();
      }
    } else {
      await postgres('pg_dump', url, ['-Fc', '--no-owner', '--no-privileges', '-f', partial]);
    }
    chmodSync(partial, PRIVATE_FILE_MODE);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  return statSync(file).size;
}

/**
 * Checks that `file` is a backup this provider restores, with a clear error naming the file:
 * a SQLite backup holds Yanzhen's migrations table, a PostgreSQL one is pg_dump's custom format.
 */
export async function checkBackupFile(provider: DbProvider, file: string): Promise<void> {
  let head: string;
  try {
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    closeSync(fd);
    head = buf.subarray(0, n).toString('latin1');
  } catch (e) {
    throw new InputError(
      `读不到备份文件 ${file} / cannot read the backup file "${file}": ${(e as Error).message}`,
    );
  }
  const wanted = provider === 'sqlite' ? SQLITE_MAGIC : PG_DUMP_MAGIC;
  if (!head.startsWith(wanted)) {
    const other = provider === 'sqlite' ? PG_DUMP_MAGIC : SQLITE_MAGIC;
    throw new InputError(
      head.startsWith(other)
        ? `备份文件 ${file} 属于另一种数据库 / "${file}" is a ${provider === 'sqlite' ? 'PostgreSQL' : 'SQLite'} backup; DATABASE_URL is ${provider === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`
        : `${file} 不是雁阵的数据库备份 / "${file}" is not a ${provider === 'sqlite' ? 'SQLite database' : 'pg_dump custom-format'} backup`,
    );
  }
  if (provider === 'sqlite') {
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const found = copy
        .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`)
        .get();
      if (!found)
        throw new InputError(
          `${file} 不是雁阵的数据库 / "${file}" is a SQLite database but not Yanzhen's (no _prisma_migrations table)`,
        );
    } finally {
      copy.close();
    }
  } else {
    try {
      await run(postgresTool('pg_restore'), ['--list', file]);
    } catch (e) {
      throw new InputError(
        `pg_restore 读不了 ${file} / pg_restore cannot read "${file}": ${(e as { stderr?: string }).stderr?.trim() || (e as Error).message}`,
      );
    }
  }
}

/** Replaces the contents of the database at `url` with the backup `file` (checked first). */
export async function restoreDatabase(url: string, file: string): Promise<void> {
  const provider = providerOf(url);
  await checkBackupFile(provider, file);
  if (provider === 'sqlite') {
    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      await copy.backup(sqliteFile(url), { progress: () => ALL_PAGES });
    } finally {
      copy.close();
    }
  } else {
    await postgres('pg_restore', url, [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      file,
    ]);
  }
}

/**
 * Runs pg_dump or pg_restore on the database of `url`. The connection goes by PG* variables, not
 * the URL: the password stays off the command line (visible to every user in `ps`), and the
 * URL's Prisma parameters (`schema`, `connection_limit`) are not libpq's.
 */
async function postgres(tool: 'pg_dump' | 'pg_restore', url: string, args: string[]) {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  const sslmode = u.searchParams.get('sslmode');
  const env = {
    ...process.env,
    PGHOST: decodeURIComponent(u.hostname),
    PGPORT: u.port || '5432',
    PGDATABASE: decodeURIComponent(u.pathname.replace(/^\//, '')),
    ...(u.username ? { PGUSER: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}),
    ...(sslmode ? { PGSSLMODE: sslmode } : {}),
  };
  const scoped = schema && tool === 'pg_dump' ? ['--schema', schema] : [];
  const target = tool === 'pg_restore' ? ['--dbname', env.PGDATABASE] : [];
  try {
    await run(postgresTool(tool), [...scoped, ...target, ...args], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${tool} 运行失败 / ${tool} failed: ${err.stderr?.trim() || err.message}`);
  }
}
