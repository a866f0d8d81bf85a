/**
 * Supervisor incubation on a real timeline (time-skipping server): a six-month program with
 * one-on-one sessions every two weeks and monthly group supervision. One pair holds every session
 * and qualifies; one misses two in a row (escalated), loses its mentor and is re-paired with its
 * history kept; one goes silent and is warned, then closed. Then senior-exam coaching.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { createSeries } from '../../client/operations/courses/series';
import { markAttendance } from '../../client/operations/courses/attendance';
import { closePair } from '../../client/operations/mentoring/closure';
import { mentorLeaves, pairMentee, suggestPairs } from '../../client/operations/mentoring/pairing';
import {
  addMembers,
  programProgress,
  startProgram,
} from '../../client/operations/mentoring/program';
import { exportMentoringReport, mentoringReport } from '../../client/operations/mentoring/report';
import {
  evaluate,
  logSession,
  pairState,
  setGoal,
  submitChecklistItem,
} from '../../client/operations/mentoring/sessions';
import {
  addMembersUpdate,
  logSessionUpdate,
  pairWorkflowId,
  programProgressQuery,
  programWorkflowId,
  type PairState,
} from '../../workflows/mentoring/signals';
import { recordHistory } from '../harness/histories';
import { withContacts } from '../harness/personalData';
import { useTestSystem } from '../harness/system';
import { createTimeSkippingEnv } from '../harness/temporal';

const sys = useTestSystem({
  district: { streets: 2, unitsPerStreet: 2, people: 40 },
  env: createTimeSkippingEnv,
});

const [t1, t2, t3] = ['p-000001', 'p-000002', 'p-000003'];
const [m1, m2, m3, m4] = ['p-000011', 'p-000012', 'p-000013', 'p-000014'];
const coordinator = 'p-000040';
const outsider = 'p-000030';
const good = { professional_practice: 85, supervision_skills: 80, ethics: 90, reflection: 75 };
const DAY = 86_400_000;
const CLOSE_REASON = withContacts('学员调往嘉定工作 (private reason)');

const mailTo = (id: string) =>
  sys.sink.messages.filter((m) => m.to[0] === `${id}@demo.yanzhen.local`).map((m) => m.subject);

/** Logs a session at the time-skipping server's time (a session is not held before its time). */
async function log(req: Parameters<typeof logSession>[1]) {
  const env = sys.env!;
  const at = new Date(await env.currentTimeMs());
  return logSession({ ...sys.announcementCtx({ temporal: env.client }), now: () => at }, req);
}

it('runs a six-month supervisor incubation with escalation, re-pairing and closure', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = { ...sys.announcementCtx({ temporal: env.client }) };
  const now = new Date(await env.currentTimeMs());
  const end = new Date(now.getTime() + 183 * DAY).toISOString();
  const base = {
    id: 'pudong-2026',
    title: '2026年浦东督导孵化计划',
    coordinatorId: coordinator,
    traineeIds: [t1, t2, t3],
    mentorIds: [m1, m2, m3, m4],
    end,
    createdBy: '浦东新区社会工作部',
  };
  // Bad programs write nothing.
  await expect(
    startProgram({ ...ctx, now: () => now }, { ...base, mentorIds: [m1, t1] }),
  ).rejects.toThrow(/p-000001 cannot be both trainee and mentor/);
  await expect(
    startProgram({ ...ctx, now: () => now }, { ...base, traineeIds: [t1, 'p-999999'] }),
  ).rejects.toThrow(/unknown trainee person id\(s\): p-999999/);
  await expect(
    startProgram({ ...ctx, now: () => now }, { ...base, plan: { sessions: 0 } }),
  ).rejects.toThrow(/plan.sessions/);
  expect(await db.mentoringProgram.count()).toBe(0);

  await startProgram({ ...ctx, now: () => now }, base);
  const suggestions = await suggestPairs(ctx, 'pudong-2026', t1);
  expect(suggestions.map((s) => s.mentorId).sort()).toEqual([m1, m2, m3, m4]);

  // Pairing: bad input is refused by id; nothing is written.
  await expect(
    pairMentee(ctx, { programId: 'pudong-2026', menteeId: t1, mentorId: t1 }),
  ).rejects.toThrow(/p-000001 cannot be paired with themselves/);
  await expect(
    pairMentee(ctx, { programId: 'pudong-2026', menteeId: outsider, mentorId: m1 }),
  ).rejects.toThrow(/p-000030 is not a trainee of program pudong-2026/);
  await expect(
    pairMentee(ctx, { programId: 'pudong-2026', menteeId: t1, mentorId: outsider }),
  ).rejects.toThrow(/p-000030 is not an active mentor of program pudong-2026/);
  expect(await db.mentoringPair.count()).toBe(0);

  const p1 = await pairMentee(ctx, { programId: 'pudong-2026', menteeId: t1, mentorId: m1 });
  const p2 = await pairMentee(ctx, { programId: 'pudong-2026', menteeId: t2, mentorId: m2 });
  const p3 = await pairMentee(ctx, { programId: 'pudong-2026', menteeId: t3, mentorId: m3 });
  expect(p1).toEqual({
    pairId: 'pudong-2026/p-000001',
    workflowId: 'mentoring/pudong-2026/p-000001',
  });
  await expect(
    pairMentee(ctx, { programId: 'pudong-2026', menteeId: t1, mentorId: m2 }),
  ).rejects.toThrow(/p-000001 is already paired in program pudong-2026/);

  await setGoal(ctx, {
    pairId: p1.pairId,
    goalId: 'case-reviews',
    title: '完成3份个案督导记录',
    progress: 0,
  });
  await expect(
    setGoal(ctx, { pairId: p1.pairId, goalId: 'case-reviews', progress: 120 }),
  ).rejects.toThrow(/progress 120 of goal case-reviews must be 0–100/);

  for (let k = 1; k <= 12; k++) {
    // To an hour after the session's proposed time (14:00 local).
    const { sessions } = (await pairState(ctx, p1.pairId)) as PairState;
    const at = new Date(sessions[k - 1]!.at).getTime() + 3_600_000;
    await env.sleep(at - (await env.currentTimeMs()));
    await log({
      pairId: p1.pairId,
      status: 'held',
      durationMinutes: 60,
      topics: ['case_review'],
      notes: withContacts(`第${k}次：讨论个案 (confidential notes)`),
      recordedBy: m1,
    });
    if (k <= 2) await log({ pairId: p2.pairId, status: 'missed', recordedBy: m2 });
    if (k === 2) {
      // Two missed in a row: the coordinator hears of it; the pair is at risk.
      expect((await pairState(ctx, p2.pairId)).status).toBe('at_risk');
      // Mentor m2 leaves; the coordinator must say who takes each mentee.
      await expect(
        mentorLeaves(ctx, { programId: 'pudong-2026', mentorId: m2, reassign: {} }),
      ).rejects.toThrow(/mentee\(s\) p-000002 of p-000012 need a new mentor/);
      await expect(
        mentorLeaves(ctx, { programId: 'pudong-2026', mentorId: m2, reassign: { [t2]: t2 } }),
      ).rejects.toThrow(/cannot be paired with themselves/);
      const left = await mentorLeaves(ctx, {
        programId: 'pudong-2026',
        mentorId: m2,
        reassign: { [t2]: m4 },
      });
      expect(left.repaired).toEqual([p2.pairId]);
    }
    if (k >= 3) {
      await log({
        pairId: p2.pairId,
        status: 'held',
        durationMinutes: 45,
        recordedBy: m4,
      });
    }
    if (k === 6) {
      await setGoal(ctx, { pairId: p1.pairId, goalId: 'case-reviews', progress: 50 });
      await evaluate(ctx, { pairId: p1.pairId, stage: 'midterm', mentorId: m1, scores: good });
      await expect(
        evaluate(ctx, { pairId: p1.pairId, stage: 'midterm', mentorId: m1, scores: good }),
      ).rejects.toThrow(/midterm evaluation of pair pudong-2026\/p-000001 is already in/);
      await expect(
        evaluate(ctx, { pairId: p2.pairId, stage: 'final', mentorId: m4, scores: good }),
      ).rejects.toThrow(/needs its midterm evaluation before the final/);
      await expect(
        evaluate(ctx, { pairId: p2.pairId, stage: 'midterm', mentorId: m2, scores: good }),
      ).rejects.toThrow(/p-000012 is not the mentor of pair/);
      await expect(
        evaluate(ctx, {
          pairId: p2.pairId,
          stage: 'midterm',
          mentorId: m4,
          scores: { ...good, ethics: 140 },
        }),
      ).rejects.toThrow(/ethics=140 is out of range/);
      await evaluate(ctx, { pairId: p2.pairId, stage: 'midterm', mentorId: m4, scores: good });
    }
    if (k === 6) expect((await pairState(ctx, p3.pairId)).status).toBe('active');
    if (k === 7) {
      // Pair 3 never met: warned at 90 days (day 98 now), closed 7 days after the warning.
      expect(mailTo(t3)).toContainEqual(expect.stringMatching(/^【预警】.+长期未开展/));
      expect(mailTo(coordinator)).toContainEqual(expect.stringMatching(/^【预警】.+长期未开展/));
      expect((await pairState(ctx, p3.pairId)).status).toBe('closed');
      await expect(
        log({ pairId: p3.pairId, status: 'held', durationMinutes: 60, recordedBy: m3 }),
      ).rejects.toThrow(
        '结对 pudong-2026/p-000003 已关闭，不再接受记录 / pair pudong-2026/p-000003 is closed: it takes no more entries',
      );
    }
  }
  const s1 = await pairState(ctx, p1.pairId);
  expect(s1).toMatchObject({
    status: 'active',
    held: 12,
    missed: 0,
    goals: { 'case-reviews': 50 },
  });
  await evaluate(ctx, {
    pairId: p1.pairId,
    stage: 'final',
    mentorId: m1,
    scores: good,
    comment: withContacts('可独立督导'),
  });
  await evaluate(ctx, { pairId: p2.pairId, stage: 'final', mentorId: m4, scores: good });

  const program = env.client.workflow.getHandle(programWorkflowId('pudong-2026'));
  const result = await program.result();
  expect(result).toMatchObject({ status: 'completed', completed: 2, closed: 1, active: 0 });
  expect(result.groupSessions).toBeGreaterThanOrEqual(5);
  await recordHistory('mentoring-program-pudong', program);
  await recordHistory('search-attributes-mentoring-program-completed', program);
  // The pair's search attributes, active to completed (patch search-attributes-status).
  await recordHistory(
    'search-attributes-mentoring-pair-completed',
    env.client.workflow.getHandle(pairWorkflowId(p1.pairId)),
  );
  await recordHistory(
    'mentoring-pair-held',
    env.client.workflow.getHandle(pairWorkflowId(p1.pairId)),
  );
  await recordHistory(
    'mentoring-pair-repaired',
    env.client.workflow.getHandle(pairWorkflowId(p2.pairId)),
  );
  // Sessions logged with their topics and recorder kept in the database only.
  await recordHistory(
    'mentoring-pair-held-words-in-db',
    env.client.workflow.getHandle(pairWorkflowId(p1.pairId)),
  );

  // Qualification recorded on the people who completed; notes only in the database.
  const qualified = await db.personQualification.findMany({ orderBy: { personId: 'asc' } });
  expect(qualified.map((q) => [q.personId, q.kind])).toEqual([
    [t1, 'supervisor'],
    [t2, 'supervisor'],
  ]);
  const history = JSON.stringify(
    await env.client.workflow.getHandle(pairWorkflowId(p1.pairId)).fetchHistory(),
  );
  expect(history).not.toContain('confidential');
  const session = await db.mentoringSession.findUniqueOrThrow({
    where: { pairId_seq: { pairId: p1.pairId, seq: 3 } },
  });
  expect(session.notes).toContain('confidential');
  // Topics and who recorded it are words too: in the database, not in the history.
  expect(session).toMatchObject({ recordedBy: m1, topics: '["case_review"]' });
  expect(history).not.toContain('case_review');

  // Re-paired: the mentee's earlier sessions stay, under the mentor of the time.
  const pair2 = await db.mentoringPair.findUniqueOrThrow({ where: { id: p2.pairId } });
  expect(pair2).toMatchObject({
    mentorId: m4,
    previousMentors: JSON.stringify([m2]),
    sessionsMissed: 2,
    sessionsHeld: 10,
  });
  const sessions2 = await db.mentoringSession.findMany({
    where: { pairId: p2.pairId },
    orderBy: { seq: 'asc' },
  });
  expect(sessions2.slice(0, 3).map((s) => [s.seq, s.status, s.mentorId])).toEqual([
    [1, 'missed', m2],
    [2, 'missed', m2],
    [3, 'held', m4],
  ]);

  // Notices: reminders to both sides, escalation and report to the coordinator.
  expect(mailTo(t1).filter((s) => /^【提醒】第1次/.test(s))).toHaveLength(2); // 1 day and 1 hour
  expect(mailTo(m1).filter((s) => /^【带教安排】/.test(s))).toHaveLength(12);
  expect(mailTo(m4)).toContainEqual(expect.stringMatching(/^【督导带教】/));
  const toCoordinator = mailTo(coordinator);
  expect(toCoordinator).toContainEqual(expect.stringMatching(/^【预警】.+连续两次缺席/));
  expect(toCoordinator).toContainEqual(expect.stringMatching(/^【结对关闭】/));
  expect(toCoordinator).toContain('【项目结束】2026年浦东督导孵化计划');
  expect(mailTo(t3).filter((s) => s.startsWith('【小组督导】')).length).toBe(result.groupSessions);

  const report = await mentoringReport(ctx, 'pudong-2026');
  expect(report).toMatchObject({
    status: 'completed',
    pairs: { active: 0, atRisk: 0, completed: 2, closed: 1 },
    sessions: { planned: 36, held: 22, missed: 2 },
    supervisorsQualified: 2,
  });
  expect(report.mentorLoad.find((m) => m.mentorId === m4)).toMatchObject({ total: 1, held: 10 });
  expect((await programProgress(ctx, 'pudong-2026')).pairs).toBeDefined();
  const file = await exportMentoringReport(ctx, 'pudong-2026');
  expect(file.bytes.subarray(0, 2).toString()).toBe('PK');
});

it('coaches a senior-exam candidate: consultations and a checklist until the review deadline', async () => {
  const env = sys.env!;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const now = new Date(await env.currentTimeMs());
  await startProgram(ctx, {
    id: 'senior-2026',
    kind: 'senior_exam',
    title: '2026年高级社会工作师评审辅导',
    coordinatorId: coordinator,
    traineeIds: [t1],
    mentorIds: [m1],
    end: new Date(now.getTime() + 40 * DAY).toISOString(),
    reviewDeadline: new Date(now.getTime() + 35 * DAY).toISOString(),
    plan: { sessions: 3, cadenceDays: 10, checklist: ['application_form', 'case_report'] },
    groupSupervisionTime: null,
    createdBy: '浦东新区社会工作部',
  });
  await expect(
    startProgram(ctx, {
      id: 'senior-bad',
      kind: 'senior_exam',
      title: 'x',
      coordinatorId: coordinator,
      traineeIds: [t1],
      mentorIds: [m1],
      end: new Date(now.getTime() + 40 * DAY).toISOString(),
      createdBy: 'x',
    }),
  ).rejects.toThrow(/needs reviewDeadline/);
  const { pairId } = await pairMentee(ctx, {
    programId: 'senior-2026',
    menteeId: t1,
    mentorId: m1,
  });
  await submitChecklistItem(ctx, { pairId, item: 'application_form' });
  await expect(submitChecklistItem(ctx, { pairId, item: 'diploma' })).rejects.toThrow(
    /"diploma" is not on pair senior-2026\/p-000001's checklist/,
  );
  await env.sleep('15 days');
  const s = await pairState(ctx, pairId);
  expect(s).toMatchObject({
    planned: 3,
    checklist: { application_form: true, case_report: false },
  });
  await submitChecklistItem(ctx, { pairId, item: 'case_report' });
  const program = env.client.workflow.getHandle(programWorkflowId('senior-2026'));
  expect(await program.result()).toMatchObject({ completed: 1 });
  await recordHistory(
    'mentoring-pair-senior',
    env.client.workflow.getHandle(pairWorkflowId(pairId)),
  );
  const checklistMail = sys.sink.messages.filter(
    (m) =>
      m.to[0] === `${t1}@demo.yanzhen.local` && m.subject.startsWith('【提醒】请提交高级评审材料'),
  );
  expect(checklistMail).toHaveLength(2); // days 7 and 14, before case_report came in
  expect(checklistMail[0]!.text).toContain('case_report');
  const pair = await sys.tdb.db.mentoringPair.findUniqueOrThrow({ where: { id: pairId } });
  expect(pair).toMatchObject({ status: 'completed', closedReason: 'review_ready' });
  // Senior-exam coaching records no supervisor qualification of its own.
  expect(
    await sys.tdb.db.personQualification.count({ where: { source: 'mentoring/senior-2026' } }),
  ).toBe(0);
});

it('enrols the cohort in lecture series, takes new members, and lets the coordinator close a pair', async () => {
  const env = sys.env!;
  const { db } = sys.tdb;
  const ctx = sys.announcementCtx({ temporal: env.client });
  const now = new Date(await env.currentTimeMs());
  const [t4, t5, t6] = ['p-000004', 'p-000005', 'p-000006'];
  const [m5, m6] = ['p-000015', 'p-000016'];
  const lecture = (sessionId: string, day: number) => ({
    sessionId,
    title: `督导理论第${sessionId}讲`,
    mode: 'online' as const,
    startsAt: new Date(now.getTime() + day * DAY).toISOString(),
    endsAt: new Date(now.getTime() + day * DAY + 2 * 3_600_000).toISOString(),
    link: 'https://meeting.example.cn/sup',
    hours: 2,
    teacher: '李教授',
  });
  await createSeries(ctx, {
    id: 'sup-lectures-2026',
    title: '督导线上讲座',
    coordinatorId: coordinator,
    minHours: 4,
    sessions: [lecture('L1', 3), lecture('L2', 10)],
    createdBy: '浦东新区社会工作部',
  });
  const base = {
    id: 'lectures-2026',
    title: '督导孵化（含讲座）',
    coordinatorId: coordinator,
    traineeIds: [t4],
    mentorIds: [m5],
    end: new Date(now.getTime() + 30 * DAY).toISOString(),
    plan: { sessions: 2, cadenceDays: 7, inactivityDays: 20, graceDays: 2 },
    groupSupervisionTime: null,
    lectureSeries: ['sup-lectures-2026'],
    lecturesForMentors: true,
    createdBy: '浦东新区社会工作部',
  };
  const programs = await db.mentoringProgram.count();
  await expect(startProgram(ctx, { ...base, lectureSeries: ['nowhere'] })).rejects.toThrow(
    /no course series "nowhere" for the lectures/,
  );
  expect(await db.mentoringProgram.count()).toBe(programs);

  // The lectures: the cohort and (here) the mentors enrolled through the course enrolment.
  const started = await startProgram(ctx, base);
  expect(started.lectures).toEqual([
    { seriesId: 'sup-lectures-2026', enrolled: [t4, m5], waitlisted: [], already: [] },
  ]);

  // People join the running program; bad additions are refused by id, nothing written.
  await expect(addMembers(ctx, { programId: 'lectures-2026', traineeIds: [t4] })).rejects.toThrow(
    /p-000004 is already a trainee of program lectures-2026/,
  );
  await expect(addMembers(ctx, { programId: 'lectures-2026', mentorIds: [t4] })).rejects.toThrow(
    /p-000004 is already a trainee of program lectures-2026/,
  );
  await expect(
    addMembers(ctx, { programId: 'lectures-2026', traineeIds: [t5], mentorIds: [t5] }),
  ).rejects.toThrow(/p-000005 given twice/);
  await expect(
    addMembers(ctx, { programId: 'lectures-2026', traineeIds: [t5, 'p-999999'] }),
  ).rejects.toThrow(/unknown trainee person id\(s\): p-999999/);
  expect(await db.mentoringMember.count({ where: { programId: 'lectures-2026' } })).toBe(2);
  const added = await addMembers(ctx, {
    programId: 'lectures-2026',
    traineeIds: [t5, t6],
    mentorIds: [m6],
  });
  expect(added).toMatchObject({ trainees: 3, mentors: 2 });
  // The program's own check, should the database lag behind.
  await expect(
    env.client.workflow
      .getHandle(programWorkflowId('lectures-2026'))
      .executeUpdate(addMembersUpdate, { args: [{ traineeIds: [], mentorIds: [t5] }] }),
  ).rejects.toMatchObject({
    cause: {
      message:
        'p-000005 已是项目 lectures-2026 的学员 / p-000005 is already a trainee of program lectures-2026',
    },
  });
  expect(added.lectures[0]).toMatchObject({ enrolled: [t5, t6, m6] });
  const enrolled = await db.courseEnrolment.findMany({
    where: { seriesId: 'sup-lectures-2026' },
    orderBy: { personId: 'asc' },
  });
  expect(enrolled.map((e) => [e.personId, e.status, e.enrolledBy])).toEqual(
    [t4, t5, t6, m5, m6].map((id) => [id, 'enrolled', 'mentoring/lectures-2026']),
  );

  // Pairing the newcomers: themselves or someone outside the program is refused by id.
  await expect(
    pairMentee(ctx, { programId: 'lectures-2026', menteeId: t5, mentorId: t5 }),
  ).rejects.toThrow(/p-000005 cannot be paired with themselves/);
  await expect(
    pairMentee(ctx, { programId: 'lectures-2026', menteeId: t5, mentorId: m1 }),
  ).rejects.toThrow(/p-000011 is not an active mentor of program lectures-2026/);
  await expect(
    pairMentee(ctx, { programId: 'lectures-2026', menteeId: t1, mentorId: m6 }),
  ).rejects.toThrow(/p-000001 is not a trainee of program lectures-2026/);
  const p4 = await pairMentee(ctx, { programId: 'lectures-2026', menteeId: t4, mentorId: m5 });
  const p5 = await pairMentee(ctx, { programId: 'lectures-2026', menteeId: t5, mentorId: m6 });
  expect((await suggestPairs(ctx, 'lectures-2026', t6)).map((s) => s.mentorId).sort()).toEqual([
    m5,
    m6,
  ]);

  // Lecture attendance from the course series: present and late count, absent does not.
  await markAttendance(ctx, {
    seriesId: 'sup-lectures-2026',
    marks: [
      { sessionId: 'L1', personId: t4, status: 'present' },
      { sessionId: 'L2', personId: t4, status: 'late' },
      { sessionId: 'L1', personId: t5, status: 'present' },
      { sessionId: 'L2', personId: t5, status: 'absent' },
    ],
    recordedBy: coordinator,
    // The lectures are days away: the admin backfills.
    backfill: true,
  });

  // The coordinator closes pair 5 by hand, with a reason kept out of the workflow history.
  await expect(
    closePair(ctx, { pairId: p5.pairId, reason: '  ', closedBy: coordinator }),
  ).rejects.toThrow(/closing pair lectures-2026\/p-000005 needs a reason/);
  await expect(
    closePair(ctx, { pairId: 'lectures-2026/p-000099', reason: 'x', closedBy: coordinator }),
  ).rejects.toThrow(/no mentoring pair "lectures-2026\/p-000099"/);
  const closed = await closePair(ctx, {
    pairId: p5.pairId,
    reason: CLOSE_REASON,
    closedBy: coordinator,
  });
  expect(closed).toEqual({ pairId: p5.pairId, status: 'closed' });
  expect(await pairState(ctx, p5.pairId)).toMatchObject({
    status: 'closed',
    closedReason: 'coordinator',
  });
  const closedError =
    '结对 lectures-2026/p-000005 已关闭，不再接受记录 / pair lectures-2026/p-000005 is closed: it takes no more entries';
  await expect(
    log({ pairId: p5.pairId, status: 'held', durationMinutes: 60, recordedBy: m6 }),
  ).rejects.toThrow(closedError);
  await expect(
    evaluate(ctx, { pairId: p5.pairId, stage: 'midterm', mentorId: m6, scores: good }),
  ).rejects.toThrow(closedError);
  await expect(
    closePair(ctx, { pairId: p5.pairId, reason: 'again', closedBy: coordinator }),
  ).rejects.toThrow(closedError);
  // The workflow refuses it too, should the database lag behind.
  const direct = await env.client.workflow
    .getHandle(pairWorkflowId(p5.pairId))
    .executeUpdate(logSessionUpdate, {
      args: [{ status: 'held', durationMinutes: 30, recordedBy: m6 }],
    })
    .then(
      () => 'accepted',
      (e: Error) => e.message,
    );
  // The finished workflow takes no update (the server's words vary: "not found", "completed").
  expect(direct).not.toBe('accepted');
  expect(await db.mentoringSession.count({ where: { pairId: p5.pairId } })).toBe(0);
  expect(await db.mentoringPair.findUniqueOrThrow({ where: { id: p5.pairId } })).toMatchObject({
    status: 'closed',
    closedReason: 'coordinator',
    closedBy: coordinator,
    closedNote: CLOSE_REASON,
  });
  expect(mailTo(t5)).toContainEqual(expect.stringMatching(/^【结对关闭】/));
  const closedMail = sys.sink.messages.find(
    (m) => m.to[0] === `${m6}@demo.yanzhen.local` && m.subject.startsWith('【结对关闭】'),
  );
  expect(closedMail!.text).toContain('项目协调人关闭');
  const progress = await env.client.workflow
    .getHandle(programWorkflowId('lectures-2026'))
    .query(programProgressQuery);
  expect(progress).toMatchObject({ trainees: 3, mentors: 2, unpaired: 1, active: 1, closed: 1 });

  // Pair 4 holds a session; then, left alone, it is warned and closed for inactivity.
  // Its first session is weeks away: an admin backfills it (recorded as a backfill).
  await log({
    pairId: p4.pairId,
    status: 'held',
    durationMinutes: 60,
    recordedBy: m5,
    backfill: true,
  });
  const program = env.client.workflow.getHandle(programWorkflowId('lectures-2026'));
  expect(await program.result()).toMatchObject({ status: 'completed', closed: 2, trainees: 3 });
  await expect(addMembers(ctx, { programId: 'lectures-2026', traineeIds: [t1] })).rejects.toThrow(
    '督导项目 lectures-2026 已结束 / program lectures-2026 has ended',
  );
  const history = JSON.stringify(
    await env.client.workflow.getHandle(pairWorkflowId(p5.pairId)).fetchHistory(),
  );
  expect(history).not.toContain('private reason');
  await recordHistory(
    'mentoring-pair-closed-by-coordinator',
    env.client.workflow.getHandle(pairWorkflowId(p5.pairId)),
  );
  await recordHistory('mentoring-program-members', program);

  const report = await mentoringReport(ctx, 'lectures-2026');
  expect(report).toMatchObject({
    pairs: { active: 0, atRisk: 0, completed: 0, closed: 2 },
    closedReasons: { coordinator: 1, inactive: 1 },
    sessions: { planned: 4, held: 1, missed: 0 },
    lectures: {
      series: ['sup-lectures-2026'],
      trainees: [
        { personId: t4, hours: 4 },
        { personId: t5, hours: 2 },
        { personId: t6, hours: 0 },
      ],
    },
  });
  expect(report.rows.map((r) => [r.pairId, r.closedReason, r.lectureHours])).toEqual([
    [p4.pairId, 'inactive', 4],
    [p5.pairId, 'coordinator', 2],
  ]);
  expect(report.mentorLoad).toEqual([
    { mentorId: m5, open: 0, total: 1, held: 1 },
    { mentorId: m6, open: 0, total: 1, held: 0 },
  ]);

  // The XLSX: pairs, mentors' load and lecture hours, one sheet each.
  const file = await exportMentoringReport(ctx, 'lectures-2026');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual([
    '带教 lectures-2026',
    '导师负荷 mentor load',
    '讲座学时 lecture hours',
  ]);
  const pairsSheet = book.worksheets[0]!;
  expect(pairsSheet.getRow(3).getCell(7).value).toBe(CLOSE_REASON);
  expect(pairsSheet.getRow(4).getCell(6).value).toBe('inactive 1, coordinator 1');
  const cells = (sheet: number, row: number) =>
    (book.worksheets[sheet]!.getRow(row).values as unknown[]).slice(1);
  expect(cells(1, 2)).toEqual([m5, 0, 1, 1]);
  expect(cells(2, 2)).toEqual([t4, 4]);
  const csv = (await exportMentoringReport(ctx, 'lectures-2026', 'csv')).bytes.toString('utf8');
  expect(csv).toContain('讲座学时 lecture hours\r\n');
});
