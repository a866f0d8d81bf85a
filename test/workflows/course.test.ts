/**
 * A course series on a real timeline (time-skipping server): three sessions, capacity two with a
 * waitlist, reminders 1 day and 1 hour before; a withdrawal moves the waitlist up, a reschedule
 * re-times the reminders and tells the enrolled, a cancellation withdraws them; attendance by
 * marking, check-in code and sign-in sheet; repeated absences warn the coordinator; completion
 * waits for the end of the last session, then writes the record and the credit once.
 */
import { expect, it } from 'vitest';
import { cancelSession, rescheduleSession } from '../../client/operations/courses/sessions';
import { checkIn, openCheckIn } from '../../client/operations/courses/checkIn';
import { closeSeries, createSeries } from '../../client/operations/courses/series';
import { enrol, withdraw } from '../../client/operations/courses/enrolment';
import { importAttendance, markAttendance } from '../../client/operations/courses/attendance';
import { type CourseContext } from '../../client/operations/courses/courseContext';
import { ledger, startLedger } from '../../client/operations/credits/ledger';
import { recordRegistration } from '../../store/credits/registrations';
import { courseStateQuery, courseWorkflowId } from '../../workflows/courses/signals';
import { localParts, zonedInstant } from '../../workflows/rules/zonedTime';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';
import { recordHistory } from '../harness/histories';
import { waitFor } from '../harness/waitFor';

const SH = 'Asia/Shanghai';
const sys = useTestSystem({
  district: { streets: 1, unitsPerStreet: 2, people: 20 },
  env: createTimeSkippingEnv,
});

it('reminds, moves the waitlist up, reschedules, takes attendance and completes once', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  let now = new Date(await env.currentTimeMs());
  const ctx: CourseContext = { ...sys.announcementCtx({ temporal: env.client }), now: () => now };
  const p = localParts(now, SH);
  const at = (day: number, hour: number) =>
    zonedInstant({ ...p, day: p.day + day, hour, minute: 0, second: 0 }, SH).toISOString();
  const session = (id: string, day: number) => ({
    sessionId: id,
    title: `第${id.slice(1)}讲`,
    mode: 'offline' as const,
    startsAt: at(day, 14),
    endsAt: at(day, 16),
    place: '浦东社工学院302',
    hours: 2,
    teacher: '王老师',
  });
  const coordinator = 'p-000020';
  const base = {
    id: 'pd-ce-2026',
    title: '鸿雁计划继续教育课程',
    coordinatorId: coordinator,
    capacity: 2,
    minHours: 4,
    absenceWarnAfter: 2,
    sessions: [session('s1', 3), session('s2', 5), session('s3', 7)],
    createdBy: '浦东新区社会工作部',
  };
  // Bad input: overlapping sessions, absurd hours, unknown required session; nothing written.
  await expect(
    createSeries(ctx, { ...base, sessions: [session('s1', 3), { ...session('s2', 3) }] }),
  ).rejects.toThrow('sessions s1 and s2 overlap');
  await expect(
    createSeries(ctx, { ...base, sessions: [{ ...session('s1', 3), hours: -1 }] }),
  ).rejects.toThrow(/session s1: hours -1/);
  await expect(createSeries(ctx, { ...base, requiredSessions: ['s9'] })).rejects.toThrow(
    'required session s9 is not a session of the series',
  );
  expect(await db.courseSeries.count()).toBe(0);

  await createSeries(ctx, base);
  // p-000001 holds a registered certificate: its ledger takes the course credit.
  await db.certificate.create({
    data: { personId: 'p-000001', level: 'social_worker', obtainedOn: now },
  });
  await recordRegistration(db, {
    personId: 'p-000001',
    registeredOn: now,
    source: 'coordinator',
    recordedBy: 'test',
  });
  await startLedger(ctx, 'p-000001');
  const r = await enrol(ctx, {
    seriesId: base.id,
    personIds: ['p-000001', 'p-000002', 'p-000003'],
    enrolledBy: coordinator,
  });
  expect(r).toEqual({ enrolled: ['p-000001', 'p-000002'], waitlisted: ['p-000003'], already: [] });
  expect(await withdraw(ctx, { seriesId: base.id, personId: 'p-000002' })).toEqual({
    promoted: ['p-000003'],
  });
  // Each is told: two enrolled, one waitlisted, one withdrawn, one moved up.
  await sys.sink.waitFor(5);
  const moved = sys.sink.messages.filter((m) => m.subject.includes('您已从候补转为正式学员'));
  expect(moved.map((m) => [m.subject, m.to[0]])).toEqual([
    ['【报名成功】您已从候补转为正式学员：鸿雁计划继续教育课程', 'p-000003@demo.yanzhen.local'],
  ]);

  // s2 moves from day 5 to day 6 (14:00); s3 is cancelled: both told to the two enrolled.
  await rescheduleSession(ctx, {
    seriesId: base.id,
    sessionId: 's2',
    startsAt: at(6, 14),
    endsAt: at(6, 16),
  });
  await cancelSession(ctx, { seriesId: base.id, sessionId: 's3' });
  await sys.sink.waitFor(9);
  const subjects = () => sys.sink.messages.map((m) => m.subject);
  expect(subjects().filter((s) => s.startsWith('【课程调整】第2讲改至'))).toHaveLength(2);
  expect(subjects().filter((s) => s.startsWith('【课程取消】第3讲'))).toHaveLength(2);

  // Through day 6 15:00: reminders for s1 (1d, 1h) and the moved s2 (1d, 1h), none for s3.
  await env.sleep(new Date(at(6, 15)).getTime() - (await env.currentTimeMs()));
  await sys.sink.waitFor(17);
  const reminders = sys.sink.messages.filter((m) => m.subject.startsWith('【上课提醒】'));
  expect(reminders).toHaveLength(8);
  expect(reminders.filter((m) => m.subject.includes('第3讲'))).toHaveLength(0);
  expect(reminders.filter((m) => m.text.includes('浦东社工学院302'))).toHaveLength(8);
  const state = await env.client.workflow
    .getHandle(courseWorkflowId(base.id))
    .query(courseStateQuery);
  expect(state.remindersSent).toEqual([
    's1/reminder-1d',
    's1/reminder-1h',
    's2/reminder-1d-v1',
    's2/reminder-1h-v1',
  ]);

  // Attendance: bad marks are refused whole.
  await expect(
    markAttendance(ctx, {
      seriesId: base.id,
      marks: [
        { sessionId: 's1', personId: 'p-000001', status: 'present' },
        { sessionId: 's1', personId: 'p-000002', status: 'present' },
      ],
      recordedBy: coordinator,
    }),
  ).rejects.toThrow('mark 2: person p-000002 is not enrolled in "pd-ce-2026"');
  await expect(
    markAttendance(ctx, {
      seriesId: base.id,
      marks: [{ sessionId: 's9', personId: 'p-000001', status: 'present' }],
      recordedBy: coordinator,
    }),
  ).rejects.toThrow(
    '第 1 条：课程“pd-ce-2026”没有场次“s9” / mark 1: course "pd-ce-2026" has no session "s9"',
  );
  expect(await db.courseAttendance.count()).toBe(0);

  // s1 by sign-in sheet: p-000001 present, p-000003 absent.
  const sheet = '人员编号,场次,出勤情况\np-000001,s1,出勤\np-000003,s1,缺勤\n';
  await expect(
    importAttendance(ctx, {
      seriesId: base.id,
      file: { name: 'bad.csv', bytes: Buffer.from('人员编号,场次,出勤情况\np-000001,s1,旷课\n') },
      recordedBy: coordinator,
    }),
  ).rejects.toThrow(
    'bad.csv 第 2 行：未知考勤状态“旷课” / bad.csv row 2: status "旷课" is not known',
  );
  expect(
    await importAttendance(ctx, {
      seriesId: base.id,
      file: { name: '签到表.csv', bytes: Buffer.from(sheet) },
      recordedBy: coordinator,
      backfill: true, // s1 starts later on the test's clock: the admin backfills
    }),
  ).toEqual({ recorded: 2, people: 2 });

  // s2 by check-in code (p-000001, in time) and marking (p-000003 absent again → warning).
  now = new Date(await env.currentTimeMs());
  const { code } = await openCheckIn(ctx, { seriesId: base.id, sessionId: 's2' });
  await expect(
    checkIn(ctx, { seriesId: base.id, sessionId: 's2', personId: 'p-000001', code: 'x' }),
  ).rejects.toThrow('wrong check-in code for session s2');
  expect(
    await checkIn(ctx, { seriesId: base.id, sessionId: 's2', personId: 'p-000001', code }),
  ).toEqual({ status: 'late' }); // an hour after the start
  await markAttendance(ctx, {
    seriesId: base.id,
    marks: [{ sessionId: 's2', personId: 'p-000003', status: 'absent' }],
    recordedBy: coordinator,
  });
  now = new Date(now.getTime() + 31 * 60_000);
  await expect(
    checkIn(ctx, { seriesId: base.id, sessionId: 's2', personId: 'p-000003', code }),
  ).rejects.toThrow('the check-in code of session s2 has expired');

  // p-000001 has the 4 hours, but the course ends with s2 (s3 is cancelled) at 16:00: the
  // warning goes out now, the completion waits.
  await sys.sink.waitFor(18);
  const warning = sys.sink.messages.find((m) => m.subject.startsWith('【缺勤预警】'));
  expect(warning?.to[0]).toBe(`${coordinator}@demo.yanzhen.local`);
  expect(warning?.subject).toMatch(/p-000003）已连续缺勤2次$/);
  const course = env.client.workflow.getHandle(courseWorkflowId(base.id));
  await waitFor(async () => (await course.query(courseStateQuery)).awaitingEnd === 2, 30_000);
  expect((await course.query(courseStateQuery)).completions).toBe(0);
  expect(subjects().filter((s) => s.startsWith('【结业】'))).toEqual([]);
  expect(await db.courseCompletion.count()).toBe(0);
  // Right after the end: completed, with the record dated then.
  const end = new Date(at(6, 16)).getTime();
  await env.sleep(end + 60_000 - (await env.currentTimeMs()));
  await sys.sink.waitFor(19);
  expect(subjects()).toContain('【结业】您已完成“鸿雁计划继续教育课程”，计4学时');
  const completedAt = (await db.courseCompletion.findFirstOrThrow()).completedAt.getTime();
  expect(completedAt).toBeGreaterThanOrEqual(end);
  expect(completedAt).toBeLessThan(end + 5 * 60_000);

  // Marking again (a correction, a retry) changes nothing: one completion, one credit.
  await markAttendance(ctx, {
    seriesId: base.id,
    marks: [{ sessionId: 's2', personId: 'p-000001', status: 'present' }],
    recordedBy: coordinator,
  });
  await closeSeries(ctx, base.id);
  await course.result();
  await recordHistory('course-completion-at-end', course);
  expect(
    await db.courseCompletion.findMany({ select: { personId: true, hoursTenths: true } }),
  ).toEqual([{ personId: 'p-000001', hoursTenths: 40 }]);
  const records = await db.trainingRecord.findMany({ where: { source: 'course' } });
  expect(records.map((x) => [x.sourceKey, x.hoursTenths])).toEqual([
    ['course/pd-ce-2026/p-000001', 40],
  ]);
  expect(subjects().filter((s) => s.startsWith('【结业】'))).toHaveLength(1);
  expect((await ledger(ctx, 'p-000001')).credits).toEqual([
    { sourceKey: 'course/pd-ce-2026/p-000001', hoursTenths: 40 },
  ]);
  expect((await db.courseSeries.findUniqueOrThrow({ where: { id: base.id } })).status).toBe(
    'closed',
  );
});
