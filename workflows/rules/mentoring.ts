/**
 * Mentoring rules (督导孵化 / 一对一带教): the session calendar of a pair, what a pair does next
 * (its agenda), the checks of its entries, monthly group supervision, evaluation validation and
 * ranked mentor suggestions. Pure and deterministic: the pair workflow runs them as they are.
 */
import { InputError } from '../../common/errors';
import { nextSendableTime, type QuietHours } from './quietHours';
import { parseOffset } from './reminders';
import { localParts, zonedInstant } from './zonedTime';
import { MENTORING_STATUS, zhOf } from './vocabulary';

const DAY_MS = 86_400_000;

export interface MentoringPlan {
  /** One-on-one sessions in the plan, e.g. 12 (every 2 weeks for 6 months). */
  sessions: number;
  /** Days between sessions, e.g. 14. */
  cadenceDays: number;
  /** Local time of day sessions are proposed for, "14:00". */
  sessionTime: string;
  /** Before each session: the proposal, then reminders to both sides. */
  proposalOffset: string;
  reminderOffsets: string[];
  /** No session held for this long → warning; closure after the grace period. */
  inactivityDays: number;
  graceDays: number;
  /** A final evaluation's overall score at or above this qualifies the mentee. */
  passScore: number;
  /** Senior-exam coaching: review materials to submit, reminded every `checklistEveryDays`. */
  checklist: string[];
  checklistEveryDays: number;
}

export const DEFAULT_MENTORING_PLAN: MentoringPlan = {
  sessions: 12,
  cadenceDays: 14,
  sessionTime: '14:00',
  proposalOffset: '7d',
  reminderOffsets: ['1d', '1h'],
  inactivityDays: 90,
  graceDays: 7,
  passScore: 60,
  checklist: [],
  checklistEveryDays: 7,
};

/** Checks a plan, naming the field at fault (InputError); returns it with defaults filled in. */
export function mentoringPlan(given: Partial<MentoringPlan> = {}): MentoringPlan {
  const plan = { ...DEFAULT_MENTORING_PLAN, ...given };
  const whole = (name: keyof MentoringPlan, min: number, max: number) => {
    const v = plan[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new InputError(
        `plan.${name} 须为 ${min} 到 ${max} 之间的整数 / plan.${name} must be a whole number from ${min} to ${max}`,
      );
  };
  whole('sessions', 1, 200);
  whole('cadenceDays', 1, 365);
  whole('inactivityDays', 1, 3650);
  whole('graceDays', 0, 365);
  whole('passScore', 0, 100);
  whole('checklistEveryDays', 1, 365);
  if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(plan.sessionTime))
    throw new InputError(
      `plan.sessionTime“${plan.sessionTime}”须形如 14:00 / plan.sessionTime "${plan.sessionTime}" must be a time like 14:00`,
    );
  for (const o of [plan.proposalOffset, ...plan.reminderOffsets])
    try {
      parseOffset(o);
    } catch (e) {
      throw new InputError((e as Error).message); // parseOffset's own error is a plain Error
    }
  if (new Set(plan.checklist).size !== plan.checklist.length)
    throw new InputError('plan.checklist 中有重复项 / plan.checklist names an item twice');
  return plan;
}

/** The local day of `instant` plus `days`, at `time` ("14:00") in the zone. */
export function localDayAt(instant: Date, days: number, time: string, timeZone: string): Date {
  const p = localParts(instant, timeZone);
  const [h, m] = time.split(':').map(Number);
  const day = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return zonedInstant(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: h!,
      minute: m!,
      second: 0,
    },
    timeZone,
  );
}

/** Proposed session instants: the first a cadence after `start`, then every cadence. */
export function sessionTimes(start: Date, plan: MentoringPlan, timeZone: string): Date[] {
  return Array.from({ length: plan.sessions }, (_, i) =>
    localDayAt(start, (i + 1) * plan.cadenceDays, plan.sessionTime, timeZone),
  );
}

/**
 * When a notice `offset` before a session goes out: not before the pair started, moved out of
 * quiet hours to the morning — unless that would be after the session itself.
 */
export function noticeTime(
  sessionAt: number,
  start: number,
  offset: string,
  quietHours: QuietHours | null,
  timeZone: string,
): number {
  const at = Math.max(start, sessionAt - parseOffset(offset));
  const sendable = nextSendableTime(new Date(at), quietHours, timeZone).getTime();
  return sendable < sessionAt ? sendable : at;
}

/** Monthly group supervision (小组督导): the same day of each month after start, before end. */
export function monthlyTimes(start: Date, end: Date, time: string, timeZone: string): Date[] {
  const p = localParts(start, timeZone);
  const [h, m] = time.split(':').map(Number);
  const out: Date[] = [];
  for (let k = 1; ; k++) {
    const month = new Date(Date.UTC(p.year, p.month - 1 + k, 1));
    const lastDay = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0));
    const at = zonedInstant(
      {
        year: month.getUTCFullYear(),
        month: month.getUTCMonth() + 1,
        day: Math.min(p.day, lastDay.getUTCDate()),
        hour: h!,
        minute: m!,
        second: 0,
      },
      timeZone,
    );
    if (at.getTime() > end.getTime()) return out;
    out.push(at);
  }
}

export const EVALUATION_CRITERIA = [
  'professional_practice',
  'supervision_skills',
  'ethics',
  'reflection',
] as const;

export interface EvaluationInput {
  stage: 'midterm' | 'final';
  mentorId: string;
  scores: Record<string, number>;
}

/** The overall score (rounded mean), or an error naming the criterion at fault. */
export function evaluationOverall(scores: Record<string, unknown>): number {
  const keys = Object.keys(scores);
  const unknown = keys.filter((k) => !(EVALUATION_CRITERIA as readonly string[]).includes(k));
  if (unknown.length)
    throw new Error(
      `未知评估项 ${unknown.join('、')} / unknown criterion ${unknown.join(', ')} (known: ${EVALUATION_CRITERIA.join(', ')})`,
    );
  const missing = EVALUATION_CRITERIA.filter((k) => !keys.includes(k));
  if (missing.length)
    throw new Error(`缺少评分：${missing.join('、')} / scores missing for ${missing.join(', ')}`);
  for (const k of EVALUATION_CRITERIA) {
    const v = scores[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100)
      throw new Error(
        `评分 ${k}=${String(v)} 须为 0 到 100 之间的整数 / score ${k}=${String(v)} is out of range: a whole number from 0 to 100`,
      );
  }
  const sum = EVALUATION_CRITERIA.reduce((n, k) => n + (scores[k] as number), 0);
  return Math.round(sum / EVALUATION_CRITERIA.length);
}

/** Ids given more than once, each named once. */
export function repeatedIds(ids: string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/** Steps between two units in the org tree, from materialised paths "/pudong/pudong.s01/…/". */
export function unitDistance(pathA: string, pathB: string): number {
  const a = pathA.split('/').filter(Boolean);
  const b = pathB.split('/').filter(Boolean);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return a.length - common + (b.length - common);
}

export interface Candidate {
  personId: string;
  unitPath: string;
  specialties: string[];
  /** Active pairs the mentor has now. */
  load: number;
}

export interface Suggestion {
  mentorId: string;
  score: number;
  sharedSpecialties: string[];
  distance: number;
  load: number;
}

/**
 * Mentors for a trainee, best first: each shared specialty +10, each step of unit distance −1,
 * each pair the mentor already has −3. Ties go to the lower load, then the id. The trainee is
 * never suggested to themselves.
 */
export function suggestMentors(trainee: Candidate, mentors: Candidate[], limit = 5): Suggestion[] {
  return mentors
    .filter((m) => m.personId !== trainee.personId)
    .map((m) => {
      const shared = m.specialties.filter((s) => trainee.specialties.includes(s)).sort();
      const distance = unitDistance(trainee.unitPath, m.unitPath);
      return {
        mentorId: m.personId,
        score: shared.length * 10 - distance - m.load * 3,
        sharedSpecialties: shared,
        distance,
        load: m.load,
      };
    })
    .sort((x, y) => y.score - x.score || x.load - y.load || (x.mentorId < y.mentorId ? -1 : 1))
    .slice(0, limit);
}

export { DAY_MS };

// ---- one pair's life (一对一带教): sessions, entries, agenda ------------------------------------

/** A session as the pair keeps it; `version` counts reschedules (each gets fresh notices). */
export interface PlannedSession {
  seq: number;
  /** Epoch ms. */
  at: number;
  status: 'planned' | 'held' | 'missed';
  version: number;
}

/** The pair's sessions from `start` (epoch ms); with a review deadline, only those before it. */
export function plannedSessions(
  start: number,
  plan: MentoringPlan,
  timeZone: string,
  deadline?: number,
): PlannedSession[] {
  return sessionTimes(new Date(start), plan, timeZone)
    .map((d) => d.getTime())
    .filter((t) => deadline === undefined || t < deadline)
    .map((at, i) => ({ seq: i + 1, at, status: 'planned', version: 0 }));
}

/** The session a log is for: the one numbered, else the earliest not yet logged. */
export function sessionToLog<S extends PlannedSession>(sessions: S[], seq?: number): S | undefined {
  return seq ? sessions.find((x) => x.seq === seq) : sessions.find((x) => x.status === 'planned');
}

/** A session log as the coordinator or mentor gives it. */
export interface SessionEntry {
  seq?: number;
  status: string;
  durationMinutes?: number;
  rescheduledTo?: string;
}

/** Checks a session log against the pair's sessions at `now` (epoch ms); throws naming the fault. */
export function checkSessionLog(
  pairId: string,
  sessions: PlannedSession[],
  log: SessionEntry,
  now: number,
): void {
  const s = sessionToLog(sessions, log.seq);
  if (!s)
    throw new Error(
      log.seq
        ? `结对 ${pairId} 没有第 ${log.seq} 次带教（1–${sessions.length}）/ pair ${pairId} has no session ${log.seq} (1–${sessions.length})`
        : `结对 ${pairId} 已没有待记录的带教 / pair ${pairId} has no session left to log`,
    );
  if (s.status !== 'planned')
    throw new Error(
      `结对 ${pairId} 的第 ${s.seq} 次带教已记录为${zhOf(MENTORING_STATUS, s.status)} / session ${s.seq} of pair ${pairId} is already logged as ${s.status}`,
    );
  if (!['held', 'missed', 'rescheduled'].includes(log.status))
    throw new Error(
      `状态“${log.status}”须为 held（已进行）、missed（缺席）或 rescheduled（改期）/ status "${log.status}" must be held, missed or rescheduled`,
    );
  const d = log.durationMinutes;
  if (log.status === 'held' && (!Number.isInteger(d) || d! < 1 || d! > 600))
    throw new Error(
      '已进行带教的时长（分钟）须为 1–600 的整数 / durationMinutes of a held session must be a whole number 1–600',
    );
  if (log.status === 'rescheduled') {
    const to = new Date(log.rescheduledTo ?? '').getTime();
    if (Number.isNaN(to) || to <= now)
      throw new Error('改期时间须晚于现在 / rescheduledTo must be a future date-time');
  }
}

/** A goal's id and progress (0–100). */
export function checkGoal(g: { goalId: string; progress: number }): void {
  if (!/^[A-Za-z0-9._-]{1,60}$/.test(g.goalId))
    throw new Error(
      `目标编号“${g.goalId}”须为 1–60 个字母、数字、点或横线 / goal id "${g.goalId}" must be 1-60 letters, digits, dot, dash`,
    );
  if (!Number.isInteger(g.progress) || g.progress < 0 || g.progress > 100)
    throw new Error(
      `目标 ${g.goalId} 的进度 ${g.progress} 须在 0–100 之间 / progress ${g.progress} of goal ${g.goalId} must be 0–100`,
    );
}

/** An evaluation: by the pair's mentor, each stage once, the midterm before the final. */
export function checkEvaluation(
  pairId: string,
  mentorId: string,
  done: { midterm?: number; final?: number },
  e: EvaluationInput,
): void {
  const stage: string = e.stage;
  if (stage !== 'midterm' && stage !== 'final')
    throw new Error(
      `评估阶段“${stage}”须为 midterm（中期）或 final（结业）/ stage "${stage}" must be midterm or final`,
    );
  if (e.mentorId !== mentorId)
    throw new Error(
      `${e.mentorId} 不是结对 ${pairId} 的导师（导师为 ${mentorId}）/ ${e.mentorId} is not the mentor of pair ${pairId} (${mentorId} is)`,
    );
  if (done[stage] !== undefined)
    throw new Error(
      `结对 ${pairId} 的${stage === 'midterm' ? '中期' : '结业'}评估已提交 / the ${stage} evaluation of pair ${pairId} is already in`,
    );
  if (stage === 'final' && done.midterm === undefined)
    throw new Error(
      `结对 ${pairId} 须先完成中期评估 / pair ${pairId} needs its midterm evaluation before the final`,
    );
  evaluationOverall(e.scores);
}

/** A review material (评审材料): on the checklist and not submitted yet. */
export function checkChecklistItem(
  pairId: string,
  checklist: Record<string, boolean>,
  item: string,
): void {
  if (!(item in checklist))
    throw new Error(
      `“${item}”不在结对 ${pairId} 的评审材料清单中 / "${item}" is not on pair ${pairId}'s checklist (${Object.keys(checklist).join(', ') || 'empty'})`,
    );
  if (checklist[item])
    throw new Error(
      `结对 ${pairId} 的“${item}”已提交 / "${item}" of pair ${pairId} is already submitted`,
    );
}

/** How a final evaluation ends the pair: completed at or above the pass score. */
export function finalOutcome(
  final: number,
  passScore: number,
): { status: 'completed'; reason?: undefined } | { status: 'closed'; reason: 'not_qualified' } {
  return final >= passScore
    ? { status: 'completed' }
    : { status: 'closed', reason: 'not_qualified' };
}

/** What a pair's calendar is made from; fixed for the pair's life. */
export interface PairCalendar {
  kind: 'supervisor' | 'senior_exam';
  /** Epoch ms. */
  start: number;
  /** Senior-exam coaching: the review deadline, epoch ms. */
  deadline?: number;
  plan: MentoringPlan;
  timeZone: string;
  quietHours: QuietHours | null;
}

/** Where the pair stands, as far as its agenda depends on it. */
export interface PairStanding {
  sessions: readonly PlannedSession[];
  evaluations: { midterm?: number; final?: number };
  checklist: Record<string, boolean>;
  /** Epoch ms of the last activity (a held or rescheduled session, a goal, …). */
  lastActivity: number;
  /** Epoch ms of the inactivity warning now standing, if any. */
  warnedAt?: number;
  /** Inactivity warnings so far. */
  warnings: number;
}

type SessionParams = { seq: string; at: string };

/** Something the pair does at a time; `key` names it once (notice keys, never done twice). */
export type PairEvent = { key: string; at: number } & (
  | { kind: 'proposal'; seq: number; params: SessionParams }
  /** Sent only when its session's proposal went out. */
  | { kind: 'reminder'; seq: number; proposal: string; params: SessionParams }
  | { kind: 'evaluation-request'; stage: 'midterm' | 'final' }
  | { kind: 'inactivity-warning' }
  | { kind: 'inactivity-closure' }
  /** Senior exam: the materials still outstanding when the agenda was made. */
  | { kind: 'checklist'; outstanding: string[] }
  | { kind: 'review-deadline'; outstanding: string[] }
);

/**
 * Everything the pair does from now, given where it stands, in time order (ties keep this
 * order): each planned session's proposal and reminders; the mentor's midterm and final
 * evaluation requests a day after the middle and the last session (supervisor incubation);
 * the inactivity warning, or the closure once warned; the senior-exam checklist reminders and
 * the review deadline. Events whose key is in `done` are left out.
 */
export function pairAgenda(
  cal: PairCalendar,
  p: PairStanding,
  done: ReadonlySet<string>,
): PairEvent[] {
  const { plan, start, deadline } = cal;
  const events: PairEvent[] = [];
  for (const s of p.sessions) {
    if (s.status !== 'planned') continue;
    const v = s.version ? `-v${s.version}` : '';
    const params = { seq: String(s.seq), at: new Date(s.at).toISOString() };
    const due = (offset: string) => noticeTime(s.at, start, offset, cal.quietHours, cal.timeZone);
    const proposal = `session-${s.seq}${v}/proposal`;
    events.push({
      key: proposal,
      at: due(plan.proposalOffset),
      kind: 'proposal',
      seq: s.seq,
      params,
    });
    for (const o of plan.reminderOffsets)
      events.push({
        key: `session-${s.seq}${v}/reminder-${o}`,
        at: due(o),
        kind: 'reminder',
        seq: s.seq,
        proposal,
        params,
      });
  }
  const mid = p.sessions[Math.ceil(p.sessions.length / 2) - 1];
  const last = p.sessions[p.sessions.length - 1];
  const stages = [
    ['midterm', mid],
    ['final', last],
  ] as const;
  for (const [stage, s] of stages)
    if (cal.kind === 'supervisor' && s && p.evaluations[stage] === undefined)
      events.push({
        key: `${stage}-request`,
        at: s.at + DAY_MS,
        kind: 'evaluation-request',
        stage,
      });
  if (p.warnedAt === undefined)
    events.push({
      key: `inactivity-${p.warnings + 1}`,
      at: p.lastActivity + plan.inactivityDays * DAY_MS,
      kind: 'inactivity-warning',
    });
  else
    events.push({
      key: `closure-${p.warnings}`,
      at: p.warnedAt + plan.graceDays * DAY_MS,
      kind: 'inactivity-closure',
    });
  if (deadline !== undefined) {
    const outstanding = Object.keys(p.checklist).filter((i) => !p.checklist[i]);
    for (let k = 1; outstanding.length; k++) {
      const at = start + k * plan.checklistEveryDays * DAY_MS;
      if (at >= deadline) break;
      events.push({
        key: `checklist-${k}`,
        at: nextSendableTime(new Date(at), cal.quietHours, cal.timeZone).getTime(),
        kind: 'checklist',
        outstanding,
      });
    }
    events.push({ key: 'review-deadline', at: deadline, kind: 'review-deadline', outstanding });
  }
  return events.filter((e) => !done.has(e.key)).sort((a, b) => a.at - b.at);
}

// ---- the program (督导孵化计划): who may be paired, who may join, who may leave -----------------

/** Who is in a running program: its trainees and its active mentors. */
export interface ProgramMembers {
  programId: string;
  trainees: ReadonlySet<string>;
  mentors: ReadonlySet<string>;
}

/** A mentor for a mentee: an active mentor of the program, never the mentee themselves. */
export function checkMentorFor(m: ProgramMembers, mentorId: string, menteeId: string): void {
  if (mentorId === menteeId)
    throw new Error(`${menteeId} 不能与自己结对 / ${menteeId} cannot be paired with themselves`);
  if (!m.mentors.has(mentorId))
    throw new Error(
      `${mentorId} 不是项目 ${m.programId} 的在任导师 / ${mentorId} is not an active mentor of program ${m.programId}`,
    );
}

/** A trainee of the program, not paired yet, with one of its mentors. */
export function checkPairing(
  m: ProgramMembers,
  req: { menteeId: string; mentorId: string },
  alreadyPaired: boolean,
): void {
  if (!m.trainees.has(req.menteeId))
    throw new Error(
      `${req.menteeId} 不是项目 ${m.programId} 的学员 / ${req.menteeId} is not a trainee of program ${m.programId}`,
    );
  checkMentorFor(m, req.mentorId, req.menteeId);
  if (alreadyPaired)
    throw new Error(
      `${req.menteeId} 在项目 ${m.programId} 中已有结对 / ${req.menteeId} is already paired in program ${m.programId}`,
    );
}

/** A leaving mentor's open pairs each get another active mentor. */
export function checkMentorLeaving(
  m: ProgramMembers,
  req: { mentorId: string; reassign: Record<string, string> },
  openPairs: { menteeId: string; mentorId: string }[],
): void {
  const { mentorId, reassign } = req;
  if (!m.mentors.has(mentorId))
    throw new Error(
      `${mentorId} 不是项目 ${m.programId} 的在任导师 / ${mentorId} is not an active mentor of program ${m.programId}`,
    );
  const theirs = openPairs.filter((p) => p.mentorId === mentorId);
  const missing = theirs.filter((p) => !reassign[p.menteeId]).map((p) => p.menteeId);
  if (missing.length)
    throw new Error(
      `${mentorId} 的学员 ${missing.join('、')} 需要新导师 / mentee(s) ${missing.join(', ')} of ${mentorId} need a new mentor`,
    );
  for (const p of theirs) {
    const next = reassign[p.menteeId]!;
    if (next === mentorId)
      throw new Error(`${mentorId} 正是要离开的导师 / ${mentorId} is the mentor who leaves`);
    checkMentorFor(m, next, p.menteeId);
  }
}

/** New members: someone, each once, none already in the program. */
export function checkNewMembers(
  m: ProgramMembers,
  req: { traineeIds: string[]; mentorIds: string[] },
): void {
  if (!req.traineeIds.length && !req.mentorIds.length)
    throw new Error('未指定要增加的人 / names nobody to add');
  const all = [...req.traineeIds, ...req.mentorIds];
  const twice = repeatedIds(all);
  if (twice.length)
    throw new Error(`${twice.join('、')} 重复 / person id(s) ${twice.join(', ')} given twice`);
  for (const id of all) {
    if (m.trainees.has(id))
      throw new Error(
        `${id} 已是项目 ${m.programId} 的学员 / ${id} is already a trainee of program ${m.programId}`,
      );
    if (m.mentors.has(id))
      throw new Error(
        `${id} 已是项目 ${m.programId} 的导师 / ${id} is already a mentor of program ${m.programId}`,
      );
  }
}

/**
 * Monthly group supervision (小组督导) from start to end: each session's instant and when its
 * reminder goes out — the day before, out of quiet hours.
 */
export function groupSupervisionCalendar(
  start: Date,
  end: Date,
  time: string | null,
  quietHours: QuietHours | null,
  timeZone: string,
): { at: Date; remindAt: number }[] {
  const times = time ? monthlyTimes(start, end, time, timeZone) : [];
  return times.map((at) => {
    const sendAt = nextSendableTime(at, quietHours, timeZone).getTime();
    const remindAt = nextSendableTime(new Date(sendAt - DAY_MS), quietHours, timeZone).getTime();
    return { at, remindAt };
  });
}
