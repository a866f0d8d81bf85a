/**
 * Backups round trip on each provider (SQLite always; PostgreSQL with TEST_DATABASE_URL_PG, a
 * database of its own): another process writes while the backup is taken, the data changes after
 * it, and the restore brings back exactly the backup's data. Every write is one transaction that
 * adds a numbered row and sets a counter to its number, so a torn copy would show as a counter
 * and a row count that disagree.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { bootstrapActor, ensureBootstrapAdmin } from '../../store/auth/bootstrap';
import { listAudit } from '../../store/audit';
import { sqliteFile } from '../../store/backup';
import { backupDatabase, restoreBackup } from '../../client/operations/admin/backup';
import type { Actor } from '../../client/operations/actor';
import type { DbProvider } from '../../prisma/urls';

vi.setConfig({ testTimeout: 120_000 });

/** A writer in its own process: `tick-<n>` audit rows and the `ticks` setting, 20 a turn. */
const WRITER = `
const [provider, target] = process.argv.slice(1);
let n = 0;
let stop = false;
process.stdin.on('end', () => (stop = true));
process.stdin.resume();
const done = () => process.stdout.write('total ' + n + '\\n');
const row = 'INSERT INTO "AuditEvent" ("actor", "action", "targets") VALUES ($1, $2, $3)';
const counter =
  'INSERT INTO "Setting" ("key", "value") VALUES ($1, $2) ' +
  'ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"';
if (provider === 'sqlite') {
  const db = new (require('better-sqlite3'))(target);
  db.pragma('busy_timeout = 30000');
  const ins = db.prepare(row.replace(/\\$\\d/g, '?'));
  const set = db.prepare(counter.replace(/\\$\\d/g, '?'));
  const tick = db.transaction((i) => {
    ins.run('writer', 'tick-' + i, '[]');
    set.run('ticks', String(i));
  });
  const loop = () => {
    if (stop) return (db.close(), done());
    for (let k = 0; k < 20; k++) tick(++n);
    if (n === 20) process.stdout.write('ready\\n');
    setTimeout(loop, 1);
  };
  loop();
} else {
  const c = new (require('pg').Client)({ connectionString: target });
  (async () => {
    await c.connect();
    while (!stop) {
      for (let k = 0; k < 20; k++) {
        const i = ++n;
        await c.query('BEGIN');
        await c.query(row, ['writer', 'tick-' + i, '[]']);
        await c.query(counter, ['ticks', String(i)]);
        await c.query('COMMIT');
      }
      if (n === 20) process.stdout.write('ready\\n');
    }
    await c.end();
    done();
  })();
}
`;

function startWriter(provider: DbProvider, url: string) {
  const target = provider === 'sqlite' ? sqliteFile(url) : url;
  const child = spawn(process.execPath, ['-e', WRITER, provider, target], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => out.includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before writing`)));
  });
  const total = new Promise<number>((resolve, reject) =>
    child.once('exit', (code) => {
      const m = /total (\d+)/.exec(out);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`the writer failed (${code}): ${out}`));
    }),
  );
  return { ready, stop: () => (child.stdin.end(), total) };
}

/** The writer's ticks as the database holds them: the counter, the rows and their top number. */
async function ticks(tdb: TestDb) {
  const rows = await tdb.db.auditEvent.findMany({
    where: { action: { startsWith: 'tick-' } },
    select: { action: true },
  });
  const counter = await tdb.db.setting.findUnique({ where: { key: 'ticks' } });
  return {
    counter: Number(counter?.value ?? 0),
    rows: rows.length,
    top: Math.max(0, ...rows.map((r) => Number(r.action.slice('tick-'.length)))),
  };
}

describe.each(providersUnderTest())('backup and restore (%s)', (provider) => {
  let tdb: TestDb;
  let dir: string;
  let admin: Actor;
  const ctx = () => ({
    db: tdb.db,
    config: { database: { url: tdb.url, provider }, dataDir: dir },
  });

  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: 12 }));
    await ensureBootstrapAdmin(tdb.db);
    admin = (await bootstrapActor(tdb.db))!;
    dir = mkdtempSync(join(tmpdir(), 'yz-backup-'));
  });
  afterAll(async () => {
    await tdb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies the database while another process writes, and the restore brings exactly it back', async () => {
    const people = () => tdb.db.person.findMany({ orderBy: { id: 'asc' } });
    const peopleAtBackup = await people();
    const writer = startWriter(provider, tdb.url);
    await writer.ready;
    const file = join(dir, `copy${provider === 'sqlite' ? '.db' : '.pgdump'}`);
    const backup = await backupDatabase(ctx(), admin, file);
    const written = await writer.stop();
    expect(backup).toMatchObject({ file, provider, contents: { people: 12 } });
    expect(backup.bytes).toBe(statSync(file).size);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);
    // An existing file is never overwritten.
    await expect(backupDatabase(ctx(), admin, file)).rejects.toThrow(/exists/);

    // After the backup: a person renamed, a setting added, the writer's later rows.
    const renamed = peopleAtBackup[0]!;
    await tdb.db.person.update({ where: { id: renamed.id }, data: { name: '改过的名字' } });
    await tdb.db.setting.create({ data: { key: 'after-backup', value: 'x' } });
    const live = await ticks(tdb);
    expect(live).toEqual({ counter: written, rows: written, top: written });

    // In use: refused without --force, nothing changed.
    await expect(restoreBackup(ctx(), admin, file)).rejects.toThrow(/in use.*--force/);
    expect((await tdb.db.person.findUniqueOrThrow({ where: { id: renamed.id } })).name).toBe(
      '改过的名字',
    );

    const restored = await restoreBackup(ctx(), admin, file, { force: true });
    expect(restored.replaced).toMatchObject({ people: 12, units: expect.any(Number) as number });
    expect(restored.replaced.auditEvents).toBeGreaterThanOrEqual(written);
    expect(restored.replacedCopy).toMatch(/before-restore-\d{8}-\d{6}\.(db|pgdump)$/);
    expect(existsSync(restored.replacedCopy!)).toBe(true);

    // The backup's instant: the counter and the rows agree, taken after the writer began and
    // before it ended (writes were in flight on both sides of it).
    const back = await ticks(tdb);
    expect(back.rows).toBe(back.counter);
    expect(back.top).toBe(back.counter);
    expect(back.counter).toBeGreaterThanOrEqual(20);
    expect(back.counter).toBeLessThan(written);
    expect(await people()).toEqual(peopleAtBackup);
    expect(await tdb.db.setting.findUnique({ where: { key: 'after-backup' } })).toBeNull();
    expect(restored.restored).toMatchObject({ people: 12 });
    expect(restored.pendingMigrations).toEqual([]);

    // Audited in the database now in place (the backup's own row was written after its copy).
    const audit = await listAudit(tdb.db, { action: 'database.' });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([['database.restore', 'admin']]);
    expect(audit[0]!.after).toMatchObject({ file, replacedCopy: restored.replacedCopy });
  });

  it('migrates a backup from an older version as it restores it, and audits that', async () => {
    // An older version's database: without the newest migration (its table and its record).
    const newest = 'PersonErasure';
    await tdb.db.$executeRawUnsafe(`DROP TABLE "${newest}"`);
    const all = await tdb.db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name"`,
    );
    const last = all.at(-1)!.migration_name;
    expect(last).toMatch(/_person_erasure$/);
    await tdb.db.$executeRawUnsafe(
      `DELETE FROM "_prisma_migrations" WHERE "migration_name" = '${last}'`,
    );
    const file = join(dir, `older${provider === 'sqlite' ? '.db' : '.pgdump'}`);
    await backupDatabase(ctx(), admin, file);

    const restored = await restoreBackup(ctx(), admin, file, { force: true });
    expect(restored.migrated).toEqual([last]);
    expect(restored.pendingMigrations).toEqual([]);
    // The client works on at once, on the migrated schema.
    expect(await tdb.db.personErasure.count()).toBe(0);
    expect(restored.restored).toMatchObject({ people: 12 });
    const [audit] = await listAudit(tdb.db, { action: 'database.restore' });
    expect(audit!.after).toMatchObject({ file, migrated: [last] });
    // Restoring a backup of this version migrates nothing.
    const current = join(dir, `current${provider === 'sqlite' ? '.db' : '.pgdump'}`);
    await backupDatabase(ctx(), admin, current);
    expect((await restoreBackup(ctx(), admin, current, { force: true })).migrated).toEqual([]);
  });

  it('refuses a file that is not a backup of this provider, naming it, and changes nothing', async () => {
    const before = await tdb.db.person.count();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    await expect(restoreBackup(ctx(), admin, junk, { force: true })).rejects.toThrow(
      new RegExp(`"${junk}" is not a`),
    );
    await expect(
      restoreBackup(ctx(), admin, join(dir, 'missing.db'), { force: true }),
    ).rejects.toThrow(/cannot read the backup file ".*missing\.db"/);
    const coordinator: Actor = { ...admin, username: 'coord-wang', role: 'district' };
    await expect(backupDatabase(ctx(), coordinator)).rejects.toThrow(/admins only/);
    expect(await tdb.db.person.count()).toBe(before);
  });
});
