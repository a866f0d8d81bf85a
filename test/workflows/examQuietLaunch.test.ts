/**
 * A campaign launched during quiet hours (21:00–08:00 Shanghai) invites nobody at night: the
 * coordinator is told when the invitations go out, the live progress shows it, and they go at
 * 08:00. A campaign cancelled while it waits invites nobody at all.
 */
import { expect, it } from 'vitest';
import { startExamCampaign } from '../../client/operations/exam/start';
import { examCampaignCancelSignal, examCampaignProgressQuery } from '../../workflows/exam/signals';
import { localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { recordHistory } from '../harness/histories';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv, settledResult, skipTo } from '../harness/temporal';
import { waitFor } from '../harness/waitFor';

const SH = 'Asia/Shanghai';

const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 1, people: 3 },
  env: createTimeSkippingEnv,
});

it('a launch at 22:00 sends its invitations at 08:00, and a cancel while waiting sends none', async () => {
  const env = sys.env!;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const today = localParts(new Date(await env.currentTimeMs()), SH);
  const local = (day: number, hour: number, minute = 0) =>
    zonedInstant({ ...today, day: today.day + day, hour, minute, second: 0 }, SH);
  await skipTo(env, local(1, 22).getTime());
  const now = new Date(await env.currentTimeMs());
  const definition = (id: string) => ({
    id,
    name: '夜间发起的报考动员',
    examYear: now.getUTCFullYear(),
    levels: ['assistant_social_worker'],
    registrationWindow: { opens: local(1, 9).toISOString(), closes: local(20, 17).toISOString() },
    examDates: {
      comprehensive_junior: local(60, 9).toISOString(),
      practice_junior: local(60, 14).toISOString(),
    },
    cohort: { unitIds: ['pudong'] },
    reminders: { beforeWindowCloses: ['1d'], quietHours: '21:00-08:00' },
  });

  const started = await startExamCampaign(
    { ...ctx, now: () => now },
    definition('night'),
    '协调员',
  );
  expect(started.invitationsAt).toBe(local(2, 8).toISOString());
  const campaign = env.client.workflow.getHandle(started.workflowId);
  await waitFor(
    async () => (await campaign.query(examCampaignProgressQuery)).invitationsAt !== undefined,
  );
  const waiting = await campaign.query(examCampaignProgressQuery);
  expect(waiting).toMatchObject({ status: 'launching', phase: 'inviting', invited: 0 });
  expect(waiting.invitationsAt).toBe(local(2, 8).toISOString());

  const cancelled = await startExamCampaign(
    { ...ctx, now: () => now },
    definition('night-cancelled'),
    '协调员',
  );
  await env.client.workflow.getHandle(cancelled.workflowId).signal(examCampaignCancelSignal);
  expect(await settledResult(env, cancelled.workflowId)).toMatchObject({
    launched: 0,
    status: 'cancelled',
  });

  await skipTo(env, local(2, 7, 55).getTime());
  await new Promise((r) => setTimeout(r, 1000));
  expect(sys.sink.messages).toHaveLength(0);
  expect(await sys.tdb.db.notice.count()).toBe(0);

  await skipTo(env, local(2, 8, 5).getTime());
  const invitations = await sys.sink.waitFor(3);
  expect(invitations).toHaveLength(3);
  const after = await campaign.query(examCampaignProgressQuery);
  expect(after.invited).toBe(3);
  expect(after.invitationsAt).toBeUndefined();
  const notices = await sys.tdb.db.notice.findMany({ select: { key: true } });
  expect(notices.every((n) => n.key.startsWith('exam-mobilization/night/'))).toBe(true);
  // The wait, with its patch marker, then the launch; and a cancel during the wait. v2 by the
  // patch `exam-campaign-v2` (the fixtures without `-patched` are runs from before it).
  await recordHistory('exam-campaign-v2-quiet-launch-patched', campaign);
  await recordHistory(
    'exam-campaign-v2-quiet-cancelled-patched',
    env.client.workflow.getHandle(cancelled.workflowId),
  );
});
