/**
 * All activities, made by a factory so the worker and the tests inject the real parts they use:
 * a database (SQLite or PostgreSQL) and a mailer (the embedded sink, a test SMTP server, a relay).
 * Activities are the only side effects; each is safe to retry.
 */
import { declaringFailures } from './failures';
import type { Db } from '../store/db';
import type { Mailer } from './notices/mailer';
import { announcementActivities } from './announcements/status';
import type { Client } from '@temporalio/client';
import { censusActivities } from './census/campaign';
import * as exam from './exam/journeys';
import * as examCampaign from './exam/campaign';
import { courseActivities } from './courses/series';
import { creditsActivities } from './credits/ledger';
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
    ...mentoringActivities(deps),
    ...announcementActivities(db),
    ...censusActivities(db),
    ...courseActivities(db),
    ...creditsActivities({ db, sendNotices }),

    async countAudience(audience: Audience): Promise<number> {
      return countAudience(db, audience);
    },

    async resolveAudiencePage(input: { audience: Audience; cursor?: string; pageSize: number }) {
      return audiencePage(db, input.audience, input.cursor, input.pageSize);
    },

    async sendNotices(batch: NoticeBatch) {
      return sendNotices(batch);
    },

    async startExamJourneys(input: Parameters<typeof exam.startExamJourneys>[1]) {
      return exam.startExamJourneys(deps.temporal, input);
    },

    async recordExamInvitees(input: Parameters<typeof examCampaign.recordExamInvitees>[1]) {
      return examCampaign.recordExamInvitees(db, input);
    },

    async examParticipantPage(input: Parameters<typeof examCampaign.examParticipantPage>[1]) {
      return examCampaign.examParticipantPage(db, input);
    },

    async queueExamWave(input: Parameters<typeof examCampaign.queueExamWave>[1]) {
      return examCampaign.queueExamWave(db, input);
    },

    async sendExamWave(input: Parameters<typeof examCampaign.sendExamWave>[1]) {
      return examCampaign.sendExamWave(delivery, input);
    },

    async finishExamWave(input: Parameters<typeof examCampaign.finishExamWave>[1]) {
      return examCampaign.finishExamWave(db, input);
    },

    async closeExamParticipants(input: Parameters<typeof examCampaign.closeExamParticipants>[1]) {
      return examCampaign.closeExamParticipants(db, input);
    },

    async tellExamJourneys(input: Parameters<typeof examCampaign.tellExamJourneys>[2]) {
      return examCampaign.tellExamJourneys(db, deps.temporal, input);
    },

    async refreshExamCampaign(input: { campaignId: string }) {
      return examCampaign.refreshExamKpis(db, input.campaignId);
    },

    async recordExamCampaignStatus(input: { campaignId: string; status: string }) {
      return examCampaign.recordExamCampaignStatus(db, input);
    },

    async registerExamJourney(input: { campaignId: string; personId: string }) {
      return exam.registerExamJourney(db, input);
    },

    async completeExamJourney(input: Parameters<typeof exam.completeExamJourney>[2]) {
      return exam.completeExamJourney(db, deps.temporal, input);
    },

    async recordExamParticipant(input: exam.ParticipantStep) {
      return exam.recordExamParticipant(db, input);
    },

    async decideExamOutcome(input: Parameters<typeof exam.decideExamOutcome>[1]) {
      return exam.decideExamOutcome(db, input);
    },
  });
}

export type Activities = ReturnType<typeof createActivities>;
