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
import type { Activities } from '../../activities';
import { monthlyTimes } from '../rules/mentoring';
import { nextSendableTime } from '../rules/quietHours';
import type { mentoringPair } from './mentoringPair';
import {
  addMembersUpdate,
  changeMentorSignal,
  mentorLeavesUpdate,
  pairIdOf,
  pairMenteeUpdate,
  pairStatusSignal,
  pairWorkflowId,
  programProgressQuery,
  programWorkflowId,
  type MentoringProgramInput,
  type PairStatus,
  type ProgramProgress,
} from './signals';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function mentoringProgram(input: MentoringProgramInput): Promise<ProgramProgress> {
  const trainees = new Set(input.traineeIds);
  const mentors = new Set(input.mentorIds);
  const pairs: ProgramProgress['pairs'] = {};
  const byMentee = new Map<string, string>();
  const results: Promise<unknown>[] = [];
  let ended = false;
  let groupSessions = 0;
  const end = new Date(input.end).getTime();
  const progress = (): ProgramProgress => {
    const list = Object.values(pairs);
    const n = (s: PairStatus) => list.filter((p) => p.status === s).length;
    return {
      status: ended && n('active') + n('at_risk') === 0 ? 'completed' : 'running',
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
  setHandler(pairStatusSignal, ({ pairId, status, held }) => {
    const p = pairs[pairId];
    if (p) pairs[pairId] = { ...p, status, held };
  });
  const checkMentor = (mentorId: string, menteeId: string) => {
    if (mentorId === menteeId) throw new Error(`${menteeId} cannot be paired with themselves`);
    if (!mentors.has(mentorId))
      throw new Error(`${mentorId} is not an active mentor of program ${input.programId}`);
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
      validator: ({ menteeId, mentorId }: { menteeId: string; mentorId: string }) => {
        if (ended) throw new Error(`program ${input.programId} has ended`);
        if (!trainees.has(menteeId))
          throw new Error(`${menteeId} is not a trainee of program ${input.programId}`);
        checkMentor(mentorId, menteeId);
        if (byMentee.has(menteeId))
          throw new Error(`${menteeId} is already paired in program ${input.programId}`);
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
      validator: ({
        mentorId,
        reassign,
      }: {
        mentorId: string;
        reassign: Record<string, string>;
      }) => {
        if (!mentors.has(mentorId))
          throw new Error(`${mentorId} is not an active mentor of program ${input.programId}`);
        const open = Object.values(pairs).filter(
          (p) => p.mentorId === mentorId && (p.status === 'active' || p.status === 'at_risk'),
        );
        const missing = open.filter((p) => !reassign[p.menteeId]).map((p) => p.menteeId);
        if (missing.length)
          throw new Error(`mentee(s) ${missing.join(', ')} of ${mentorId} need a new mentor`);
        for (const p of open) {
          const next = reassign[p.menteeId]!;
          if (next === mentorId) throw new Error(`${mentorId} is the mentor who leaves`);
          checkMentor(next, p.menteeId);
        }
      },
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
      validator: ({ traineeIds, mentorIds }: { traineeIds: string[]; mentorIds: string[] }) => {
        if (ended) throw new Error(`program ${input.programId} has ended`);
        if (!traineeIds.length && !mentorIds.length) throw new Error('names nobody to add');
        const all = [...traineeIds, ...mentorIds];
        const twice = all.filter((id, i) => all.indexOf(id) !== i);
        if (twice.length)
          throw new Error(`person id(s) ${[...new Set(twice)].join(', ')} given twice`);
        for (const id of all) {
          if (trainees.has(id))
            throw new Error(`${id} is already a trainee of program ${input.programId}`);
          if (mentors.has(id))
            throw new Error(`${id} is already a mentor of program ${input.programId}`);
        }
      },
    },
  );

  // Monthly group supervision for everyone in the program until it ends.
  const group = input.groupSupervisionTime
    ? monthlyTimes(new Date(input.start), new Date(end), input.groupSupervisionTime, input.timeZone)
    : [];
  for (const at of group) {
    const sendAt = nextSendableTime(at, input.quietHours, input.timeZone).getTime();
    // The reminder goes out the day before.
    const remindAt = nextSendableTime(
      new Date(sendAt - 86_400_000),
      input.quietHours,
      input.timeZone,
    ).getTime();
    if (remindAt > Date.now()) await condition(() => false, remindAt - Date.now());
    groupSessions++;
    await acts.sendNotices({
      workflowId: workflowInfo().workflowId,
      template: 'mentoring-group',
      params: { programId: input.programId, at: at.toISOString() },
      keyPrefix: `${programWorkflowId(input.programId)}/group-${groupSessions}`,
      personIds: [...new Set([...trainees, ...mentors])],
    });
  }
  if (end > Date.now()) await condition(() => false, end - Date.now());
  ended = true;
  await Promise.all(results);
  await acts.finishMentoringProgram({ programId: input.programId });
  await acts.sendNotices({
    workflowId: workflowInfo().workflowId,
    template: 'mentoring-report',
    params: { programId: input.programId },
    keyPrefix: `${programWorkflowId(input.programId)}/report`,
    personIds: [input.coordinatorId],
  });
  return progress();
}
