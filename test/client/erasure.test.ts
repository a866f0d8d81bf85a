/**
 * Erasing a person: afterwards no table holds their name, contacts, ID-card mask, the subjects
 * and addresses of their notices or the free text written about them; the stored mails sent to
 * them are gone from the sink's folder while everyone else's stay; counts are unchanged; the
 * erasure is recorded with who and when, and audited once (account, time, person id, counts:
 * no personal data); only an admin may erase. Real SQLite database, real SMTP sink on loopback.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../harness/db';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { startMailSink, type MailSink } from '../../runtime/mailSink';
import { createMailer } from '../../activities/notices/mailer';
import { messageIdFor } from '../../store/notices/messageId';
import { erasePersonalData } from '../../client/operations/admin/erasure';
import { ERASED_NAME } from '../../store/people/erasure';
import { bootstrapActor, ensureBootstrapAdmin } from '../../store/auth/bootstrap';
import { listAudit } from '../../store/audit';
import type { Actor } from '../../client/operations/actor';

let tdb: TestDb;
let dir: string;
let sink: MailSink;
const PHONE = '13955550123';
const MASK = '3101**********4321';
const NOTE = '本人电话 13955550123，家住浦东新区某路 8 号';
let person: { id: string; name: string; email: string };
let other: { id: string; name: string; email: string };
let admin: Actor;

async function everyTable(): Promise<string> {
  const tables = await tdb.db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  );
  expect(tables.length).toBeGreaterThan(30);
  const rows = await Promise.all(
    tables.map((t) => tdb.db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${t.name}"`)),
  );
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
}

const mailText = () =>
  readdirSync(join(dir, 'mail'))
    .map((f) => readFileSync(join(dir, 'mail', f), 'utf8'))
    .join('\n');

beforeAll(async () => {
  tdb = await createTestDb();
  await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 4 }));
  const [p, q] = await tdb.db.person.findMany({
    include: { contacts: true },
    orderBy: { id: 'asc' },
  });
  person = { id: p!.id, name: p!.name, email: p!.contacts[0]!.value };
  other = { id: q!.id, name: q!.name, email: q!.contacts[0]!.value };
  const db = tdb.db;
  await ensureBootstrapAdmin(db);
  admin = (await bootstrapActor(db))!;
  await db.person.update({
    where: { id: person.id },
    data: { idCardHash: 'a'.repeat(64), idCardMasked: MASK },
  });
  await db.contactChannel.create({ data: { personId: person.id, kind: 'phone', value: PHONE } });
  await db.certificate.create({
    data: {
      personId: person.id,
      level: 'social_worker',
      obtainedOn: new Date(),
      number: 'ZS-778899',
    },
  });
  await db.trainingRecord.create({
    data: {
      sourceKey: `external/${person.id}`,
      personId: person.id,
      hoursTenths: 30,
      source: 'external',
      evidence: NOTE,
      recordedBy: 'tester',
    },
  });
  await db.creditClaim.create({
    data: {
      personId: person.id,
      source: 'external',
      hoursTenths: 20,
      evidence: NOTE,
      status: 'rejected',
      submittedBy: 'tester',
      reviewedBy: 'tester',
      reviewNote: `退回：${NOTE}`,
    },
  });
  await db.rewardDecision.create({
    data: {
      applicationId: 1,
      campaignId: 'c1',
      personId: person.id,
      decision: 'rejected',
      reason: `材料不符 ${PHONE}`,
      decidedBy: 'tester',
    },
  });

  // Notices, as the outbox leaves them, and the mails the sink stored for the sent ones.
  dir = mkdtempSync(join(tmpdir(), 'yz-erase-'));
  sink = await startMailSink({ dir: join(dir, 'mail'), port: 0 });
  const mailer = createMailer({ url: sink.url, pool: { maxConnections: 1, maxMessages: 10 } });
  for (const who of [person, other]) {
    const key = `announcement/a1/${who.id}`;
    const subject = `${who.name}，明天改到302教室`;
    await db.notice.create({
      data: {
        key,
        personId: who.id,
        template: 'announcement',
        locale: 'zh-CN',
        params: '{"announcementId":"a1"}',
        subject,
        toAddress: who.email,
        status: 'sent',
        providerId: '250 ok',
      },
    });
    await mailer.send({
      from: 'noreply@yanzhen.test',
      to: who.email,
      subject,
      text: `${who.name}，您好`,
      messageId: messageIdFor(key),
    });
  }
  mailer.close();
  await db.notice.create({
    data: {
      key: `announcement/a2/${person.id}`,
      personId: person.id,
      template: 'announcement',
      locale: 'zh-CN',
      params: '{"announcementId":"a2"}',
      status: 'pending',
    },
  });
});

afterAll(async () => {
  await sink?.stop();
  await tdb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('leaves nothing of the person in any table or stored mail, and counts unchanged', async () => {
  const before = await everyTable();
  for (const text of [person.name, person.email, PHONE, MASK, NOTE, 'ZS-778899'])
    expect(before).toContain(text);
  expect(mailText()).toContain(person.email);
  const counts = async () => ({
    people: await tdb.db.person.count(),
    notices: await tdb.db.notice.count(),
    claims: await tdb.db.creditClaim.count(),
    hours: (await tdb.db.trainingRecord.aggregate({ _sum: { hoursTenths: true } }))._sum,
  });
  const countsBefore = await counts();

  const started = new Date(Date.now() - 1000);
  const done = await erasePersonalData(
    { db: tdb.db, mailDirs: [join(dir, 'mail')], ip: '10.0.0.7' },
    admin,
    person.id,
  );

  expect(done).toMatchObject({ personId: person.id, erasedBy: 'admin', mailsRemoved: 1 });
  expect(done.summary).toMatchObject({
    contacts: 2,
    certificates: 1,
    trainingRecords: 1,
    notices: 2,
    noticesCancelled: 1,
    creditClaims: 1,
    rewardDecisions: 1,
  });
  const after = await everyTable();
  for (const text of [person.name, person.email, PHONE, MASK, NOTE, 'ZS-778899', 'a'.repeat(64)])
    expect(after, `"${text}" is still stored`).not.toContain(text);
  expect(after).toContain(other.name);
  expect(after).toContain(other.email);
  const mails = mailText();
  expect(mails).not.toContain(person.email);
  expect(mails).toContain(other.email);

  expect(await counts()).toEqual(countsBefore);
  const erased = await tdb.db.person.findUniqueOrThrow({ where: { id: person.id } });
  expect(erased.name).toBe(ERASED_NAME);
  const row = await tdb.db.personErasure.findFirstOrThrow({ where: { personId: person.id } });
  expect(row.erasedBy).toBe('admin');
  expect(JSON.parse(row.summary)).toEqual(done.summary);
  // One audit row: who, when, which person (and the counts); the table scan above found none of
  // the person's data in it.
  const audit = await listAudit(tdb.db, { action: 'person.erase' });
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({
    actor: 'admin',
    targets: [person.id],
    after: { erasureId: done.erasureId, summary: done.summary },
    ip: '10.0.0.7',
  });
  expect(audit[0]!.at.getTime()).toBeGreaterThanOrEqual(started.getTime());
  const pending = await tdb.db.notice.findUniqueOrThrow({
    where: { key: `announcement/a2/${person.id}` },
  });
  expect(pending.status).toBe('cancelled');
});

it('refuses an unknown person by id, and anyone but an admin, and records nothing', async () => {
  const rows = async () => ({
    erasures: await tdb.db.personErasure.count(),
    audit: await tdb.db.auditEvent.count(),
  });
  const before = await rows();
  const ctx = { db: tdb.db, mailDirs: [join(dir, 'mail')] };
  await expect(erasePersonalData(ctx, admin, 'p-nobody')).rejects.toThrow(/no person "p-nobody"/);
  const coordinator: Actor = { ...admin, username: 'coord-wang', role: 'district' };
  await expect(erasePersonalData(ctx, coordinator, other.id)).rejects.toThrow(/admins only/);
  expect(await rows()).toEqual(before);
  expect((await tdb.db.person.findUniqueOrThrow({ where: { id: other.id } })).name).toBe(
    other.name,
  );
});
