/**
 * Exam mobilization activities: start participant journeys (independent workflows, so a campaign
 * of 8,055 people is 8,055 small histories and never 8,055 pending children), record each step,
 * and decide the outcome from the results by the pass rules. All idempotent.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../db';
import { examVerdict, type ExamLevel, type ExamVerdict } from '../../workflows/rules/examRules';
import {
  examJourney,
  examJourneyWorkflowId,
  type ExamJourneyInput,
  type JourneyStatus,
} from '../../workflows/examJourney';

export async function startExamJourneys(
  temporal: { client: Client; taskQueue: string } | undefined,
  input: { base: Omit<ExamJourneyInput, 'personId'>; personIds: string[] },
): Promise<{ started: number; alreadyRunning: number }> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable('this worker has no Temporal client to start journeys');
  let started = 0;
  let alreadyRunning = 0;
  for (const personId of input.personIds) {
    try {
      await temporal.client.workflow.start(examJourney, {
        taskQueue: temporal.taskQueue,
        workflowId: examJourneyWorkflowId(input.base.campaignId, personId),
        args: [{ ...input.base, personId }],
      });
      started++;
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      alreadyRunning++; // a retry of this page: that journey is under way
    }
  }
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
