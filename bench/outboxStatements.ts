/**
 * The notice activity alone, without Temporal: `noticeSender` sends an announcement to N people
 * (batches of 100, four at once, 20 sends each, as the announcement workflow runs them) through the
 * embedded sink in this process, and counts the SQL statements SQLite prepared, by kind, and the
 * CPU per message (this process: the activity and the sink). A quick measure of an outbox lever.
 *
 *   npx tsx bench/outboxStatements.ts [people]
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Counted at better-sqlite3, under Prisma: every statement Prisma runs is prepared there first.
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as { prototype: { prepare(sql: string): unknown } };
const counts = new Map<string, number>();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: unknown, sql: string) {
  const kind = sql.replace(/\s+/g, ' ').trim().slice(0, 60);
  counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return prepare.call(this, sql);
};

const { openDb } = await import('../store/db');
const { deployMigrations } = await import('../prisma/migrator');
const { buildDistrict, loadDistrict } = await import('../scripts/demo/district');
const { startMailSink } = await import('../runtime/mailSink');
const { createMailer } = await import('../activities/notices/mailer');
const { noticeSender } = await import('../activities/notices/deliver');
const { chunk, inWindow } = await import('../workflows/rules/chunk');

const people = Number(process.argv[2] ?? 2000);
const dir = mkdtempSync(join(tmpdir(), 'yz-outbox-statements-'));
const url = `file:${join(dir, 'bench.db')}`;
await deployMigrations(url);
const db = await openDb(url);
await loadDistrict(db, buildDistrict({ streets: 2, unitsPerStreet: 2, people }));
await db.announcement.create({
  data: {
    id: 'a1',
    title: '区级社工培训通知',
    body: '{name}，请于下周一前完成本季度培训报名。',
    audience: '{}',
    timeZone: 'Asia/Shanghai',
    createdBy: '浦东新区社工部',
    status: 'sending',
    workflowId: 'announcement/a1',
  },
});
const ids = (await db.person.findMany({ select: { id: true } })).map((p) => p.id);
const sink = await startMailSink({ dir: join(dir, 'mail'), port: 0 });
const mailer = createMailer({ url: sink.url, pool: { maxConnections: 20, maxMessages: 1000 } });
const send = noticeSender({
  db,
  mailer,
  from: '雁阵 Yanzhen <noreply@yanzhen.local>',
  concurrency: 20,
  claimLeaseMs: 15_000,
});

counts.clear();
const cpu0 = process.cpuUsage();
const t0 = Date.now();
await inWindow(chunk(ids, 100), 4, async (personIds) => {
  await send({
    workflowId: 'announcement/a1',
    template: 'announcement',
    params: { announcementId: 'a1' },
    keyPrefix: 'announcement/a1',
    personIds,
  });
});
const cpu = process.cpuUsage(cpu0);
const statements = [...counts.values()].reduce((s, n) => s + n, 0);
console.error(
  `${people} notices in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
    `${((cpu.user + cpu.system) / 1000 / people).toFixed(3)} ms CPU per message (activity + sink); ` +
    `${statements} statements`,
);
for (const [kind, n] of [...counts].sort((a, b) => b[1] - a[1])) console.error(`  ${n}  ${kind}`);
mailer.close();
await sink.stop();
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
