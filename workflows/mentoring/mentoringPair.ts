/**
 * One mentee's one-on-one mentoring pair (一对一带教) in a program: proposes each session's time
 * and reminds both sides before it; sessions are logged by update (held / missed / rescheduled;
 * notes stay in the database); two missed in a row are escalated to the coordinator; no session
 * held for `inactivityDays` → warning, then closure after the grace period. Goals, mid-term and
 * final evaluation by the mentor; a passing final evaluation records the mentee as a supervisor.
 * Senior-exam coaching runs the same machinery with consultations before the review deadline and
 * a checklist of review materials reminded until each is submitted. Ids only in the history.
 */
import {
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import {
  DAY_MS,
  checkChecklistItem,
  checkEvaluation,
  checkGoal,
  checkSessionLog,
  evaluationOverall,
  finalOutcome,
  pairAgenda,
  plannedSessions,
  sessionToLog,
  type EvaluationInput,
  type PairEvent,
  type PlannedSession,
} from '../rules/mentoring';
import { isBusinessId } from '../rules/ids';
import {
  changeMentorSignal,
  closePairUpdate,
  evaluateUpdate,
  logSessionUpdate,
  pairStateQuery,
  pairStatusSignal,
  pairWorkflowId,
  setGoalUpdate,
  submitChecklistUpdate,
  type MentoringPairInput,
  type PairState,
  type PairStatus,
  type SessionLog,
} from './signals';

const acts = proxyActivities<Activities>(activityOptions('2 minutes'));

export async function mentoringPair(input: MentoringPairInput): Promise<PairState> {
  const { plan, pairId } = input;
  const wfId = pairWorkflowId(pairId);
  const start = new Date(input.start).getTime();
  const deadline = input.reviewDeadline ? new Date(input.reviewDeadline).getTime() : undefined;
  const calendar = {
    kind: input.kind,
    start,
    deadline,
    plan,
    timeZone: input.timeZone,
    quietHours: input.quietHours,
  };

  // ---- where the pair stands ----
  const sessions: PlannedSession[] = plannedSessions(start, plan, input.timeZone, deadline);
  let status: PairStatus = 'active';
  let closedReason: string | undefined;
  let mentorId = input.mentorId;
  let missedStreak = 0;
  let lastActivity = start;
  let warnedAt: number | undefined;
  let warnings = 0;
  /** Bumped by every entry, so the main loop wakes to re-plan. */
  let changes = 0;
  const goals: Record<string, number> = {};
  const evaluations: { midterm?: number; final?: number } = {};
  const checklist: Record<string, boolean> = Object.fromEntries(
    plan.checklist.map((i) => [i, false]),
  );
  /** Agenda keys already done (or passed over): never twice. */
  const sent = new Set<string>();
  const open = () => status === 'active' || status === 'at_risk';
  const count = (s: PlannedSession['status']) => sessions.filter((x) => x.status === s).length;
  const both = () => [input.menteeId, mentorId];
  const state = (): PairState => ({
    pairId,
    status,
    ...(closedReason ? { closedReason } : {}),
    mentorId,
    planned: sessions.length,
    held: count('held'),
    missed: count('missed'),
    missedStreak,
    sessions: sessions.map((s) => ({
      seq: s.seq,
      at: new Date(s.at).toISOString(),
      status: s.status,
    })),
    goals: { ...goals },
    evaluations: { ...evaluations },
    checklist: { ...checklist },
    lastActivity: new Date(lastActivity).toISOString(),
  });
  const notify = (key: string, template: string, personIds: string[], extra = {}) =>
    acts.sendNotices({
      workflowId: wfId,
      template: `mentoring-${template}`,
      params: { programId: input.programId, pairId, ...extra },
      keyPrefix: `${wfId}/${key}`,
      personIds,
    });
  const mustBeOpen = () => {
    if (!open())
      throw new Error(
        `结对 ${pairId} 已${status === 'closed' ? '关闭' : '结业'}，不再接受记录 / pair ${pairId} is ${status}: it takes no more entries`,
      );
  };
  /** Something happened: the inactivity clock starts again. */
  const touch = () => {
    lastActivity = Date.now();
    warnedAt = undefined;
    changes++;
  };

  // ---- entries: sessions, goals, evaluations, checklist, mentor change, closure ----
  /** A session held, missed (two in a row: escalated to the coordinator) or rescheduled. */
  const logSession = async (log: SessionLog) => {
    const s = sessionToLog(sessions, log.seq)!;
    const rescheduledTo = log.rescheduledTo ? new Date(log.rescheduledTo).getTime() : s.at;
    await acts.recordMentoringSession({
      pairId,
      seq: s.seq,
      mentorId,
      status: log.status,
      scheduledAt: new Date(rescheduledTo).toISOString(),
      durationMinutes: log.durationMinutes ?? null,
      ...(log.recordedBy !== undefined
        ? { topics: log.topics ?? [], recordedBy: log.recordedBy }
        : {}),
    });
    if (log.status === 'rescheduled') {
      s.at = rescheduledTo;
      s.version++;
      touch();
    } else if (log.status === 'held') {
      s.status = 'held';
      missedStreak = 0;
      if (status === 'at_risk') status = 'active';
      touch();
    } else {
      s.status = 'missed';
      missedStreak++;
      changes++;
      if (missedStreak === 2) {
        status = 'at_risk';
        await notify(`escalation-${s.seq}`, 'escalation', [input.coordinatorId], {
          seq: String(s.seq),
        });
      }
    }
    return { seq: s.seq, status: log.status };
  };
  const setGoal = async (g: { goalId: string; progress: number }) => {
    await acts.recordMentoringGoal({ pairId, ...g });
    goals[g.goalId] = g.progress;
    touch();
  };
  const evaluate = async (e: EvaluationInput) => {
    const overall = evaluationOverall(e.scores);
    await acts.recordMentoringEvaluation({ pairId, ...e, overall });
    evaluations[e.stage] = overall;
    touch();
    return { overall };
  };
  const submitChecklistItem = async ({ item }: { item: string }) => {
    await acts.recordChecklistItem({ pairId, item });
    checklist[item] = true;
    touch();
  };
  /** The program re-pairs the mentee (their mentor left); the main loop records and tells. */
  const changeMentor = ({ mentorId: next }: { mentorId: string }) => {
    if (!open() || next === mentorId || next === input.menteeId) return;
    mentorId = next;
    changes++;
  };
  // Closure by the coordinator: the main loop closes the pair; the update answers once closed.
  let closeRequest: { closedBy: string } | undefined;
  let closedByRequest = false;
  const requestClosure = async (r: { closedBy: string }) => {
    closeRequest = r;
    changes++;
    await condition(() => closedByRequest);
    return { status };
  };

  setHandler(pairStateQuery, state);
  setHandler(logSessionUpdate, logSession, {
    validator: (log: SessionLog) => {
      mustBeOpen();
      checkSessionLog(pairId, sessions, log, Date.now());
    },
  });
  setHandler(setGoalUpdate, setGoal, {
    validator: (g: { goalId: string; progress: number }) => {
      mustBeOpen();
      checkGoal(g);
    },
  });
  setHandler(evaluateUpdate, evaluate, {
    validator: (e: EvaluationInput) => {
      mustBeOpen();
      checkEvaluation(pairId, mentorId, evaluations, e);
    },
  });
  setHandler(submitChecklistUpdate, submitChecklistItem, {
    validator: ({ item }: { item: string }) => {
      mustBeOpen();
      checkChecklistItem(pairId, checklist, item);
    },
  });
  setHandler(changeMentorSignal, changeMentor);
  setHandler(closePairUpdate, requestClosure, {
    validator: ({ closedBy }: { closedBy: string }) => {
      mustBeOpen();
      if (closeRequest) throw new Error(`结对 ${pairId} 正在关闭 / pair ${pairId} is being closed`);
      if (!isBusinessId(closedBy ?? ''))
        throw new Error(
          `closedBy “${closedBy}”不是人员编号 / closedBy "${closedBy}" must be a person id`,
        );
    },
  });

  // ---- telling others: the program, the database, both sides ----
  let toldMentor = input.mentorId;
  let toldStatus: PairStatus | undefined;
  /** A new status goes to the database (while open) and to the program. */
  const tellParent = async () => {
    if (toldStatus === status || (toldStatus === undefined && status === 'active')) return;
    toldStatus = status;
    if (open()) await acts.recordPairStatus({ pairId, status, closedReason: null, qualify: null });
    if (!input.parentWorkflowId) return;
    await getExternalWorkflowHandle(input.parentWorkflowId).signal(pairStatusSignal, {
      pairId,
      status,
      held: count('held'),
    });
  };
  /** A new mentor is recorded and introduced to the mentee. */
  const tellNewMentor = async () => {
    if (toldMentor === mentorId) return;
    toldMentor = mentorId;
    await acts.recordMentorChange({ pairId, mentorId });
    await notify(`mentor-${mentorId}`, 'start', [input.menteeId, mentorId]);
  };
  /** The end: recorded (a completed supervisor incubation qualifies the mentee), all told. */
  const close = async (next: 'completed' | 'closed', reason?: string, closedBy?: string) => {
    status = next;
    closedReason = reason;
    await acts.recordPairStatus({
      pairId,
      status,
      closedReason: reason ?? null,
      ...(closedBy ? { closedBy } : {}),
      qualify:
        next === 'completed' && input.kind === 'supervisor'
          ? { personId: input.menteeId, kind: 'supervisor', source: `mentoring/${input.programId}` }
          : null,
    });
    await notify(
      `closed`,
      next === 'completed' ? 'completed' : 'closed',
      [input.menteeId, mentorId, input.coordinatorId],
      { reason: reason ?? '' },
    );
  };

  // ---- the agenda: notices, evaluation requests, inactivity, review deadline ----
  /** No session held for `inactivityDays`: everyone is warned; closure follows the grace period. */
  const warnInactive = async () => {
    warnedAt = Date.now();
    warnings++;
    status = 'at_risk';
    await notify(`inactivity-${warnings}`, 'inactivity', [...both(), input.coordinatorId], {
      closeAt: new Date(warnedAt + plan.graceDays * DAY_MS).toISOString(),
    });
  };
  const run = async (e: PairEvent): Promise<unknown> => {
    switch (e.kind) {
      case 'proposal':
        return notify(e.key, 'proposal', both(), e.params);
      case 'reminder':
        if (sent.has(e.proposal)) await notify(e.key, 'reminder', both(), e.params);
        return;
      case 'evaluation-request':
        return notify(e.key, 'evaluation-request', [mentorId], { stage: e.stage });
      case 'inactivity-warning':
        return warnInactive();
      case 'inactivity-closure':
        return close('closed', 'inactive');
      case 'checklist':
        return notify(e.key, 'checklist', [input.menteeId], {
          outstanding: e.outstanding.join(','),
        });
      case 'review-deadline':
        return e.outstanding.length
          ? close('closed', 'checklist_incomplete')
          : close('completed', 'review_ready');
    }
  };
  /** Runs what is due, in time order, until the pair closes. */
  const runDue = async (due: PairEvent[], now: number) => {
    for (const e of due) {
      if (!open()) break;
      sent.add(e.key);
      // A session whose time has passed gets no more notices.
      if (e.kind === 'proposal' || e.kind === 'reminder') {
        const s = sessions.find((x) => x.seq === e.seq)!;
        if (s.at <= now || s.status !== 'planned') continue;
      }
      await run(e);
    }
  };

  // ---- the pair's life ----
  // Search attributes: active, at_risk, then completed or closed.
  const step = businessSteps(input.programId);
  step(status);
  await notify('start', 'start', both());
  while (open()) {
    step(status);
    await tellParent();
    await tellNewMentor();
    if (closeRequest) {
      await close('closed', 'coordinator', closeRequest.closedBy);
      break;
    }
    if (evaluations.final !== undefined) {
      const end = finalOutcome(evaluations.final, plan.passScore);
      await close(end.status, end.reason);
      break;
    }
    const now = Date.now();
    const events = pairAgenda(
      calendar,
      { sessions, evaluations, checklist, lastActivity, warnedAt, warnings },
      sent,
    );
    const due = events.filter((e) => e.at <= now);
    if (due.length) {
      await runDue(due, now);
      continue;
    }
    // Sleep until the next event, or until an entry changes the agenda.
    const seen = changes;
    const next = events[0]?.at;
    if (next === undefined) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, next - now);
  }
  closedByRequest = true; // a close request that met another closure is answered too
  await tellParent();
  step(status);
  return state();
}
