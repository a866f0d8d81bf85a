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
import type { Activities } from '../../activities';
import { nextSendableTime } from '../rules/quietHours';
import {
  DAY_MS,
  evaluationOverall,
  noticeTime,
  sessionTimes,
  type EvaluationInput,
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

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

interface Session {
  seq: number;
  at: number;
  status: 'planned' | 'held' | 'missed';
  version: number;
}

export async function mentoringPair(input: MentoringPairInput): Promise<PairState> {
  const { plan, pairId } = input;
  const wfId = pairWorkflowId(pairId);
  const start = new Date(input.start).getTime();
  const deadline = input.reviewDeadline ? new Date(input.reviewDeadline).getTime() : undefined;
  const sessions: Session[] = sessionTimes(new Date(start), plan, input.timeZone)
    .map((d) => d.getTime())
    .filter((t) => deadline === undefined || t < deadline)
    .map((at, i) => ({ seq: i + 1, at, status: 'planned', version: 0 }));
  let status: PairStatus = 'active';
  let closedReason: string | undefined;
  let mentorId = input.mentorId;
  let missedStreak = 0;
  let lastActivity = start;
  let warnedAt: number | undefined;
  let warnings = 0;
  let changes = 0;
  const goals: Record<string, number> = {};
  const evaluations: { midterm?: number; final?: number } = {};
  const checklist: Record<string, boolean> = Object.fromEntries(
    plan.checklist.map((i) => [i, false]),
  );
  const sent = new Set<string>();
  const open = () => status === 'active' || status === 'at_risk';
  const count = (s: Session['status']) => sessions.filter((x) => x.status === s).length;
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
    if (!open()) throw new Error(`pair ${pairId} is ${status}: it takes no more entries`);
  };
  const touch = () => {
    lastActivity = Date.now();
    warnedAt = undefined;
    changes++;
  };

  setHandler(pairStateQuery, state);
  setHandler(
    logSessionUpdate,
    async (log) => {
      const s = log.seq
        ? sessions.find((x) => x.seq === log.seq)!
        : sessions.find((x) => x.status === 'planned')!;
      const rescheduledTo = log.rescheduledTo ? new Date(log.rescheduledTo).getTime() : s.at;
      await acts.recordMentoringSession({
        pairId,
        seq: s.seq,
        mentorId,
        status: log.status,
        scheduledAt: new Date(rescheduledTo).toISOString(),
        durationMinutes: log.durationMinutes ?? null,
        topics: log.topics ?? [],
        recordedBy: log.recordedBy,
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
    },
    {
      validator: (log: SessionLog) => {
        mustBeOpen();
        const s = log.seq
          ? sessions.find((x) => x.seq === log.seq)
          : sessions.find((x) => x.status === 'planned');
        if (!s)
          throw new Error(
            log.seq
              ? `pair ${pairId} has no session ${log.seq} (1–${sessions.length})`
              : `pair ${pairId} has no session left to log`,
          );
        if (s.status !== 'planned')
          throw new Error(`session ${s.seq} of pair ${pairId} is already logged as ${s.status}`);
        if (!['held', 'missed', 'rescheduled'].includes(log.status))
          throw new Error(`status "${log.status}" must be held, missed or rescheduled`);
        const d = log.durationMinutes;
        if (log.status === 'held' && (!Number.isInteger(d) || d! < 1 || d! > 600))
          throw new Error('durationMinutes of a held session must be a whole number 1–600');
        if (log.status === 'rescheduled') {
          const to = new Date(log.rescheduledTo ?? '').getTime();
          if (Number.isNaN(to) || to <= Date.now())
            throw new Error('rescheduledTo must be a future date-time');
        }
      },
    },
  );
  setHandler(
    setGoalUpdate,
    async (g) => {
      await acts.recordMentoringGoal({ pairId, ...g });
      goals[g.goalId] = g.progress;
      touch();
    },
    {
      validator: (g: { goalId: string; progress: number }) => {
        mustBeOpen();
        if (!/^[A-Za-z0-9._-]{1,60}$/.test(g.goalId))
          throw new Error(`goal id "${g.goalId}" must be 1-60 letters, digits, dot, dash`);
        if (!Number.isInteger(g.progress) || g.progress < 0 || g.progress > 100)
          throw new Error(`progress ${g.progress} of goal ${g.goalId} must be 0–100`);
      },
    },
  );
  setHandler(
    evaluateUpdate,
    async (e) => {
      const overall = evaluationOverall(e.scores);
      await acts.recordMentoringEvaluation({ pairId, ...e, overall });
      evaluations[e.stage] = overall;
      touch();
      return { overall };
    },
    {
      validator: (e: EvaluationInput) => {
        mustBeOpen();
        const stage: string = e.stage;
        if (stage !== 'midterm' && stage !== 'final')
          throw new Error(`stage "${stage}" must be midterm or final`);
        if (e.mentorId !== mentorId)
          throw new Error(`${e.mentorId} is not the mentor of pair ${pairId} (${mentorId} is)`);
        if (evaluations[stage] !== undefined)
          throw new Error(`the ${stage} evaluation of pair ${pairId} is already in`);
        if (stage === 'final' && evaluations.midterm === undefined)
          throw new Error(`pair ${pairId} needs its midterm evaluation before the final`);
        evaluationOverall(e.scores);
      },
    },
  );
  setHandler(
    submitChecklistUpdate,
    async ({ item }) => {
      await acts.recordChecklistItem({ pairId, item });
      checklist[item] = true;
      touch();
    },
    {
      validator: ({ item }: { item: string }) => {
        mustBeOpen();
        if (!(item in checklist))
          throw new Error(
            `"${item}" is not on pair ${pairId}'s checklist (${Object.keys(checklist).join(', ') || 'empty'})`,
          );
        if (checklist[item]) throw new Error(`"${item}" of pair ${pairId} is already submitted`);
      },
    },
  );
  setHandler(changeMentorSignal, ({ mentorId: next }) => {
    if (!open() || next === mentorId || next === input.menteeId) return;
    mentorId = next;
    changes++;
  });
  // Closure by the coordinator: the loop below closes the pair; the update answers once closed.
  let closeRequest: { closedBy: string } | undefined;
  let closedByRequest = false;
  setHandler(
    closePairUpdate,
    async (r) => {
      closeRequest = r;
      changes++;
      await condition(() => closedByRequest);
      return { status };
    },
    {
      validator: ({ closedBy }: { closedBy: string }) => {
        mustBeOpen();
        if (closeRequest) throw new Error(`pair ${pairId} is being closed`);
        if (!isBusinessId(closedBy ?? ''))
          throw new Error(`closedBy "${closedBy}" must be a person id`);
      },
    },
  );

  let toldMentor = input.mentorId;
  let toldStatus: PairStatus | undefined;
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

  await notify('start', 'start', [input.menteeId, mentorId]);
  const both = () => [input.menteeId, mentorId];
  const mid = sessions[Math.ceil(sessions.length / 2) - 1];
  const last = sessions[sessions.length - 1];

  /** Everything the pair does at a time, given the state now. */
  const agenda = (): { key: string; at: number; run: () => Promise<unknown> }[] => {
    const events: { key: string; at: number; run: () => Promise<unknown> }[] = [];
    for (const s of sessions) {
      if (s.status !== 'planned') continue;
      const v = s.version ? `-v${s.version}` : '';
      const params = { seq: String(s.seq), at: new Date(s.at).toISOString() };
      const due = (offset: string) =>
        noticeTime(s.at, start, offset, input.quietHours, input.timeZone);
      const proposal = `session-${s.seq}${v}/proposal`;
      events.push({
        key: proposal,
        at: due(plan.proposalOffset),
        run: () => notify(proposal, 'proposal', both(), params),
      });
      for (const o of plan.reminderOffsets) {
        const key = `session-${s.seq}${v}/reminder-${o}`;
        events.push({
          key,
          at: due(o),
          run: async () => {
            if (sent.has(proposal)) await notify(key, 'reminder', both(), params);
          },
        });
      }
    }
    if (input.kind === 'supervisor' && mid && evaluations.midterm === undefined)
      events.push({
        key: 'midterm-request',
        at: mid.at + DAY_MS,
        run: () =>
          notify('midterm-request', 'evaluation-request', [mentorId], { stage: 'midterm' }),
      });
    if (input.kind === 'supervisor' && last && evaluations.final === undefined)
      events.push({
        key: 'final-request',
        at: last.at + DAY_MS,
        run: () => notify('final-request', 'evaluation-request', [mentorId], { stage: 'final' }),
      });
    if (warnedAt === undefined)
      events.push({
        key: `inactivity-${warnings + 1}`,
        at: lastActivity + plan.inactivityDays * DAY_MS,
        run: async () => {
          warnedAt = Date.now();
          warnings++;
          status = 'at_risk';
          await notify(`inactivity-${warnings}`, 'inactivity', [...both(), input.coordinatorId], {
            closeAt: new Date(warnedAt + plan.graceDays * DAY_MS).toISOString(),
          });
        },
      });
    else
      events.push({
        key: `closure-${warnings}`,
        at: warnedAt + plan.graceDays * DAY_MS,
        run: () => close('closed', 'inactive'),
      });
    if (deadline !== undefined) {
      const outstanding = Object.keys(checklist).filter((i) => !checklist[i]);
      for (let k = 1; outstanding.length; k++) {
        const at = start + k * plan.checklistEveryDays * DAY_MS;
        if (at >= deadline) break;
        const key = `checklist-${k}`;
        events.push({
          key,
          at: nextSendableTime(new Date(at), input.quietHours, input.timeZone).getTime(),
          run: () =>
            notify(key, 'checklist', [input.menteeId], { outstanding: outstanding.join(',') }),
        });
      }
      events.push({
        key: 'review-deadline',
        at: deadline,
        run: () =>
          outstanding.length
            ? close('closed', 'checklist_incomplete')
            : close('completed', 'review_ready'),
      });
    }
    return events.filter((e) => !sent.has(e.key));
  };

  while (open()) {
    await tellParent();
    if (toldMentor !== mentorId) {
      toldMentor = mentorId;
      await acts.recordMentorChange({ pairId, mentorId });
      await notify(`mentor-${mentorId}`, 'start', [input.menteeId, mentorId]);
    }
    if (closeRequest) {
      await close('closed', 'coordinator', closeRequest.closedBy);
      break;
    }
    if (evaluations.final !== undefined) {
      if (evaluations.final >= plan.passScore) await close('completed');
      else await close('closed', 'not_qualified');
      break;
    }
    const now = Date.now();
    const events = agenda().sort((a, b) => a.at - b.at);
    const due = events.filter((e) => e.at <= now);
    if (due.length) {
      for (const e of due) {
        if (!open()) break;
        sent.add(e.key);
        // A session whose time has passed gets no more notices.
        if (e.key.startsWith('session-')) {
          const seq = Number(/^session-(\d+)/.exec(e.key)![1]);
          const s = sessions.find((x) => x.seq === seq)!;
          if (s.at <= now || s.status !== 'planned') continue;
        }
        await e.run();
      }
      continue;
    }
    const seen = changes;
    const next = events[0]?.at;
    if (next === undefined) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, next - now);
  }
  closedByRequest = true; // a close request that met another closure is answered too
  await tellParent();
  return state();
}
