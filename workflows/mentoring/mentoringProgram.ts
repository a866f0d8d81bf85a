/**
 * A mentoring program (督导孵化计划 / 高级社工师辅导): a cohort of trainees and a pool of mentors.
 * The coordinator pairs them (update, validated: no self-pairing, both in the program); each pair
 * runs as its own child workflow. Monthly group supervision (小组督导) reminders go to everyone;
 * when a mentor leaves, their mentees are re-paired and keep their history. Progress by query.
 */
import {
  ParentClosePolicy,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import {
  checkMentorLeaving,
  checkNewMembers,
  checkPairing,
  groupSupervisionCalendar,
} from '../rules/mentoring';
import type { mentoringPair } from './mentoringPair';
import {
  addMembersUpdate,
  cancelProgramSignal,
  changeMentorSignal,
  mentorLeavesUpdate,
  pairIdOf,
  pairMenteeUpdate,
  pairStatusSignal,
  pairWorkflowId,
  programEndSignal,
  programProgressQuery,
  programWorkflowId,
  type MentoringProgramInput,
  type PairStatus,
  type ProgramProgress,
} from './signals';

const acts = proxyActivities<Activities>(activityOptions('5 minutes'));

export async function mentoringProgram(input: MentoringProgramInput): Promise<ProgramProgress> {
  const trainees = new Set(input.traineeIds);
  const mentors = new Set(input.mentorIds);
  const pairs: ProgramProgress['pairs'] = {};
  const byMentee = new Map<string, string>();
  const results: Promise<unknown>[] = [];
  let ended = false;
  let cancelled = false;
  let groupSessions = 0;
  let end = new Date(input.end).getTime();
  /** Bumped by each change of the end: a wait for the old calendar wakes and looks again. */
  let endVersion = 0;
  const progress = (): ProgramProgress => {
    const list = Object.values(pairs);
    const n = (s: PairStatus) => list.filter((p) => p.status === s).length;
    return {
      status: cancelled
        ? 'cancelled'
        : ended && n('active') + n('at_risk') === 0
          ? 'completed'
          : 'running',
      trainees: trainees.size,
      mentors: mentors.size,
      unpaired: trainees.size - byMentee.size,
      active: n('active'),
      atRisk: n('at_risk'),
      completed: n('completed'),
      closed: n('closed'),
      groupSessions,
      pairs: { ...pairs },
    };
  };
  setHandler(programProgressQuery, progress);
  setHandler(cancelProgramSignal, () => void (cancelled = true));
  setHandler(programEndSignal, ({ end: next }) => {
    end = new Date(next).getTime();
    endVersion++;
  });
  setHandler(pairStatusSignal, ({ pairId, status, held }) => {
    const p = pairs[pairId];
    if (p) pairs[pairId] = { ...p, status, held };
  });
  const members = { programId: input.programId, trainees, mentors };
  const openPairs = () =>
    Object.values(pairs).filter((p) => p.status === 'active' || p.status === 'at_risk');
  const mustRun = () => {
    if (ended)
      throw new Error(`督导项目 ${input.programId} 已结束 / program ${input.programId} has ended`);
  };

  setHandler(
    pairMenteeUpdate,
    async ({ menteeId, mentorId }) => {
      const pairId = pairIdOf(input.programId, menteeId);
      const workflowId = pairWorkflowId(pairId);
      byMentee.set(menteeId, pairId);
      pairs[pairId] = { menteeId, mentorId, status: 'active', held: 0 };
      await acts.recordMentoringPair({
        programId: input.programId,
        pairId,
        menteeId,
        mentorId,
        workflowId,
        sessionsPlanned: input.plan.sessions,
        checklist: input.plan.checklist,
      });
      // By type name, so this module holds no pair code (the same command as by function).
      const child = await startChild<typeof mentoringPair>('mentoringPair', {
        workflowId,
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        args: [
          {
            programId: input.programId,
            pairId,
            kind: input.kind,
            menteeId,
            mentorId,
            coordinatorId: input.coordinatorId,
            start: new Date().toISOString(),
            plan: input.plan,
            ...(input.reviewDeadline ? { reviewDeadline: input.reviewDeadline } : {}),
            timeZone: input.timeZone,
            quietHours: input.quietHours,
            parentWorkflowId: workflowInfo().workflowId,
          },
        ],
      });
      results.push(child.result());
      return { pairId, workflowId };
    },
    {
      validator: (req: { menteeId: string; mentorId: string }) => {
        mustRun();
        checkPairing(members, req, byMentee.has(req.menteeId));
      },
    },
  );
  setHandler(
    mentorLeavesUpdate,
    async ({ mentorId, reassign }) => {
      mentors.delete(mentorId);
      await acts.recordMentorLeft({ programId: input.programId, mentorId });
      const repaired: string[] = [];
      for (const [pairId, p] of Object.entries(pairs)) {
        if (p.mentorId !== mentorId || (p.status !== 'active' && p.status !== 'at_risk')) continue;
        const next = reassign[p.menteeId]!;
        pairs[pairId] = { ...p, mentorId: next };
        await getExternalWorkflowHandle(pairWorkflowId(pairId)).signal(changeMentorSignal, {
          mentorId: next,
        });
        repaired.push(pairId);
      }
      return { repaired };
    },
    {
      validator: (req: { mentorId: string; reassign: Record<string, string> }) =>
        checkMentorLeaving(members, req, openPairs()),
    },
  );
  setHandler(
    addMembersUpdate,
    async ({ traineeIds, mentorIds }) => {
      await acts.recordMentoringMembers({ programId: input.programId, traineeIds, mentorIds });
      for (const id of traineeIds) trainees.add(id);
      for (const id of mentorIds) mentors.add(id);
      return { trainees: trainees.size, mentors: mentors.size };
    },
    {
      validator: (req: { traineeIds: string[]; mentorIds: string[] }) => {
        mustRun();
        checkNewMembers(members, req);
      },
    },
  );

  /** A notice of the program's: `params` add to its id, `key` follows its workflow id. */
  const notify = (template: string, key: string, personIds: string[], params = {}) =>
    acts.sendNotices({
      workflowId: workflowInfo().workflowId,
      template,
      params: { programId: input.programId, ...params },
      keyPrefix: `${programWorkflowId(input.programId)}/${key}`,
      personIds,
    });

  // Monthly group supervision for everyone in the program until it ends (the end may move; a
  // cancellation stops it). Without an edit or a cancel this waits exactly as it always did.
  const calendar = () =>
    groupSupervisionCalendar(
      new Date(input.start),
      new Date(end),
      input.groupSupervisionTime,
      input.quietHours,
      input.timeZone,
    );
  // Search attributes: running, then cancelled or completed.
  const step = businessSteps(input.programId);
  step('running');
  for (;;) {
    const next = calendar()[groupSessions];
    const wakeAt = next ? next.remindAt : end;
    if (wakeAt > Date.now()) {
      const seen = endVersion;
      const interrupted = await condition(
        () => cancelled || endVersion !== seen,
        wakeAt - Date.now(),
      );
      if (interrupted && cancelled) break;
      if (interrupted) continue;
    }
    if (!next) break;
    groupSessions++;
    const everyone = [...new Set([...trainees, ...mentors])];
    await notify('mentoring-group', `group-${groupSessions}`, everyone, {
      at: next.at.toISOString(),
    });
  }
  ended = true;
  if (cancelled) {
    // The pairs were closed by the coordinator's command before this signal.
    await Promise.allSettled(results);
    const everyone = [...new Set([...trainees, ...mentors, input.coordinatorId])];
    await notify('mentoring-cancelled', 'cancelled', everyone);
    step('cancelled');
    return progress();
  }
  await Promise.all(results);
  await acts.finishMentoringProgram({ programId: input.programId });
  step('completed');
  await notify('mentoring-report', 'report', [input.coordinatorId]);
  return progress();
}
