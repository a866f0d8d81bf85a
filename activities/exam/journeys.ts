/**
 * Exam mobilization activities: start participant journeys (independent workflows, so a campaign
 * of 8,055 people is 8,055 small histories and never 8,055 pending children), record each step,
 * and decide the outcome from the results by the pass rules. All idempotent.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../store/db';
import { examVerdict, type ExamLevel, type ExamVerdict } from '../../workflows/rules/examRules';
import { inWindow } from '../../workflows/rules/chunk';
import { assignSprintClass } from '../../workflows/rules/examWaves';
import type { QuietHours } from '../../workflows/rules/quietHours';
import { startCeLedger } from '../../store/credits/ledger';
import { enrol } from '../../store/courses/enrolment';
import { refreshExamKpis } from './campaign';
import {
  examJourney,
  examJourneyWorkflowId,
  type ExamJourneyInput,
  type JourneyStatus,
} from '../../workflows/exam/examJourney';
import { highestLevel } from '../../workflows/rules/examRules';

export async function startExamJourneys(
  temporal: { client: Client; taskQueue: string } | undefined,
  input: { base: Omit<ExamJourneyInput, 'personId'>; personIds: string[] },
): Promise<{ started: number; alreadyRunning: number }> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable('this worker has no Temporal client to start journeys');
  let started = 0;
  let alreadyRunning = 0;
  // Several starts in flight at once: one at a time, 8,055 round trips would take minutes.
  await inWindow(input.personIds, 16, async (personId) => {
    try {
      await temporal.client.workflow.start(examJourney, {
        taskQueue: temporal.taskQueue,
        workflowId: examJourneyWorkflowId(input.base.campaignId, personId),
        args: [{ ...input.base, personId }],
        // A journey that has ended is never started again by a retry.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      started++;
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      alreadyRunning++; // a retry of this page: that journey is under way (or has ended)
    }
  });
  return { started, alreadyRunning };
}

export interface ParticipantStep {
  campaignId: string;
  personId: string;
  status: JourneyStatus;
  remindersSent: number;
  reason?: string;
}

export async function recordExamParticipant(db: Db, step: ParticipantStep): Promise<void> {
  const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: step.campaignId } });
  const levels = (JSON.parse(campaign.definition) as { levels: string[] }).levels;
  const now = new Date();
  const data = {
    status: step.status,
    remindersSent: step.remindersSent,
    ...(step.status === 'invited' ? { invitedAt: now } : {}),
    ...(step.status === 'registered' ? { registeredAt: now } : {}),
    ...(step.status === 'withdrawn' ? { withdrawnReason: step.reason ?? null } : {}),
  };
  await db.examParticipant.upsert({
    where: { campaignId_personId: { campaignId: step.campaignId, personId: step.personId } },
    create: { campaignId: step.campaignId, personId: step.personId, level: levels[0]!, ...data },
    update: data,
  });
}

/** The verdict from the recorded results; a pass records the certificate and a reward application. */
export async function decideExamOutcome(
  db: Db,
  input: { campaignId: string; personId: string; level: ExamLevel; examYear: number },
): Promise<ExamVerdict> {
  const results = await db.examSubjectResult.findMany({
    where: { personId: input.personId, level: input.level, examYear: { lte: input.examYear } },
  });
  const verdict = examVerdict(input.level, results, input.examYear);
  const key = { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } };
  await db.$transaction(async (tx) => {
    if (verdict.passed) {
      const obtainedOn = new Date();
      await tx.certificate.upsert({
        where: { personId_level: { personId: input.personId, level: input.level } },
        create: { personId: input.personId, level: input.level, obtainedOn },
        update: {},
      });
      await tx.rewardApplication.upsert({
        where: key,
        create: { ...key.campaignId_personId, level: input.level, status: 'pending' },
        update: {},
      });
    }
    await tx.examParticipant.update({
      where: key,
      data: verdict.passed ? { status: 'passed', certifiedAt: new Date() } : { status: 'failed' },
    });
  });
  return verdict;
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
  db: Db,
  input: { campaignId: string; personId: string },
): Promise<{ courses: string[]; sprintClass: string | null; waitlisted: boolean }> {
  const key = { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } };
  const p = await db.examParticipant.findUniqueOrThrow({ where: key });
  if (p.status === 'invited')
    await db.examParticipant.update({
      where: key,
      data: { status: 'registered', registeredAt: new Date() },
    });
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

/**
 * Bulk outcome of a results import for one campaign: each registered participant with results
 * gets a verdict by the pass rules (carry-over included); a pass records the certificate and a
 * reward application; statuses become passed/failed — all in one transaction, then the KPIs.
 * Idempotent: certificates and applications are created once, statuses are set.
 */
export async function applyExamOutcomes(
  db: Db,
  input: { campaignId: string; personIds: string[] },
): Promise<{ passed: string[]; failed: string[] }> {
  const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: input.campaignId } });
  const level = (JSON.parse(campaign.definition) as { levels: ExamLevel[] }).levels[0]!;
  const participants = await db.examParticipant.findMany({
    where: { campaignId: input.campaignId, status: { in: ['registered', 'failed'] } },
    select: { personId: true },
  });
  const wanted = new Set(input.personIds);
  const ids = participants.map((p) => p.personId).filter((id) => wanted.has(id));
  const results = await db.examSubjectResult.findMany({
    where: { personId: { in: ids }, level, examYear: { lte: campaign.examYear } },
  });
  const byPerson = new Map<string, typeof results>();
  for (const r of results) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const passed: string[] = [];
  const failed: string[] = [];
  for (const id of ids) {
    const mine = byPerson.get(id) ?? [];
    // Only someone with a result of this exam year has sat it.
    if (!mine.some((r) => r.examYear === campaign.examYear)) continue;
    (examVerdict(level, mine, campaign.examYear).passed ? passed : failed).push(id);
  }
  const now = new Date();
  await db.$transaction(
    async (tx) => {
      const certified = new Set(
        (
          await tx.certificate.findMany({
            where: { personId: { in: passed }, level },
            select: { personId: true },
          })
        ).map((c) => c.personId),
      );
      const fresh = passed.filter((id) => !certified.has(id));
      if (fresh.length)
        await tx.certificate.createMany({
          data: fresh.map((personId) => ({ personId, level, obtainedOn: now })),
        });
      const applied = new Set(
        (
          await tx.rewardApplication.findMany({
            where: { campaignId: input.campaignId, personId: { in: passed } },
            select: { personId: true },
          })
        ).map((r) => r.personId),
      );
      const apply = passed.filter((id) => !applied.has(id));
      if (apply.length)
        await tx.rewardApplication.createMany({
          data: apply.map((personId) => ({
            campaignId: input.campaignId,
            personId,
            level,
            status: 'pending',
          })),
        });
      if (passed.length)
        await tx.examParticipant.updateMany({
          where: { campaignId: input.campaignId, personId: { in: passed } },
          data: { status: 'passed', certifiedAt: now },
        });
      if (failed.length)
        await tx.examParticipant.updateMany({
          where: { campaignId: input.campaignId, personId: { in: failed } },
          data: { status: 'failed' },
        });
    },
    { timeout: 60_000 },
  );
  await refreshExamKpis(db, input.campaignId);
  return { passed, failed };
}

/**
 * The journey's completion record (结业记录), written once: how it ended, the reason of a
 * withdrawal, the sprint class. An outcome not given is read from the participant (decided in
 * bulk by the results import; decided here from the results if the import predates the bulk step).
 * On a pass the person's continuing-education ledger starts (harmless if it runs already).
 */
export async function completeExamJourney(
  db: Db,
  temporal: { client: Client; taskQueue: string } | undefined,
  input: {
    campaignId: string;
    personId: string;
    outcome?: 'withdrawn' | 'cancelled' | 'not_registered';
    reason?: string;
    sprintClass?: string | null;
  },
): Promise<JourneyStatus> {
  const key = { campaignId_personId: { campaignId: input.campaignId, personId: input.personId } };
  let outcome: string | undefined = input.outcome;
  if (outcome) {
    await db.examParticipant.update({
      where: key,
      data: {
        status: outcome,
        ...(outcome === 'withdrawn' ? { withdrawnReason: input.reason ?? null } : {}),
      },
    });
  } else {
    const p = await db.examParticipant.findUniqueOrThrow({ where: key });
    outcome = p.status;
    if (outcome === 'registered') {
      const campaign = await db.examCampaign.findUniqueOrThrow({
        where: { id: input.campaignId },
      });
      const v = await decideExamOutcome(db, {
        campaignId: input.campaignId,
        personId: input.personId,
        level: p.level as ExamLevel,
        examYear: campaign.examYear,
      });
      outcome = v.passed ? 'passed' : 'failed';
    }
  }
  await db.examCompletion.upsert({
    where: key,
    create: {
      campaignId: input.campaignId,
      personId: input.personId,
      outcome,
      reason: input.reason ?? null,
      sprintClass: input.sprintClass ?? null,
    },
    update: {},
  });
  if (outcome === 'passed') {
    const campaign = await db.examCampaign.findUniqueOrThrow({ where: { id: input.campaignId } });
    const d = JSON.parse(campaign.definition) as {
      timeZone: string;
      reminders: { quietHours: QuietHours | null };
    };
    await startLedgerOnPass(db, temporal, input.personId, d.timeZone, d.reminders.quietHours);
  }
  // No KPI refresh here: the bulk step that decided the outcome (results import, cancel, the
  // client's withdrawal) has done it; one per journey would be 8,055 recounts.
  return outcome as JourneyStatus;
}

/**
 * Starts the continuing-education ledger of a person who just passed. Its periods count from
 * the certificate's registration, or from the date it was obtained until a registration is
 * recorded.
 */
async function startLedgerOnPass(
  db: Db,
  temporal: { client: Client; taskQueue: string } | undefined,
  personId: string,
  timeZone: string,
  quietHours: QuietHours | null,
): Promise<void> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable('this worker has no Temporal client to start ledgers');
  const c = highestLevel(await db.certificate.findMany({ where: { personId } }));
  if (!c) return;
  await startCeLedger(temporal, {
    personId,
    level: c.level as ExamLevel,
    registeredOn: c.registeredOn ?? c.obtainedOn,
    timeZone,
    quietHours,
  });
}
