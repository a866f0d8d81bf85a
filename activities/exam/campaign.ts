/**
 * Campaign-level activities of an exam mobilization (报考动员), the bulk half of the design in
 * workflows/examMobilization.ts: participants recorded page by page, notice waves queued in the
 * outbox all at once (so a wave due at one instant is queued within a second or two, whoever it
 * is for) and then sent in batches, registration closed in one update, KPIs recomputed from the
 * system of record. Every step is idempotent: rows are created once by their keys, updates set
 * values (never increment), and a retry finds what the first attempt wrote.
 */
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../store/db';
import { insertMany } from '../../store/bulkInsert';
import { deliverNoticeBatch, type DeliveryDeps, type NoticeBatchResult } from '../notices/deliver';
import { chunk, inWindow } from '../../workflows/rules/chunk';
import { waveKeyPrefix } from '../../workflows/rules/examWaves';
import {
  examCampaignCancelledSignal,
  examJourneyWorkflowId,
  examResultsPostedSignal,
} from '../../workflows/exam/examJourney';

/** Statuses of a journey still under way (a wave or a control can still change it). */
export const OPEN_STATUSES = ['invited', 'registered'];
const IN_CHUNK = 500; // ids per `IN (…)` list: well under SQLite's and PostgreSQL's limits

async function levelOf(db: Db, campaignId: string): Promise<string> {
  const c = await db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c) throw ApplicationFailure.nonRetryable(`no exam campaign "${campaignId}"`, 'NoCampaign');
  return (JSON.parse(c.definition) as { levels: string[] }).levels[0]!;
}

/** Records people as invited (once; a person already in the campaign keeps their status). */
export async function recordExamInvitees(
  db: Db,
  input: { campaignId: string; personIds: string[] },
): Promise<{ added: number }> {
  const level = await levelOf(db, input.campaignId);
  let added = 0;
  for (const ids of chunk(input.personIds, IN_CHUNK)) {
    const have = new Set(
      (
        await db.examParticipant.findMany({
          where: { campaignId: input.campaignId, personId: { in: ids } },
          select: { personId: true },
        })
      ).map((p) => p.personId),
    );
    const now = new Date();
    const data = ids
      .filter((id) => !have.has(id))
      .map((personId) => ({
        campaignId: input.campaignId,
        personId,
        level,
        status: 'invited',
        invitedAt: now,
      }));
    if (data.length) added += (await db.examParticipant.createMany({ data })).count;
  }
  return { added };
}

/** One page of participants in one of `statuses`, by person id. */
export async function examParticipantPage(
  db: Db,
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

export interface WaveSpec {
  campaignId: string;
  /** The campaign workflow, recorded on each notice. */
  workflowId: string;
  wave: string;
  template: string;
  statuses: string[];
}

/**
 * Queues a whole wave in the outbox at once: one pending notice per participant whose status
 * calls for it now, keyed per person. Lateness of a wave is measured up to here (the notice
 * row's createdAt minus the wave's dueAt); sending follows in batches (sendExamWave).
 */
export async function queueExamWave(
  db: Db,
  input: WaveSpec & { dueAt: string },
): Promise<{ recipients: number }> {
  const prefix = waveKeyPrefix(input.campaignId, input.wave);
  await db.examNoticeWave.upsert({
    where: { campaignId_wave: { campaignId: input.campaignId, wave: input.wave } },
    create: {
      campaignId: input.campaignId,
      wave: input.wave,
      template: input.template,
      dueAt: new Date(input.dueAt),
    },
    update: {},
  });
  const people = await db.examParticipant.findMany({
    where: { campaignId: input.campaignId, status: { in: input.statuses } },
    select: { personId: true, person: { select: { locale: true } } },
  });
  // One multi-row INSERT per few thousand people, skipping keys already queued (a retry).
  const params = JSON.stringify({ campaignId: input.campaignId });
  const now = new Date();
  await insertMany(
    db,
    'Notice',
    [
      'key',
      'personId',
      'channel',
      'template',
      'locale',
      'params',
      'status',
      'attempts',
      'workflowId',
      'createdAt',
      'updatedAt',
    ],
    people.map((p) => [
      `${prefix}/${p.personId}`,
      p.personId,
      'email',
      input.template,
      p.person.locale,
      params,
      'pending',
      0,
      input.workflowId,
      now,
      now,
    ]),
    { skipExisting: ['key'] },
  );
  const wave = await db.examNoticeWave.findUniqueOrThrow({
    where: { campaignId_wave: { campaignId: input.campaignId, wave: input.wave } },
  });
  if (!wave.queuedAt)
    await db.examNoticeWave.update({
      where: { campaignId_wave: { campaignId: input.campaignId, wave: input.wave } },
      data: { queuedAt: new Date(), recipients: people.length },
    });
  return { recipients: wave.queuedAt ? wave.recipients : people.length };
}

/** Notices of the wave for these people that are still pending: marked cancelled (not sent). */
async function cancelPending(db: Db, prefix: string, personIds: string[], why: string) {
  for (const ids of chunk(personIds, IN_CHUNK))
    await db.notice.updateMany({
      where: { key: { in: ids.map((id) => `${prefix}/${id}`) }, status: 'pending' },
      data: { status: 'cancelled', lastError: why },
    });
}

/**
 * Sends one batch of a wave to those of `personIds` whose status still calls for it at send
 * time (someone who registered a second ago gets no registration reminder), through the outbox.
 */
export async function sendExamWave(
  deps: DeliveryDeps,
  input: WaveSpec & { personIds: string[] },
): Promise<NoticeBatchResult & { skipped: number }> {
  const due = new Set(
    (
      await deps.db.examParticipant.findMany({
        where: {
          campaignId: input.campaignId,
          personId: { in: input.personIds },
          status: { in: input.statuses },
        },
        select: { personId: true },
      })
    ).map((p) => p.personId),
  );
  const prefix = waveKeyPrefix(input.campaignId, input.wave);
  const skipped = input.personIds.filter((id) => !due.has(id));
  await cancelPending(deps.db, prefix, skipped, 'no longer due: status changed');
  const personIds = input.personIds.filter((id) => due.has(id));
  const result = personIds.length
    ? await deliverNoticeBatch(deps, {
        workflowId: input.workflowId,
        template: input.template,
        params: { campaignId: input.campaignId },
        keyPrefix: prefix,
        personIds,
      })
    : { sent: 0, failed: 0, unconfirmed: 0, alreadySent: 0 };
  return { ...result, skipped: skipped.length };
}

/**
 * Ends a wave: notices still pending (their person's status changed before their batch) are
 * cancelled; for a registration reminder, each reminded person's remindersSent is set to its
 * number; the KPIs are brought up to date.
 */
export async function finishExamWave(
  db: Db,
  input: { campaignId: string; wave: string; reminderNumber?: number },
): Promise<void> {
  const prefix = waveKeyPrefix(input.campaignId, input.wave);
  const all = (
    await db.examParticipant.findMany({
      where: { campaignId: input.campaignId },
      select: { personId: true },
    })
  ).map((p) => p.personId);
  await cancelPending(db, prefix, all, 'no longer due: status changed');
  if (input.reminderNumber !== undefined) {
    for (const ids of chunk(all, IN_CHUNK)) {
      const sent = await db.notice.findMany({
        where: { key: { in: ids.map((id) => `${prefix}/${id}`) }, status: 'sent' },
        select: { personId: true },
      });
      if (sent.length)
        await db.examParticipant.updateMany({
          where: {
            campaignId: input.campaignId,
            personId: { in: sent.map((s) => s.personId) },
            remindersSent: { lt: input.reminderNumber },
          },
          data: { remindersSent: input.reminderNumber },
        });
    }
  }
  await db.examNoticeWave.updateMany({
    where: { campaignId: input.campaignId, wave: input.wave, sentAt: null },
    data: { sentAt: new Date() },
  });
  await refreshExamKpis(db, input.campaignId);
}

/** Moves every participant in `from` to `to` with a completion record each (bulk, idempotent). */
export async function closeExamParticipants(
  db: Db,
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

/** Recomputes the campaign's KPI row from the participants, certificates, rewards and outbox. */
export async function refreshExamKpis(db: Db, campaignId: string): Promise<void> {
  const c = await db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c) return;
  const level = (JSON.parse(c.definition) as { levels: string[] }).levels[0]!;
  const groups = await db.examParticipant.groupBy({
    by: ['status'],
    where: { campaignId },
    _count: { _all: true },
  });
  const n = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const cohort = groups.reduce((s, g) => s + g._count._all, 0);
  const notices = await db.notice.groupBy({
    by: ['status'],
    where: { workflowId: c.workflowId },
    _count: { _all: true },
  });
  const data = {
    cohort,
    invited: n('invited'),
    registered: n('registered'),
    withdrawn: n('withdrawn'),
    notRegistered: n('not_registered'),
    passed: n('passed'),
    failed: n('failed'),
    certificates: await db.certificate.count({
      where: { level, person: { examJourneys: { some: { campaignId, status: 'passed' } } } },
    }),
    rewardApplications: await db.rewardApplication.count({ where: { campaignId } }),
    noticesQueued: notices.reduce((s, g) => s + g._count._all, 0),
    noticesSent: notices.find((g) => g.status === 'sent')?._count._all ?? 0,
  };
  await db.examCampaignKpi.upsert({
    where: { campaignId },
    create: { campaignId, ...data },
    update: data,
  });
}

/**
 * Signals the journeys of a campaign: `results` to those whose outcome was decided in bulk and
 * who have no completion record yet, `cancelled` to those listed. A journey already finished is
 * skipped. Returns how many were told.
 */
export async function tellExamJourneys(
  db: Db,
  temporal: { client: Client } | undefined,
  input: { campaignId: string; what: 'results' | 'cancelled'; personIds?: string[] },
): Promise<{ told: number }> {
  if (!temporal)
    throw ApplicationFailure.nonRetryable('this worker has no Temporal client to signal journeys');
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
  db: Db,
  input: { campaignId: string; status: string },
): Promise<void> {
  await db.examCampaign.update({ where: { id: input.campaignId }, data: { status: input.status } });
  await refreshExamKpis(db, input.campaignId);
}
