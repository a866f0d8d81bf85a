/**
 * A course series edited and then cancelled as a whole, on a real timeline (time-skipping
 * server): every enrolment change is confirmed to the person (报名成功, 候补第 N 位, 递补, 已退出),
 * more places move the waitlist up in order, and a cancellation tells everyone in line (with the
 * reason kept in the database), records who did it, and ends the workflow: no reminder after it.
 */
import { expect, it, vi } from 'vitest';
import { courseStatus, createSeries } from '../../client/operations/courses/series';
import { cancelSeries, editSeries } from '../../client/operations/courses/seriesChanges';
import { enrol, withdraw } from '../../client/operations/courses/enrolment';
import { type CourseContext } from '../../client/operations/courses/courseContext';
import { courseStateQuery, courseWorkflowId } from '../../workflows/courses/signals';
import { localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';
import { recordHistory } from '../harness/histories';

const SH = 'Asia/Shanghai';
const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 1, people: 8 },
  env: createTimeSkippingEnv,
});

it('confirms each enrolment change, edits the series, and cancels it with no reminder after', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const now = new Date(await env.currentTimeMs());
  const ctx: CourseContext = { ...sys.announcementCtx({ temporal: env.client }), now: () => now };
  const p = localParts(now, SH);
  const at = (day: number, hour: number) =>
    zonedInstant({ ...p, day: p.day + day, hour, minute: 0, second: 0 }, SH).toISOString();
  await createSeries(ctx, {
    id: 'hs-2027',
    title: '督导助理研修班',
    coordinatorId: 'p-000008',
    capacity: 2,
    minHours: 2,
    sessions: [
      {
        sessionId: 's1',
        title: '第1讲',
        mode: 'offline',
        startsAt: at(3, 14),
        endsAt: at(3, 16),
        place: '浦东社工学院302',
        hours: 2,
        teacher: '王老师',
      },
    ],
    createdBy: '浦东新区社会工作部',
  });
  const people = ['p-000001', 'p-000002', 'p-000003', 'p-000004', 'p-000005'];
  expect(
    await enrol(ctx, { seriesId: 'hs-2027', personIds: people, enrolledBy: 'p-000008' }),
  ).toEqual({ enrolled: people.slice(0, 2), waitlisted: people.slice(2), already: [] });
  await sys.sink.waitFor(5);
  const to = (subject: string) =>
    sys.sink.messages
      .filter((m) => m.subject === subject)
      .map((m) => m.to[0]!.split('@')[0])
      .sort();
  expect(to('【报名成功】督导助理研修班')).toEqual(['p-000001', 'p-000002']);
  expect(to('【候补】督导助理研修班：候补第 1 位')).toEqual(['p-000003']);
  expect(to('【候补】督导助理研修班：候补第 3 位')).toEqual(['p-000005']);
  const waitlisted = sys.sink.messages.find((m) => m.to[0]!.startsWith('p-000004'))!;
  expect(waitlisted.text).toContain('您目前为候补第 2 位');
  expect(waitlisted.text).toContain('you are number 2 on the waitlist');

  // Bad edits are refused whole, by field.
  await expect(editSeries(ctx, { seriesId: 'hs-2027', capacity: 1 })).rejects.toThrow(
    'capacity 1 is below the 2 people enrolled',
  );
  await expect(editSeries(ctx, { seriesId: 'hs-2027', title: '  ' })).rejects.toThrow(
    'title is empty',
  );
  await expect(
    editSeries(ctx, { seriesId: 'hs-2027', title: '新名', reminderOffsets: ['2x'] }),
  ).rejects.toThrow('reminder offset');
  await expect(editSeries(ctx, { seriesId: 'hs-2027' })).rejects.toThrow('nothing to change');
  expect((await db.courseSeries.findUniqueOrThrow({ where: { id: 'hs-2027' } })).title).toBe(
    '督导助理研修班',
  );

  // One more place: the first in line moves up and is told; a withdrawal moves the next.
  expect(
    await editSeries(ctx, {
      seriesId: 'hs-2027',
      title: '督导助理研修班（第二期）',
      capacity: 3,
      reminderOffsets: ['2h'],
    }),
  ).toEqual({
    id: 'hs-2027',
    title: '督导助理研修班（第二期）',
    capacity: 3,
    reminderOffsets: ['2h'],
    promoted: ['p-000003'],
  });
  expect(await withdraw(ctx, { seriesId: 'hs-2027', personId: 'p-000001' })).toEqual({
    promoted: ['p-000004'],
  });
  await sys.sink.waitFor(8);
  expect(to('【报名成功】您已从候补转为正式学员：督导助理研修班（第二期）')).toEqual([
    'p-000003',
    'p-000004',
  ]);
  expect(to('【已退出】督导助理研修班（第二期）')).toEqual(['p-000001']);
  const handle = env.client.workflow.getHandle(courseWorkflowId('hs-2027'));
  await vi.waitFor(
    async () =>
      expect((await handle.query(courseStateQuery)).nextReminder?.key).toBe('s1/reminder-2h'),
    { timeout: 10_000, interval: 100 },
  );

  // Cancelled: who and why recorded, everyone in line told once, no reminder after.
  await expect(cancelSeries(ctx, { seriesId: 'hs-2027', by: ' ' })).rejects.toThrow(
    '缺少操作人 / by',
  );
  expect(
    await cancelSeries(ctx, {
      seriesId: 'hs-2027',
      by: '张科长',
      reason: '场地检修 / venue repairs',
    }),
  ).toEqual({
    id: 'hs-2027',
    status: 'cancelled',
    cancelledBy: '张科长',
    cancelledAt: now.toISOString(),
    notified: 4,
  });
  await handle.result();
  await sys.sink.waitFor(12);
  const cancelled = sys.sink.messages.filter((m) => m.subject.includes('整体取消'));
  expect(cancelled.map((m) => m.to[0]!.split('@')[0]).sort()).toEqual([
    'p-000002',
    'p-000003',
    'p-000004',
    'p-000005',
  ]);
  expect(cancelled[0]!.text).toContain('原因：场地检修 / venue repairs');
  await expect(cancelSeries(ctx, { seriesId: 'hs-2027', by: '张科长' })).rejects.toThrow(
    'course series "hs-2027" is cancelled',
  );
  await env.sleep(new Date(at(4, 0)).getTime() - (await env.currentTimeMs()));
  expect(sys.sink.messages.filter((m) => m.subject.startsWith('【上课提醒】'))).toHaveLength(0);
  expect(sys.sink.messages).toHaveLength(12);
  const status = await courseStatus(ctx, 'hs-2027');
  expect(status).toMatchObject({
    status: 'cancelled',
    cancelled: { by: '张科长', at: now.toISOString(), reason: '场地检修 / venue repairs' },
  });
  expect(status.nextReminder).toBeUndefined();
  // The reason lives in the database only: never in the workflow's history.
  expect(JSON.stringify((await handle.fetchHistory()).events)).not.toContain('场地检修');
  await recordHistory('course-cancelled-with-notices', handle);
});
