/**
 * All activities, made by a factory so the worker and the tests inject the real parts they use:
 * a database (SQLite or PostgreSQL) and a mailer (the embedded sink, a test SMTP server, a relay).
 * Activities are the only side effects; each is safe to retry.
 */
import { declaringFailures } from './failures';
import type { Db } from '../store/db';
import type { Mailer } from './notices/mailer';
import { recordAnnouncementStatus, type AnnouncementStatus } from './announcements/status';
import type { Client } from '@temporalio/client';
import { finishCensus, recordCensusUnit, type CensusUnitRecord } from './census/campaign';
import { examActivities } from './exam';
import * as courses from './courses/series';
import * as credits from './credits/ledger';
import { mentoringActivities } from './mentoring/mentoring';
import { noticeSender, type DeliveryDeps, type NoticeBatch } from './notices/deliver';
import { audiencePage, countAudience, type Audience } from '../store/people/audience';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  /** Lets the notice activity confirm a message whose sender crashed mid-send (see deliver.ts). */
  wasDelivered?: (messageId: string) => Promise<boolean | undefined>;
  sendConcurrency?: number;
  /** For activities that start workflows (exam journeys): a client and the task queue. */
  temporal?: { client: Client; taskQueue: string };
}

export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  const delivery: DeliveryDeps = {
    db,
    mailer: deps.mailer,
    from: deps.mailFrom,
    wasDelivered: deps.wasDelivered,
    concurrency: deps.sendConcurrency,
    // Longer than the heartbeat timeout: a live attempt keeps its claims.
    claimLeaseMs: 15_000,
  };
  // Small batches arriving together (many workflows notifying at one moment) share their
  // outbox statements; see noticeSender.
  const sendNotices = noticeSender(delivery);
  return declaringFailures({
    ...mentoringActivities(db),
    ...examActivities({ db, delivery, temporal: deps.temporal }),

    async countAudience(audience: Audience): Promise<number> {
      return countAudience(db, audience);
    },

    async resolveAudiencePage(input: { audience: Audience; cursor?: string; pageSize: number }) {
      return audiencePage(db, input.audience, input.cursor, input.pageSize);
    },

    async sendNotices(batch: NoticeBatch) {
      return sendNotices(batch);
    },

    async recordCensusUnit(input: CensusUnitRecord) {
      return recordCensusUnit(db, input);
    },

    async finishCensus(input: { censusId: string }) {
      return finishCensus(db, input.censusId);
    },

    async courseSchedule(input: { seriesId: string }) {
      return courses.courseSchedule(db, input.seriesId);
    },

    async courseEnrolled(input: { seriesId: string }) {
      return courses.courseEnrolled(db, input.seriesId);
    },

    async evaluateCourse(input: { seriesId: string; personIds: string[]; at?: string }) {
      return courses.evaluateCourse(db, input.seriesId, input.personIds, input.at);
    },

    async closeCourseSeries(input: { seriesId: string }) {
      return courses.closeCourseSeries(db, input.seriesId);
    },

    async periodCredits(input: { personId: string; start: string; end: string }) {
      return credits.periodCredits(db, input);
    },

    async reviewCreditClaim(input: credits.ClaimReview) {
      return credits.reviewCreditClaim(db, input);
    },

    async recordCePeriod(input: credits.CePeriodRecord) {
      return credits.recordCePeriod(db, input);
    },

    /**
     * A CE period's end in one step: its outcome recorded, then the person told with the
     * template for that outcome (both idempotent, as apart).
     */
    async closeCePeriod(input: {
      record: credits.CePeriodRecord;
      notice: Omit<NoticeBatch, 'template'>;
      templates: Record<credits.CeOutcome, string>;
    }) {
      const outcome = await credits.recordCePeriod(db, input.record);
      await sendNotices({ ...input.notice, template: input.templates[outcome] });
      return outcome;
    },

    async recordAnnouncementStatus(input: {
      announcementId: string;
      status: AnnouncementStatus;
      recipientCount?: number;
    }) {
      return recordAnnouncementStatus(db, input);
    },
  });
}

export type Activities = ReturnType<typeof createActivities>;
