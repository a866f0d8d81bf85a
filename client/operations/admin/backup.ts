/**
 * `yz backup [<file>]` and `yz restore <file>` (admin only): a consistent copy of the database
 * taken while the system runs, and that copy read back (store/backup.ts does the copying).
 * - A backup goes to `<file>`, or `<YZ_DATA_DIR>/backups/yanzhen-<time>.db|.pgdump`; an existing
 *   file is never overwritten. It is audited in the database it copied.
 * - A restore refuses to overwrite a database in use (one holding people, units, notices or
 *   audit rows) without `force`; forced, it first backs up what it replaces (`replacedCopy`) and
 *   says what that held. A backup from an older version is migrated to this version's schema
 *   right after it is read back (the same migrator as `npm run db:migrate`), and says which
 *   migrations it took. The restore is audited in the restored database (a row in the replaced
 *   one would be gone with it), with those migrations; a migration that fails is audited too,
 *   and the restore answers an error naming what is still pending.
 * Only the database: Temporal's state (`temporal.db` or its own server) and the keys in the data
 * folder need their own copies (README, 备份与恢复 / Backups).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../../config/env';
import { Conflict, InputError } from '../../../common/errors';
import { PRIVATE_DIR_MODE } from '../../../runtime/dataDir';
import { recordAudit } from '../../../store/audit';
import {
  backupExtension,
  checkBackupFile,
  copyDatabase,
  databaseContents,
  pendingMigrations,
  restoreDatabase,
  type DatabaseContents,
} from '../../../store/backup';
import type { Db } from '../../../store/db';
import { deployMigrations } from '../../../prisma/migrator';
import { requireAdmin, type Actor } from '../actor';

export interface BackupContext {
  db: Db;
  config: Pick<Config, 'database' | 'dataDir'>;
  ip?: string;
}

export interface BackupResult {
  file: string;
  provider: Config['database']['provider'];
  bytes: number;
  at: string;
  contents: DatabaseContents;
}

/** `yanzhen-20261201-203015` in UTC: sorts by time, safe in every file system. */
const stamp = (at: Date) =>
  at
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');

function backupPath(ctx: BackupContext, prefix: string, at: Date): string {
  const dir = join(ctx.config.dataDir, 'backups');
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return join(dir, `${prefix}-${stamp(at)}${backupExtension(ctx.config.database.provider)}`);
}

/** Copies the database into `file` (or the data folder's backups/), and audits it. */
export async function backupDatabase(
  ctx: BackupContext,
  actor: Actor,
  file?: string,
): Promise<BackupResult> {
  requireAdmin(actor);
  const at = new Date();
  const target = file ? resolve(file) : backupPath(ctx, 'yanzhen', at);
  if (existsSync(target))
    throw new Conflict(`备份文件已存在 / "${target}" exists: a backup never overwrites a file`);
  if (!existsSync(dirname(target)))
    throw new InputError(`目录不存在 / the folder "${dirname(target)}" does not exist`);
  const contents = await databaseContents(ctx.db);
  const bytes = await copyDatabase(ctx.config.database.url, target);
  await recordAudit(ctx.db, {
    actor,
    action: 'database.backup',
    targets: [],
    after: { file: target, bytes },
    ip: ctx.ip,
  });
  return {
    file: target,
    provider: ctx.config.database.provider,
    bytes,
    at: at.toISOString(),
    contents,
  };
}

export interface RestoreResult {
  file: string;
  provider: Config['database']['provider'];
  /** What the database held before (counts only). */
  replaced: DatabaseContents;
  /** The backup of what was replaced, when it held anything. */
  replacedCopy: string | null;
  restored: DatabaseContents;
  /** This version's migrations the restore applied to the restored database (an older backup). */
  migrated: string[];
  /** Migrations of this version the restored database still lacks (none once migrated). */
  pendingMigrations: string[];
}

const inUse = (c: DatabaseContents) => c.people + c.units + c.notices + c.auditEvents > 0;

const describe = (c: DatabaseContents) =>
  `${c.people} people, ${c.units} units, ${c.notices} notices, ${c.auditEvents} audit rows` +
  (c.lastAuditAt ? `, last written ${c.lastAuditAt}` : '');

/** Replaces the database with the backup `file`; `force` to replace one in use. */
export async function restoreBackup(
  ctx: BackupContext,
  actor: Actor,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  requireAdmin(actor);
  const source = resolve(file);
  const { provider, url } = ctx.config.database;
  await checkBackupFile(provider, source);
  const replaced = await databaseContents(ctx.db);
  let replacedCopy: string | null = null;
  if (inUse(replaced)) {
    if (!options.force)
      throw new Conflict(
        `数据库正在使用（${describe(replaced)}），加 --force 才会覆盖 / the database is in use (${describe(replaced)}): restoring replaces all of it; add --force (a backup of it is taken first)`,
      );
    replacedCopy = backupPath(ctx, 'before-restore', new Date());
    await copyDatabase(url, replacedCopy);
  }
  await restoreDatabase(url, source);
  // A backup from an older version: its database takes this version's migrations now, with the
  // same migrator as `npm run db:migrate` and `npm start`, so the system never runs on a schema
  // older than its code.
  let migrated: string[] = [];
  let migrationError: string | undefined;
  if ((await pendingMigrations(ctx.db, provider)).length) {
    try {
      // The migrator opens the database itself; a SQLite file this process holds open would be
      // locked to it. The client opens it again at its next query.
      if (provider === 'sqlite') await ctx.db.$disconnect();
      migrated = await deployMigrations(url);
    } catch (e) {
      migrationError = (e as Error).message;
    }
  }
  const pending = await pendingMigrations(ctx.db, provider);
  const restored = await databaseContents(ctx.db);
  await recordAudit(ctx.db, {
    actor,
    action: 'database.restore',
    targets: [],
    after: {
      file: source,
      replaced,
      replacedCopy,
      migrated,
      ...(migrationError !== undefined ? { migrationError, pending } : {}),
    },
    ip: ctx.ip,
  });
  if (migrationError !== undefined)
    throw new Error(
      `已恢复，但迁移失败（${pending.length} 个待迁移）/ restored, but its migration failed (${pending.length} pending: ${pending.join(', ')}): ${migrationError}; fix the cause and run npm run db:migrate`,
    );
  return {
    file: source,
    provider,
    replaced,
    replacedCopy,
    restored,
    migrated,
    pendingMigrations: pending,
  };
}
