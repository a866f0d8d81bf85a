/**
 * Faults: the mail server answers 451 to everything for five minutes (server time, skipped), and
 * refuses some recipients for good (550). Afterwards every other notice is delivered exactly once,
 * the refused ones are `failed` with the server's answer and were tried once, nothing is left
 * `sending`.
 */
import { expect, it } from 'vitest';
import { createAnnouncement } from '../../client/operations/announcements/announcements';
import { announcementWorkflowId } from '../../workflows/announcements/signals';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';
import { waitFor } from '../harness/waitFor';
import { expectOnePerRecipient } from './expectations';

const PEOPLE = 40;
const REFUSED = ['p-000003', 'p-000017', 'p-000031'];
const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 2, people: PEOPLE },
  env: createTimeSkippingEnv,
});

it('a 5-minute 4xx outage and some 5xx recipients: each notice once, refusals failed', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  sys.sink.reject(REFUSED.map((id) => `${id}@demo.yanzhen.local`));
  sys.sink.outage(true);
  const start = await env.currentTimeMs();
  await createAnnouncement(
    { ...sys.announcementCtx({ temporal: env.client }), now: () => new Date(start) },
    {
      id: 'smtp-outage',
      title: '邮件服务故障演练',
      body: '{name}，这是一条故障演练通知。',
      audience: { unitIds: ['pudong'] },
      createdBy: '测试',
    },
  );
  const workflowId = announcementWorkflowId('smtp-outage');
  // The server defers every recipient while the activity backs off and retries.
  await waitFor(async () => sys.sink.refused >= PEOPLE, 30_000);
  while ((await env.currentTimeMs()) - start < 5 * 60_000) await env.sleep(30_000);
  expect(sys.sink.messages).toHaveLength(0);
  const deferred = await db.notice.findMany({ where: { workflowId, status: 'pending' } });
  expect(deferred.length).toBe(PEOPLE - REFUSED.length);
  expect(deferred.every((n) => n.attempts > 1 && /451/.test(n.lastError ?? ''))).toBe(true);

  sys.sink.outage(false);
  const result = await env.client.workflow.getHandle(workflowId).result();
  expect(result).toMatchObject({
    status: 'completed',
    sent: PEOPLE - REFUSED.length,
    failed: REFUSED.length,
    unconfirmed: 0,
  });
  expectOnePerRecipient(
    sys.sink.messages.map((m) => ({ messageId: m.messageId, to: m.to.join(',') })),
    PEOPLE - REFUSED.length,
  );
  const rows = await db.notice.findMany({ where: { workflowId } });
  expect(rows).toHaveLength(PEOPLE);
  expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
  const failed = rows.filter((r) => r.status === 'failed');
  expect(failed.map((r) => r.personId).sort()).toEqual(REFUSED);
  for (const r of failed) {
    expect(r.lastError).toMatch(/^550 .*mailbox unavailable/);
    expect(r.attempts).toBe(1); // a permanent refusal is not retried
  }
}, 120_000);
