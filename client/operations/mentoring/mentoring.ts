/**
 * Mentoring operations (督导孵化 / 一对一带教 / 高级社工师辅导) for coordinators and mentors,
 * shared by the CLI and the HTTP API: start a program, suggest and make pairs, re-pair when a
 * mentor leaves, log sessions (notes stay in the database), goals, evaluations, checklist items,
 * progress and reports. Input is checked against the database before any workflow is touched;
 * the workflows check again (update validators), so a rejected entry writes nothing.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Db } from '../../../store/db';
import { writeTables, type Table } from '../../../store/registry/table';
import type { SheetFormat } from '../../../store/registry/roster/read';
import {
  addMembersUpdate,
  closePairUpdate,
  evaluateUpdate,
  logSessionUpdate,
  mentorLeavesUpdate,
  pairIdOf,
  pairMenteeUpdate,
  pairStateQuery,
  programProgressQuery,
  programWorkflowId,
  setGoalUpdate,
  submitChecklistUpdate,
  type MentoringKind,
  type PairState,
  type ProgramProgress,
  type SessionLog,
} from '../../../workflows/mentoring/signals';
import type { mentoringProgram } from '../../../workflows/mentoring/mentoringProgram';
import {
  evaluationOverall,
  mentoringPlan,
  suggestMentors,
  type EvaluationInput,
  type MentoringPlan,
  type Suggestion,
} from '../../../workflows/rules/mentoring';
import type { QuietHours } from '../../../workflows/rules/quietHours';
import { ATTENDED } from '../../../workflows/rules/courseRules';
import { enrol, type EnrolResult } from '../courses/courses';
import { InputError, NotFound, Conflict } from '../../../common/errors';
import { BUSINESS_ID } from '../../../workflows/rules/ids';

export interface MentoringContext {
  db: Db;
  temporal: Client;
  taskQueue: string;
  timeZone: string;
  quietHours: QuietHours | null;
  now?: () => Date;
}

const ID = BUSINESS_ID;
const OPEN = ['active', 'at_risk'];

export interface StartProgramRequest {
  id: string;
  title: string;
  kind?: MentoringKind;
  coordinatorId: string;
  traineeIds: string[];
  mentorIds: string[];
  /** ISO instants; start defaults to now. */
  start?: string;
  end: string;
  plan?: Partial<MentoringPlan>;
  /** Local time of monthly group supervision, "09:30"; null for none. Default 09:30. */
  groupSupervisionTime?: string | null;
  /** Senior-exam coaching: the review deadline (ISO). */
  reviewDeadline?: string;
  /** Optional lecture series (course series ids): the trainees are enrolled in each. */
  lectureSeries?: string[];
  /** Enrol the mentors in the lecture series too. */
  lecturesForMentors?: boolean;
  createdBy: string;
}

/** What the stored plan says of lectures (programs started before lectures: none). */
interface StoredLectures {
  lectureSeries?: string[];
  lecturesForMentors?: boolean;
}

function lecturesOf(p: { plan: string }): { series: string[]; forMentors: boolean } {
  const plan = JSON.parse(p.plan) as StoredLectures;
  return { series: plan.lectureSeries ?? [], forMentors: plan.lecturesForMentors ?? false };
}

/** Ids given more than once, each named once. */
const repeated = (ids: string[]) => [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];

/** Lecture series must exist and still take enrolments. */
async function checkLectureSeries(db: Db, ids: string[]): Promise<void> {
  const twice = repeated(ids);
  if (twice.length) throw new InputError(`lecture series ${twice.join(', ')} named twice`);
  const found = await db.courseSeries.findMany({ where: { id: { in: ids } } });
  for (const id of ids) {
    const s = found.find((x) => x.id === id);
    if (!s) throw new NotFound(`no course series "${id}" for the lectures`);
    if (s.status !== 'running') throw new Conflict(`course series "${id}" is closed`);
  }
}

export interface LectureEnrolment extends EnrolResult {
  seriesId: string;
}

/** Enrols people in the program's lecture series through the course enrolment. */
async function enrolInLectures(
  ctx: MentoringContext,
  programId: string,
  series: string[],
  personIds: string[],
): Promise<LectureEnrolment[]> {
  const out: LectureEnrolment[] = [];
  if (!personIds.length) return out;
  for (const seriesId of series)
    out.push({
      seriesId,
      ...(await enrol(ctx, { seriesId, personIds, enrolledBy: `mentoring/${programId}` })),
    });
  return out;
}

function instant(text: string, field: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new InputError(`${field} "${text}" is not a date-time`);
  return d;
}

async function knownPeople(db: Db, ids: string[], what: string): Promise<void> {
  const found = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((p) => p.id === id));
  if (missing.length) throw new InputError(`unknown ${what} person id(s): ${missing.join(', ')}`);
}

export async function startProgram(
  ctx: MentoringContext,
  req: StartProgramRequest,
): Promise<{
  id: string;
  workflowId: string;
  trainees: number;
  mentors: number;
  lectures: LectureEnrolment[];
}> {
  if (!ID.test(req.id))
    throw new InputError(`id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`);
  if (!req.title?.trim()) throw new InputError('title is empty');
  const kind = req.kind ?? 'supervisor';
  if (kind !== 'supervisor' && kind !== 'senior_exam')
    throw new InputError(`kind "${kind as string}" must be supervisor or senior_exam`);
  const trainees = [...new Set(req.traineeIds)];
  const mentors = [...new Set(req.mentorIds)];
  if (!trainees.length) throw new InputError('traineeIds names no trainees');
  if (!mentors.length) throw new InputError('mentorIds names no mentors');
  const both = trainees.filter((t) => mentors.includes(t));
  if (both.length)
    throw new InputError(`person id(s) ${both.join(', ')} cannot be both trainee and mentor`);
  const now = ctx.now?.() ?? new Date();
  const start = req.start ? instant(req.start, 'start') : now;
  const end = instant(req.end, 'end');
  if (end.getTime() <= start.getTime()) throw new InputError('end must be after start');
  let plan: MentoringPlan;
  try {
    plan = mentoringPlan(req.plan);
  } catch (e) {
    throw new InputError((e as Error).message);
  }
  const reviewDeadline = req.reviewDeadline ? instant(req.reviewDeadline, 'reviewDeadline') : null;
  if (kind === 'senior_exam' && !reviewDeadline)
    throw new InputError('a senior_exam program needs reviewDeadline');
  if (reviewDeadline && reviewDeadline.getTime() <= start.getTime())
    throw new InputError('reviewDeadline must be after start');
  const groupTime = req.groupSupervisionTime === undefined ? '09:30' : req.groupSupervisionTime;
  if (groupTime !== null && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(groupTime))
    throw new InputError(`groupSupervisionTime "${groupTime}" must be a time like 09:30`);
  await knownPeople(ctx.db, [req.coordinatorId], 'coordinator');
  await knownPeople(ctx.db, trainees, 'trainee');
  await knownPeople(ctx.db, mentors, 'mentor');
  const lectureSeries = req.lectureSeries ?? [];
  await checkLectureSeries(ctx.db, lectureSeries);
  const lecturesForMentors = req.lecturesForMentors ?? false;
  if (await ctx.db.mentoringProgram.findUnique({ where: { id: req.id } }))
    throw new Conflict(`mentoring program "${req.id}" already exists`);

  const workflowId = programWorkflowId(req.id);
  await ctx.db.mentoringProgram.create({
    data: {
      id: req.id,
      title: req.title,
      kind,
      coordinatorId: req.coordinatorId,
      startsAt: start,
      endsAt: end,
      timeZone: ctx.timeZone,
      plan: JSON.stringify({
        ...plan,
        groupSupervisionTime: groupTime,
        reviewDeadline,
        lectureSeries,
        lecturesForMentors,
      }),
      status: 'running',
      workflowId,
      createdBy: req.createdBy,
      members: {
        create: [
          ...trainees.map((personId) => ({ personId, role: 'trainee' })),
          ...mentors.map((personId) => ({ personId, role: 'mentor' })),
        ],
      },
    },
  });
  try {
    await ctx.temporal.workflow.start<typeof mentoringProgram>('mentoringProgram', {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [
        {
          programId: req.id,
          kind,
          coordinatorId: req.coordinatorId,
          traineeIds: trainees,
          mentorIds: mentors,
          start: start.toISOString(),
          end: end.toISOString(),
          plan,
          groupSupervisionTime: groupTime,
          ...(reviewDeadline ? { reviewDeadline: reviewDeadline.toISOString() } : {}),
          timeZone: ctx.timeZone,
          quietHours: ctx.quietHours,
        },
      ],
    });
  } catch (e) {
    await ctx.db.mentoringProgram.delete({ where: { id: req.id } });
    throw e;
  }
  const lectures = await enrolInLectures(ctx, req.id, lectureSeries, [
    ...trainees,
    ...(lecturesForMentors ? mentors : []),
  ]);
  return { id: req.id, workflowId, trainees: trainees.length, mentors: mentors.length, lectures };
}

async function program(db: Db, id: string) {
  const p = await db.mentoringProgram.findUnique({ where: { id } });
  if (!p) throw new NotFound(`no mentoring program "${id}"`);
  return p;
}

async function member(db: Db, programId: string, personId: string, role: string) {
  return db.mentoringMember.findUnique({
    where: { programId_personId_role: { programId, personId, role } },
  });
}

/** Runs an update; a validator's rejection or a finished workflow becomes an InputError. */
async function update<R>(run: () => Promise<R>, finished: string): Promise<R> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError) throw new Conflict(e.cause?.message ?? e.message);
    if ((e as Error).name === 'WorkflowNotFoundError') throw new Conflict(finished);
    throw e;
  }
}

export async function pairMentee(
  ctx: MentoringContext,
  req: { programId: string; menteeId: string; mentorId: string },
): Promise<{ pairId: string; workflowId: string }> {
  const p = await program(ctx.db, req.programId);
  if (req.menteeId === req.mentorId)
    throw new InputError(`${req.menteeId} cannot be paired with themselves`);
  if (!(await member(ctx.db, p.id, req.menteeId, 'trainee')))
    throw new InputError(`${req.menteeId} is not a trainee of program ${p.id}`);
  const mentor = await member(ctx.db, p.id, req.mentorId, 'mentor');
  if (!mentor?.active)
    throw new InputError(`${req.mentorId} is not an active mentor of program ${p.id}`);
  if (await ctx.db.mentoringPair.findUnique({ where: { id: pairIdOf(p.id, req.menteeId) } }))
    throw new Conflict(`${req.menteeId} is already paired in program ${p.id}`);
  return update(
    () =>
      ctx.temporal.workflow.getHandle(p.workflowId).executeUpdate(pairMenteeUpdate, {
        args: [{ menteeId: req.menteeId, mentorId: req.mentorId }],
      }),
    `program ${p.id} has ended`,
  );
}

/**
 * Trainees and mentors join a running program (a mentor who had left may come back); the new
 * trainees (and mentors, when the plan says so) are enrolled in its lecture series.
 */
export async function addMembers(
  ctx: MentoringContext,
  req: { programId: string; traineeIds?: string[]; mentorIds?: string[] },
): Promise<{ trainees: number; mentors: number; lectures: LectureEnrolment[] }> {
  const p = await program(ctx.db, req.programId);
  if (p.status !== 'running') throw new Conflict(`program ${p.id} has ended`);
  const traineeIds = req.traineeIds ?? [];
  const mentorIds = req.mentorIds ?? [];
  const all = [...traineeIds, ...mentorIds];
  if (!all.length) throw new InputError('names nobody to add');
  const twice = repeated(all);
  if (twice.length) throw new InputError(`person id(s) ${twice.join(', ')} given twice`);
  await knownPeople(ctx.db, traineeIds, 'trainee');
  await knownPeople(ctx.db, mentorIds, 'mentor');
  const members = await ctx.db.mentoringMember.findMany({
    where: { programId: p.id, personId: { in: all } },
  });
  for (const m of members) {
    const asMentor = mentorIds.includes(m.personId);
    if (m.role === 'trainee')
      throw new Conflict(`${m.personId} is already a trainee of program ${p.id}`);
    if (!asMentor)
      throw new InputError(`${m.personId} cannot be both trainee and mentor in program ${p.id}`);
    if (m.active) throw new Conflict(`${m.personId} is already a mentor of program ${p.id}`);
  }
  const r = await update(
    () =>
      ctx.temporal.workflow
        .getHandle(p.workflowId)
        .executeUpdate(addMembersUpdate, { args: [{ traineeIds, mentorIds }] }),
    `program ${p.id} has ended`,
  );
  const { series, forMentors } = lecturesOf(p);
  const lectures = await enrolInLectures(ctx, p.id, series, [
    ...traineeIds,
    ...(forMentors ? mentorIds : []),
  ]);
  return { ...r, lectures };
}

/** Ranked mentors for a trainee: shared specialty, unit distance, mentor load (pure rule). */
export async function suggestPairs(
  ctx: Pick<MentoringContext, 'db'>,
  programId: string,
  menteeId: string,
  limit = 5,
): Promise<Suggestion[]> {
  const p = await program(ctx.db, programId);
  if (!(await member(ctx.db, p.id, menteeId, 'trainee')))
    throw new InputError(`${menteeId} is not a trainee of program ${p.id}`);
  const mentors = await ctx.db.mentoringMember.findMany({
    where: { programId: p.id, role: 'mentor', active: true },
  });
  const ids = [menteeId, ...mentors.map((m) => m.personId)];
  const people = await ctx.db.person.findMany({
    where: { id: { in: ids } },
    include: { unit: { select: { path: true } }, specialties: { select: { specialty: true } } },
  });
  const loads = await ctx.db.mentoringPair.groupBy({
    by: ['mentorId'],
    where: { status: { in: OPEN }, mentorId: { in: ids } },
    _count: true,
  });
  const candidate = (id: string) => {
    const person = people.find((x) => x.id === id)!;
    return {
      personId: id,
      unitPath: person.unit.path,
      specialties: person.specialties.map((s) => s.specialty),
      load: loads.find((l) => l.mentorId === id)?._count ?? 0,
    };
  };
  return suggestMentors(
    candidate(menteeId),
    mentors.map((m) => candidate(m.personId)),
    limit,
  );
}

/** A mentor leaves: each of their open pairs gets the new mentor given; history stays. */
export async function mentorLeaves(
  ctx: MentoringContext,
  req: { programId: string; mentorId: string; reassign: Record<string, string> },
): Promise<{ repaired: string[] }> {
  const p = await program(ctx.db, req.programId);
  const mentor = await member(ctx.db, p.id, req.mentorId, 'mentor');
  if (!mentor?.active)
    throw new InputError(`${req.mentorId} is not an active mentor of program ${p.id}`);
  return update(
    () =>
      ctx.temporal.workflow
        .getHandle(p.workflowId)
        .executeUpdate(mentorLeavesUpdate, { args: [req] }),
    `program ${p.id} has ended`,
  );
}

async function openPair(db: Db, pairId: string) {
  const pair = await db.mentoringPair.findUnique({ where: { id: pairId } });
  if (!pair) throw new NotFound(`no mentoring pair "${pairId}"`);
  if (!OPEN.includes(pair.status))
    throw new Conflict(`pair ${pairId} is ${pair.status}: it takes no more entries`);
  return pair;
}

/** Runs one of a pair's updates, once the database says the pair is open. */
async function pairUpdate<R, A>(
  ctx: MentoringContext,
  pairId: string,
  definition: UpdateDefinition<R, [A]>,
  arg: A,
): Promise<R> {
  const pair = await openPair(ctx.db, pairId);
  return update(
    () =>
      ctx.temporal.workflow.getHandle(pair.workflowId).executeUpdate(definition, { args: [arg] }),
    `pair ${pairId} has finished`,
  );
}

export interface LogSessionRequest extends SessionLog {
  pairId: string;
  /** Kept in the database only, never in the workflow history. */
  notes?: string;
}

export async function logSession(
  ctx: MentoringContext,
  req: LogSessionRequest,
): Promise<{ seq: number; status: string }> {
  if (!req.recordedBy?.trim()) throw new InputError('recordedBy is required');
  const { pairId, notes, ...log } = req;
  const done = await pairUpdate(ctx, pairId, logSessionUpdate, log);
  if (notes)
    await ctx.db.mentoringSession.update({
      where: { pairId_seq: { pairId, seq: done.seq } },
      data: { notes },
    });
  return done;
}

export async function setGoal(
  ctx: MentoringContext,
  req: { pairId: string; goalId: string; title?: string; progress: number },
): Promise<void> {
  await pairUpdate(ctx, req.pairId, setGoalUpdate, { goalId: req.goalId, progress: req.progress });
  if (req.title)
    await ctx.db.mentoringGoal.update({
      where: { pairId_goalId: { pairId: req.pairId, goalId: req.goalId } },
      data: { title: req.title },
    });
}

export async function evaluate(
  ctx: MentoringContext,
  req: EvaluationInput & { pairId: string; comment?: string },
): Promise<{ overall: number }> {
  await openPair(ctx.db, req.pairId);
  try {
    evaluationOverall(req.scores);
  } catch (e) {
    throw new InputError(`evaluation of pair ${req.pairId}: ${(e as Error).message}`);
  }
  const { pairId, comment, ...evaluation } = req;
  const done = await pairUpdate(ctx, pairId, evaluateUpdate, evaluation);
  if (comment)
    await ctx.db.mentoringEvaluation.update({
      where: { pairId_stage: { pairId, stage: req.stage } },
      data: { comment },
    });
  return done;
}

export async function submitChecklistItem(
  ctx: MentoringContext,
  req: { pairId: string; item: string },
): Promise<void> {
  await pairUpdate(ctx, req.pairId, submitChecklistUpdate, { item: req.item });
}

/**
 * The coordinator closes a pair by hand. The reason, in their words, stays in the database; the
 * pair's workflow closes it (reason "coordinator") and tells both sides and the program.
 */
export async function closePair(
  ctx: MentoringContext,
  req: { pairId: string; reason: string; closedBy: string },
): Promise<{ pairId: string; status: string }> {
  const reason = req.reason?.trim() ?? '';
  if (!reason) throw new InputError(`closing pair ${req.pairId} needs a reason`);
  if (reason.length > 500) throw new InputError('reason must be at most 500 characters');
  await knownPeople(ctx.db, [req.closedBy], 'closedBy');
  const pair = await openPair(ctx.db, req.pairId);
  const done = await update(
    () =>
      ctx.temporal.workflow
        .getHandle(pair.workflowId)
        .executeUpdate(closePairUpdate, { args: [{ closedBy: req.closedBy }] }),
    `pair ${req.pairId} has finished`,
  );
  await ctx.db.mentoringPair.update({
    where: { id: req.pairId },
    data: { closedBy: req.closedBy, closedNote: reason },
  });
  return { pairId: req.pairId, status: done.status };
}

export async function programProgress(
  ctx: Pick<MentoringContext, 'db' | 'temporal'>,
  id: string,
): Promise<ProgramProgress | MentoringReport> {
  const p = await program(ctx.db, id);
  const live = await ctx.temporal.workflow
    .getHandle(p.workflowId)
    .query(programProgressQuery)
    .catch(() => undefined);
  return live ?? mentoringReport(ctx, id);
}

/** A pair's live state, or what the database holds once it has finished. */
export async function pairState(
  ctx: Pick<MentoringContext, 'db' | 'temporal'>,
  pairId: string,
): Promise<PairState | { pairId: string; status: string; closedReason: string | null }> {
  const pair = await ctx.db.mentoringPair.findUnique({ where: { id: pairId } });
  if (!pair) throw new NotFound(`no mentoring pair "${pairId}"`);
  const live = await ctx.temporal.workflow
    .getHandle(pair.workflowId)
    .query(pairStateQuery)
    .catch(() => undefined);
  return live ?? { pairId, status: pair.status, closedReason: pair.closedReason };
}

export interface MentoringReport {
  programId: string;
  title: string;
  status: string;
  pairs: { active: number; atRisk: number; completed: number; closed: number };
  /** Closed pairs by reason: coordinator (closed by hand), inactive, not_qualified, … */
  closedReasons: Record<string, number>;
  sessions: { planned: number; held: number; missed: number };
  supervisorsQualified: number;
  mentorLoad: { mentorId: string; open: number; total: number; held: number }[];
  /** The lecture series of the plan and the class hours each trainee attended in them. */
  lectures: { series: string[]; trainees: { personId: string; hours: number }[] };
  rows: {
    pairId: string;
    menteeId: string;
    mentorId: string;
    previousMentors: string[];
    status: string;
    closedReason: string | null;
    closedBy: string | null;
    closedNote: string | null;
    planned: number;
    held: number;
    missed: number;
    midterm: number | null;
    final: number | null;
    lectureHours: number;
  }[];
}

/** Attended (present or late) class hours per person in the given course series. */
async function lectureHours(
  db: Db,
  series: string[],
  personIds: string[],
): Promise<Map<string, number>> {
  const rows = series.length
    ? await db.courseAttendance.findMany({
        where: {
          seriesId: { in: series },
          personId: { in: personIds },
          status: { in: [...ATTENDED] },
          session: { status: { not: 'cancelled' } },
        },
        select: { personId: true, session: { select: { hoursTenths: true } } },
      })
    : [];
  const tenths = new Map<string, number>(personIds.map((id) => [id, 0]));
  for (const r of rows) tenths.set(r.personId, tenths.get(r.personId)! + r.session.hoursTenths);
  return new Map([...tenths].map(([id, t]) => [id, t / 10]));
}

/** Program health from the database (the system of record). */
export async function mentoringReport(
  ctx: Pick<MentoringContext, 'db'>,
  programId: string,
): Promise<MentoringReport> {
  const p = await program(ctx.db, programId);
  const pairs = await ctx.db.mentoringPair.findMany({
    where: { programId },
    include: { evaluations: true },
    orderBy: { id: 'asc' },
  });
  const n = (s: string) => pairs.filter((x) => x.status === s).length;
  const sum = (f: (x: (typeof pairs)[number]) => number) => pairs.reduce((a, x) => a + f(x), 0);
  const qualified = await ctx.db.personQualification.count({
    where: { kind: 'supervisor', source: `mentoring/${programId}` },
  });
  const mentors = await ctx.db.mentoringMember.findMany({
    where: { programId, role: 'mentor' },
    orderBy: { personId: 'asc' },
  });
  const trainees = await ctx.db.mentoringMember.findMany({
    where: { programId, role: 'trainee' },
    orderBy: { personId: 'asc' },
  });
  const { series } = lecturesOf(p);
  const hours = await lectureHours(
    ctx.db,
    series,
    trainees.map((t) => t.personId),
  );
  const closedReasons: Record<string, number> = {};
  for (const x of pairs)
    if (x.status === 'closed') {
      const reason = x.closedReason ?? 'unknown';
      closedReasons[reason] = (closedReasons[reason] ?? 0) + 1;
    }
  const score = (x: (typeof pairs)[number], stage: string) =>
    x.evaluations.find((e) => e.stage === stage)?.overall ?? null;
  return {
    programId,
    title: p.title,
    status: p.status,
    pairs: {
      active: n('active'),
      atRisk: n('at_risk'),
      completed: n('completed'),
      closed: n('closed'),
    },
    closedReasons,
    sessions: {
      planned: sum((x) => x.sessionsPlanned),
      held: sum((x) => x.sessionsHeld),
      missed: sum((x) => x.sessionsMissed),
    },
    supervisorsQualified: qualified,
    mentorLoad: mentors.map((m) => {
      const mine = pairs.filter((x) => x.mentorId === m.personId);
      return {
        mentorId: m.personId,
        open: mine.filter((x) => OPEN.includes(x.status)).length,
        total: mine.length,
        held: mine.reduce((a, x) => a + x.sessionsHeld, 0),
      };
    }),
    lectures: {
      series,
      trainees: trainees.map((t) => ({ personId: t.personId, hours: hours.get(t.personId)! })),
    },
    rows: pairs.map((x) => ({
      pairId: x.id,
      menteeId: x.menteeId,
      mentorId: x.mentorId,
      previousMentors: JSON.parse(x.previousMentors) as string[],
      status: x.status,
      closedReason: x.closedReason,
      closedBy: x.closedBy,
      closedNote: x.closedNote,
      planned: x.sessionsPlanned,
      held: x.sessionsHeld,
      missed: x.sessionsMissed,
      midterm: score(x, 'midterm'),
      final: score(x, 'final'),
      lectureHours: hours.get(x.menteeId) ?? 0,
    })),
  };
}

/** The report as sheets: pairs (with totals), mentors' load, trainees' lecture hours. */
export function mentoringTables(r: MentoringReport): Table[] {
  return [
    mentoringTable(r),
    {
      title: '导师负荷 mentor load',
      headers: ['导师 mentor', '进行中 open', '结对总数 total', '已开展 held'],
      rows: r.mentorLoad.map((m) => [m.mentorId, m.open, m.total, m.held]),
    },
    {
      title: '讲座学时 lecture hours',
      headers: ['学员 trainee', `讲座学时 lecture hours (${r.lectures.series.join(',') || '-'})`],
      rows: r.lectures.trainees.map((t) => [t.personId, t.hours]),
    },
  ];
}

export function mentoringTable(r: MentoringReport): Table {
  return {
    title: `带教 ${r.programId}`,
    headers: [
      '结对 pair',
      '学员 mentee',
      '导师 mentor',
      '原导师 previous mentors',
      '状态 status',
      '关闭原因 reason',
      '关闭说明 closure note',
      '计划 planned',
      '已开展 held',
      '缺席 missed',
      '中期 midterm',
      '结业 final',
      '讲座学时 lecture hours',
    ],
    rows: [
      ...r.rows.map((x) => [
        x.pairId,
        x.menteeId,
        x.mentorId,
        x.previousMentors.join(',') || null,
        x.status,
        x.closedReason,
        x.closedNote,
        x.planned,
        x.held,
        x.missed,
        x.midterm,
        x.final,
        x.lectureHours,
      ]),
      [
        `合计 total (督导合格 supervisors qualified: ${r.supervisorsQualified})`,
        null,
        null,
        null,
        `active ${r.pairs.active} / at risk ${r.pairs.atRisk} / completed ${r.pairs.completed} / closed ${r.pairs.closed}`,
        Object.entries(r.closedReasons)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || null,
        null,
        r.sessions.planned,
        r.sessions.held,
        r.sessions.missed,
        null,
        null,
        null,
      ],
    ],
  };
}

export async function exportMentoringReport(
  ctx: Pick<MentoringContext, 'db'>,
  programId: string,
  format: SheetFormat = 'xlsx',
): Promise<{ fileName: string; bytes: Buffer }> {
  if (format !== 'xlsx' && format !== 'csv')
    throw new InputError(`format must be xlsx or csv, got "${format as string}"`);
  const bytes = await writeTables(mentoringTables(await mentoringReport(ctx, programId)), format);
  return { fileName: `mentoring-${programId}.${format}`, bytes };
}
