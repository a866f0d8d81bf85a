/**
 * Exam mobilization activities of one person's journey: start journeys (independent workflows,
 * so a campaign of 8,055 people is 8,055 small histories and never 8,055 pending children),
 * record each step, and the registration step (prep courses, a sprint-class seat). All
 * idempotent. How a journey ends: outcomes.ts.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ExamActivityDeps, WithDb } from './deps';
import { inWindow } from '../../workflows/rules/chunk';
import { assignSprintClass } from '../../workflows/rules/examWaves';
import { enrol } from '../../store/courses/enrolment';
import { markRegistered } from '../../store/exam/participants';
// The workflow by type only: journeys are started by type name, the module is never loaded here.
import type { examJourney } from '../../workflows/exam/examJourney';
import {
  examJourneyWorkflowId,
  type ExamJourneyInput,
  type JourneyStatus,
} from '../../workflows/exam/signals';

/** How far a page of journey starts got, as its heartbeat tells it (a retry resumes there). */
export interface JourneyStartProgress {
  /** People of the page, in order, whose start has been answered. */
  done: number;
  /** Of those, the journeys this activity started (the others were running or had ended). */
  started: number;
}

export async function startExamJourneys(
  { temporal }: Pick<ExamActivityDeps, 'temporal'>,
  input: { base: Omit<ExamJourneyInput, 'personId'>; personIds: string[] },
): Promise<{ started: number; alreadyRunning: number }> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable(
      '此 worker 没有 Temporal 客户端，无法启动报考流程 / this worker has no Temporal client to start journeys',
    );
  const ctx = activityContext();
  // A retry resumes after the people its last attempt told in its heartbeat: a busy server that
  // makes a page slow no longer makes every attempt start over (and time out) again.
  const resumed = ctx?.info.heartbeatDetails as JourneyStartProgress | undefined;
  const from = Math.min(resumed?.done ?? 0, input.personIds.length);
  const ids = input.personIds.slice(from);
  const answered: (boolean | undefined)[] = new Array<boolean | undefined>(ids.length);
  const progress: JourneyStartProgress = { done: from, started: resumed?.started ?? 0 };
  // Several starts in flight at once: one at a time, 8,055 round trips would take minutes.
  await inWindow(ids, 16, async (personId, i) => {
    // An attempt timed out or cancelled stops, so it never runs beside its own retry.
    ctx?.cancellationSignal.throwIfAborted();
    let started = true;
    try {
      await temporal.client.workflow.start<typeof examJourney>('examJourney', {
        taskQueue: temporal.taskQueue,
        workflowId: examJourneyWorkflowId(input.base.campaignId, personId),
        args: [{ ...input.base, personId }],
        // A journey that has ended is never started again by a retry.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      started = false; // a retry of this page: that journey is under way (or has ended)
    }
    answered[i] = started;
    // Only the unbroken run of answered starts counts as done: those after a gap are still in
    // flight elsewhere in the window.
    while (progress.done - from < ids.length && answered[progress.done - from] !== undefined)
      if (answered[progress.done++ - from]) progress.started++;
    ctx?.heartbeat(progress);
  });
  return { started: progress.started, alreadyRunning: input.personIds.length - progress.started };
}

/** The activity running now, or undefined when called outside one (a script, a benchmark). */
function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

export interface ParticipantStep {
  campaignId: string;
  personId: string;
  status: JourneyStatus;
  remindersSent: number;
  /** Only from runs signalled before reasons moved to the database (the operation writes it). */
  reason?: string;
}

export async function recordExamParticipant({ db }: WithDb, step: ParticipantStep): Promise<void> {
  const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: step.campaignId } });
  const levels = (JSON.parse(campaign.definition) as { levels: string[] }).levels;
  const now = new Date();
  const data = {
    status: step.status,
    remindersSent: step.remindersSent,
    ...(step.status === 'invited' ? { invitedAt: now } : {}),
    ...(step.status === 'registered' ? { registeredAt: now } : {}),
    ...(step.status === 'withdrawn' && step.reason !== undefined
      ? { withdrawnReason: step.reason }
      : {}),
  };
  await db.examParticipant.upsert({
    where: { campaignId_personId: { campaignId: step.campaignId, personId: step.personId } },
    create: { campaignId: step.campaignId, personId: step.personId, level: levels[0]!, ...data },
    update: data,
  });
}

interface StoredClass {
  id: string;
  kind: 'online_course' | 'sprint_class';
  seriesId?: string;
  capacity?: number;
  unitId?: string;
}

/**
 * A registration recorded by the journey: status `registered` (kept if already so), enrolment in
 * every online prep course of the campaign, and a seat in a sprint class by the seating rule
 * (workflows/rules/examWaves.ts assignSprintClass; the course's own capacity puts overflow on its
 * waitlist). Enrolment is idempotent (an enrolled person is left as is).
 */
export async function registerExamJourney(
  { db }: WithDb,
  input: { campaignId: string; personId: string },
): Promise<{ courses: string[]; sprintClass: string | null; waitlisted: boolean }> {
  const key = { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } };
  await db.examParticipant.findUniqueOrThrow({ where: key }); // a participant, or a clear failure
  await markRegistered(db, input);
  const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: input.campaignId } });
  const classes = (JSON.parse(campaign.definition) as { classes?: StoredClass[] }).classes ?? [];
  const seriesOf = (c: StoredClass) => c.seriesId ?? c.id;
  const by = `exam-mobilization/${input.campaignId}`;
  const courses = classes.filter((c) => c.kind === 'online_course').map(seriesOf);
  for (const seriesId of courses)
    await enrol({ db }, { seriesId, personIds: [input.personId], enrolledBy: by });

  const sprint = classes.filter((c) => c.kind === 'sprint_class');
  if (!sprint.length) return { courses, sprintClass: null, waitlisted: false };
  const mine = await db.courseEnrolment.findFirst({
    where: {
      personId: input.personId,
      seriesId: { in: sprint.map(seriesOf) },
      status: { not: 'withdrawn' },
    },
  });
  if (mine)
    return { courses, sprintClass: mine.seriesId, waitlisted: mine.status === 'waitlisted' };
  const person = await db.person.findUniqueOrThrow({
    where: { id: input.personId },
    select: { unit: { select: { path: true } } },
  });
  const series = await db.courseSeries.findMany({ where: { id: { in: sprint.map(seriesOf) } } });
  const taken = await db.courseEnrolment.groupBy({
    by: ['seriesId'],
    where: { seriesId: { in: sprint.map(seriesOf) }, status: 'enrolled' },
    _count: { _all: true },
  });
  const decision = assignSprintClass(
    sprint.map((c) => {
      const cap = series.find((s) => s.id === seriesOf(c))?.capacity ?? Infinity;
      return {
        seriesId: seriesOf(c),
        capacity: Math.min(c.capacity ?? Infinity, cap),
        ...(c.unitId ? { unitId: c.unitId } : {}),
      };
    }),
    person.unit.path.split('/').filter(Boolean),
    Object.fromEntries(taken.map((t) => [t.seriesId, t._count._all])),
  );
  if (!decision) return { courses, sprintClass: null, waitlisted: false };
  const r = await enrol(
    { db },
    { seriesId: decision.seriesId, personIds: [input.personId], enrolledBy: by },
  );
  return {
    courses,
    sprintClass: decision.seriesId,
    waitlisted: r.waitlisted.includes(input.personId),
  };
}
