/**
 * A pair's entries (一对一带教记录) by its mentor or the coordinator: sessions held, missed or
 * rescheduled, goals, evaluations, checklist items — each through the pair's workflow (its
 * validators decide), with the words (notes, goal titles, comments) kept in the database only,
 * never in the workflow history. And the pair's state.
 */
import {
  evaluateUpdate,
  logSessionUpdate,
  pairStateQuery,
  setGoalUpdate,
  submitChecklistUpdate,
  type PairState,
  type SessionLog,
} from '../../../workflows/mentoring/signals';
import { evaluationOverall, type EvaluationInput } from '../../../workflows/rules/mentoring';
import { checkNotEarly } from '../../../workflows/rules/factTiming';
import { parseInstant } from '../../../workflows/rules/timeInput';
import { openPairOf, pairOf } from '../../../store/mentoring/programs';
import type { Scope } from '../../../store/auth/scope';
import {
  keepEvaluationComment,
  keepGoalTitle,
  keepSessionWords,
} from '../../../store/mentoring/words';
import { InputError } from '../../../common/errors';
import { pairUpdate, type MentoringContext } from './updates';

export interface LogSessionRequest extends Omit<SessionLog, 'topics' | 'recordedBy'> {
  pairId: string;
  /** These three are kept in the database only, never in the workflow history. */
  topics?: string[];
  recordedBy: string;
  notes?: string;
  /**
   * An admin's backfill: a session logged held or missed before its planned time. Recorded as
   * such: the session's recordedBy reads "<actor>（补录 backfill）".
   */
  backfill?: boolean;
}

/** How a backfilled session names who recorded it. */
export const backfilledBy = (actor: string) => `${actor}（补录 backfill）`;

/** A session cannot be logged held or missed before its planned time (unless backfilled). */
async function checkLogTiming(ctx: MentoringContext, req: LogSessionRequest): Promise<void> {
  if (req.status === 'rescheduled') return;
  await openPairOf(ctx.db, req.pairId); // a closed pair says so first
  const state = await pairState(ctx, req.pairId);
  if (!('sessions' in state)) return; // finished: the workflow refuses
  const s = req.seq
    ? state.sessions.find((x) => x.seq === req.seq)
    : state.sessions.find((x) => x.status === 'planned');
  if (!s || s.status !== 'planned') return; // the workflow's validator names the fault
  checkNotEarly({
    fact: {
      zh: `结对 ${req.pairId} 第 ${s.seq} 次带教记为${req.status === 'held' ? '已进行' : '缺席'}`,
      en: `session ${s.seq} of pair ${req.pairId} logged as ${req.status}`,
    },
    about: { zh: '计划时间', en: 'its planned time' },
    at: new Date(s.at),
    now: ctx.now?.() ?? new Date(),
    timeZone: ctx.timeZone,
    backfill: req.backfill,
  });
}

export async function logSession(
  ctx: MentoringContext,
  req: LogSessionRequest,
): Promise<{ seq: number; status: string }> {
  if (!req.recordedBy?.trim()) throw new InputError('缺少记录人 / recordedBy is required');
  if (req.rescheduledTo !== undefined)
    req = {
      ...req,
      rescheduledTo: parseInstant(req.rescheduledTo, ctx.timeZone, 'rescheduledTo').toISOString(),
    };
  await checkLogTiming(ctx, req);
  const { pairId, notes, topics, recordedBy, backfill, ...log } = req;
  const done = await pairUpdate(ctx, pairId, logSessionUpdate, log);
  await keepSessionWords(ctx.db, pairId, done.seq, {
    recordedBy: backfill ? backfilledBy(recordedBy.trim()) : recordedBy.trim(),
    ...(topics ? { topics } : {}),
    ...(notes ? { notes } : {}),
  });
  return done;
}

export async function setGoal(
  ctx: MentoringContext,
  req: { pairId: string; goalId: string; title?: string; progress: number },
): Promise<void> {
  await pairUpdate(ctx, req.pairId, setGoalUpdate, { goalId: req.goalId, progress: req.progress });
  await keepGoalTitle(ctx.db, req.pairId, req.goalId, req.title);
}

/**
 * Scores are checked before the workflow sees them, so the message names the pair and the answer
 * is a 400 (bad input), not the 409 of a workflow's refusal.
 */
function checkScores(pairId: string, scores: Record<string, number>): void {
  try {
    evaluationOverall(scores);
  } catch (e) {
    throw new InputError(
      `结对 ${pairId} 的评估 / evaluation of pair ${pairId}: ${(e as Error).message}`,
    );
  }
}

export async function evaluate(
  ctx: MentoringContext,
  req: EvaluationInput & { pairId: string; comment?: string },
): Promise<{ overall: number }> {
  await openPairOf(ctx.db, req.pairId);
  checkScores(req.pairId, req.scores);
  const { pairId, comment, ...evaluation } = req;
  const { overall } = await pairUpdate(ctx, pairId, evaluateUpdate, evaluation);
  await keepEvaluationComment(ctx.db, pairId, req.stage, comment);
  return { overall };
}

export async function submitChecklistItem(
  ctx: MentoringContext,
  req: { pairId: string; item: string },
): Promise<void> {
  await pairUpdate(ctx, req.pairId, submitChecklistUpdate, { item: req.item });
}

/** A pair's live state, or what the database holds once it has finished; with its people's names. */
export async function pairState(
  ctx: Pick<MentoringContext, 'db' | 'temporal'>,
  pairId: string,
  scope: Scope = null,
): Promise<
  (PairState | { pairId: string; status: string; closedReason: string | null }) & {
    menteeId: string;
    names: Record<string, string>;
  }
> {
  const pair = await pairOf(ctx.db, pairId, scope);
  const live = await ctx.temporal.workflow
    .getHandle(pair.workflowId)
    .query(pairStateQuery)
    .catch(() => undefined);
  const people = await ctx.db.person.findMany({
    where: { id: { in: [pair.menteeId, pair.mentorId, ...(live ? [live.mentorId] : [])] } },
    select: { id: true, name: true },
  });
  const names = Object.fromEntries(people.map((p) => [p.id, p.name]));
  const state = live ?? { pairId, status: pair.status, closedReason: pair.closedReason };
  return { ...state, menteeId: pair.menteeId, names };
}
