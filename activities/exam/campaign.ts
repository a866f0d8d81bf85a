/**
 * Campaign-level activities of an exam mobilization (报考动员), the bulk half of the design in
 * workflows/exam/examMobilization.ts: participants recorded page by page, registration closed in
 * one update, journeys told, the campaign's status recorded (notice waves: waves.ts). Every step
 * is idempotent: rows are created once by their keys, updates set values (never increment), and
 * a retry finds what the first attempt wrote.
 */
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Db } from '../../store/db';
import type { ExamActivityDeps, WithDb } from './deps';
import { insertMany } from '../../store/bulkInsert';
import { IN_CHUNK } from '../../store/exam/participants';
import { refreshExamKpis } from '../../store/exam/kpis';
import { chunk, inWindow } from '../../workflows/rules/chunk';
import {
  examCampaignCancelledSignal,
  examJourneyWorkflowId,
  examResultsPostedSignal,
} from '../../workflows/exam/signals';

async function levelOf(db: Db, campaignId: string): Promise<string> {
  const c = await db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c)
    throw ApplicationFailure.nonRetryable(
      `没有报考动员“${campaignId}” / no exam campaign "${campaignId}"`,
      'NoCampaign',
    );
  return (JSON.parse(c.definition) as { levels: string[] }).levels[0]!;
}

/**
 * Records people as invited (once; a person already in the campaign keeps their row and status),
 * with one multi-row INSERT per few thousand people: Prisma's createMany spent ~0.2 ms of the
 * worker's CPU a row, 0.3 s for a launch's first 400 people before anyone was invited.
 */
export async function recordExamInvitees(
  { db }: WithDb,
  input: { campaignId: string; personIds: string[] },
): Promise<{ added: number }> {
  const level = await levelOf(db, input.campaignId);
  const now = new Date();
  const added = await insertMany(
    db,
    'ExamParticipant',
    ['campaignId', 'personId', 'level', 'status', 'remindersSent', 'invitedAt', 'updatedAt'],
    input.personIds.map((personId) => [input.campaignId, personId, level, 'invited', 0, now, now]),
    { skipExisting: ['campaignId', 'personId'] },
  );
  return { added };
}

/** One page of participants in one of `statuses`, by person id. */
export async function examParticipantPage(
  { db }: WithDb,
  input: { campaignId: string; statuses: string[]; cursor?: string; pageSize: number },
): Promise<{ personIds: string[]; nextCursor?: string }> {
  const rows = await db.examParticipant.findMany({
    where: {
      campaignId: input.campaignId,
      status: { in: input.statuses },
      ...(input.cursor ? { personId: { gt: input.cursor } } : {}),
    },
    orderBy: { personId: 'asc' },
    take: input.pageSize,
    select: { personId: true },
  });
  const personIds = rows.map((r) => r.personId);
  return rows.length === input.pageSize
    ? { personIds, nextCursor: personIds.at(-1) }
    : { personIds };
}

/** Moves every participant in `from` to `to` with a completion record each (bulk, idempotent). */
export async function closeExamParticipants(
  { db }: WithDb,
  input: {
    campaignId: string;
    from: string[];
    to: 'not_registered' | 'cancelled';
    reason?: string;
  },
): Promise<{ closed: number }> {
  const ids = (
    await db.examParticipant.findMany({
      where: { campaignId: input.campaignId, status: { in: input.from } },
      select: { personId: true },
    })
  ).map((p) => p.personId);
  for (const group of chunk(ids, IN_CHUNK)) {
    await db.$transaction(async (tx) => {
      await tx.examParticipant.updateMany({
        where: {
          campaignId: input.campaignId,
          personId: { in: group },
          status: { in: input.from },
        },
        data: { status: input.to },
      });
      const have = new Set(
        (
          await tx.examCompletion.findMany({
            where: { campaignId: input.campaignId, personId: { in: group } },
            select: { personId: true },
          })
        ).map((c) => c.personId),
      );
      const data = group
        .filter((id) => !have.has(id))
        .map((personId) => ({
          campaignId: input.campaignId,
          personId,
          outcome: input.to,
          reason: input.reason ?? null,
        }));
      if (data.length) await tx.examCompletion.createMany({ data });
    });
  }
  await refreshExamKpis(db, input.campaignId);
  return { closed: ids.length };
}

/**
 * Signals the journeys of a campaign: `results` to those whose outcome was decided in bulk and
 * who have no completion record yet, `cancelled` to those listed. A journey already finished is
 * skipped. Returns how many were told.
 */
export async function tellExamJourneys(
  { db, temporal }: Pick<ExamActivityDeps, 'db' | 'temporal'>,
  input: { campaignId: string; what: 'results' | 'cancelled'; personIds?: string[] },
): Promise<{ told: number }> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable(
      '此 worker 没有 Temporal 客户端，无法通知报考流程 / this worker has no Temporal client to signal journeys',
    );
  let ids = input.personIds;
  if (!ids && input.what === 'cancelled') {
    ids = (
      await db.examParticipant.findMany({
        where: { campaignId: input.campaignId, status: 'cancelled' },
        select: { personId: true },
      })
    ).map((p) => p.personId);
  } else if (!ids) {
    const decided = await db.examParticipant.findMany({
      where: { campaignId: input.campaignId, status: { in: ['passed', 'failed'] } },
      select: { personId: true },
    });
    const done = new Set(
      (
        await db.examCompletion.findMany({
          where: { campaignId: input.campaignId },
          select: { personId: true },
        })
      ).map((c) => c.personId),
    );
    ids = decided.map((p) => p.personId).filter((id) => !done.has(id));
  }
  let told = 0;
  await inWindow(ids, 20, async (personId) => {
    const h = temporal.client.workflow.getHandle(examJourneyWorkflowId(input.campaignId, personId));
    try {
      if (input.what === 'results') await h.signal(examResultsPostedSignal);
      else await h.signal(examCampaignCancelledSignal);
      if (++told % 100 === 0) heartbeat(told);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
  });
  return { told };
}

/** The campaign's own status (running | paused | cancelled | completed) in the database. */
export async function recordExamCampaignStatus(
  { db }: WithDb,
  input: { campaignId: string; status: string },
): Promise<void> {
  await db.examCampaign.update({ where: { id: input.campaignId }, data: { status: input.status } });
  await refreshExamKpis(db, input.campaignId);
}
