/**
 * Retention: the cut-off rule, the clean-up activity against a real database and mail folder
 * (old finished notices and old stored mails go; pending notices and recent ones stay; a second
 * run deletes nothing more), and the Schedule made once however often a worker starts.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { createTestDb, type TestDb } from '../harness/db';
import { testDataConverter } from '../harness/payloadKeys';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { retentionActivities } from '../../activities/retention/cleanUp';
import { DAY_MS, retentionCutoff } from '../../workflows/rules/retention';
import { ensureRetentionSchedule } from '../../worker/retentionSchedule';
import { retentionScheduleId } from '../../workflows/retention/cleanUp';
import { loadConfig } from '../../config/env';

/** This test's own task queue: workers of other tests make their own Schedules beside it. */
const TASK_QUEUE = `retention-test-${process.pid}`;

const NOW = new Date('2026-12-01T03:17:00Z');

describe('retentionCutoff', () => {
  it('is `days` before now, or null when kept for ever', () => {
    expect(retentionCutoff(NOW, 90)).toEqual(new Date(NOW.getTime() - 90 * DAY_MS));
    expect(retentionCutoff(NOW, null)).toBeNull();
  });
});

describe('retention settings', () => {
  it('default to 90 days of mail and 365 of notices; `off` keeps for ever; bad values are named', () => {
    expect(loadConfig({}).retention).toEqual({ mailDays: 90, noticeDays: 365 });
    expect(
      loadConfig({ YZ_MAIL_RETENTION_DAYS: 'off', YZ_NOTICE_RETENTION_DAYS: '30' }).retention,
    ).toEqual({ mailDays: null, noticeDays: 30 });
    expect(() => loadConfig({ YZ_MAIL_RETENTION_DAYS: '-3' })).toThrow(
      /YZ_MAIL_RETENTION_DAYS="-3"/,
    );
  });
});

describe('cleanUpBeyondRetention', () => {
  let tdb: TestDb;
  let dir: string;
  beforeAll(async () => {
    tdb = await createTestDb();
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 2 }));
    dir = mkdtempSync(join(tmpdir(), 'yz-retention-'));
    mkdirSync(join(dir, 'mail'));
  });
  afterAll(async () => {
    await tdb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes finished notices and stored mails beyond retention, nothing else', async () => {
    const [person] = await tdb.db.person.findMany();
    const notice = (key: string, status: string, ageDays: number) =>
      tdb.db.notice.create({
        data: {
          key,
          personId: person!.id,
          template: 'announcement',
          locale: 'zh-CN',
          params: '{}',
          status,
          updatedAt: new Date(NOW.getTime() - ageDays * DAY_MS),
        },
      });
    await notice('old-sent', 'sent', 400);
    await notice('old-failed', 'failed', 366);
    await notice('old-pending', 'pending', 400);
    await notice('recent-sent', 'sent', 300);
    const mail = (ageDays: number, n: number) =>
      writeFileSync(
        join(
          dir,
          'mail',
          `${NOW.getTime() - ageDays * DAY_MS}-${String(n).padStart(6, '0')}-x.eml`,
        ),
        'Subject: hi\r\n\r\nhi',
      );
    mail(91, 1);
    mail(200, 2);
    mail(89, 3);

    const { cleanUpBeyondRetention } = retentionActivities({
      db: tdb.db,
      retention: { mailDays: 90, noticeDays: 365 },
      mailDir: join(dir, 'mail'),
    });
    expect(await cleanUpBeyondRetention({ nowMs: NOW.getTime() })).toEqual({
      noticesDeleted: 2,
      mailsDeleted: 2,
    });
    const left = await tdb.db.notice.findMany({ select: { key: true }, orderBy: { key: 'asc' } });
    expect(left.map((n) => n.key)).toEqual(['old-pending', 'recent-sent']);
    expect(readdirSync(join(dir, 'mail'))).toHaveLength(1);
    expect(readdirSync(join(dir, 'mail'))[0]).toMatch(/-000003-/);
    // A retry (or tomorrow's run at the same instant) finds nothing more.
    expect(await cleanUpBeyondRetention({ nowMs: NOW.getTime() })).toEqual({
      noticesDeleted: 0,
      mailsDeleted: 0,
    });
    // Kept for ever: nothing goes.
    const keepAll = retentionActivities({
      db: tdb.db,
      retention: { mailDays: null, noticeDays: null },
      mailDir: join(dir, 'mail'),
    });
    expect(await keepAll.cleanUpBeyondRetention({ nowMs: NOW.getTime() + 9_999 * DAY_MS })).toEqual(
      {
        noticesDeleted: 0,
        mailsDeleted: 0,
      },
    );
  });
});

describe('the retention Schedule', () => {
  let connection: Connection;
  let client: Client;
  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    client = new Client({ connection, dataConverter: testDataConverter });
  });
  afterAll(async () => {
    await client?.schedule
      .getHandle(retentionScheduleId(TASK_QUEUE))
      .delete()
      .catch(() => undefined);
    await connection?.close();
  });

  it('is made once, nightly at 03:17 local time, however often a worker starts', async () => {
    const options = { taskQueue: TASK_QUEUE, timeZone: 'Asia/Shanghai' };
    expect(await ensureRetentionSchedule(client, options)).toBe('created');
    expect(await ensureRetentionSchedule(client, options)).toBe('exists');
    const described = await client.schedule.getHandle(retentionScheduleId(TASK_QUEUE)).describe();
    expect(described.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'retentionCleanUp',
      taskQueue: TASK_QUEUE,
      // Each clean-up it starts is found by program and step, as every workflow is.
      searchAttributes: { YzCampaign: ['retention'], YzStatus: ['clean_up'] },
    });
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 3, end: 3, step: 1 }],
      minute: [{ start: 17, end: 17, step: 1 }],
    });
  });
});
