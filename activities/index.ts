/**
 * All activities, made by a factory so the worker and the tests inject the real parts they use:
 * a database (SQLite or PostgreSQL) and a mailer (the embedded sink, a test SMTP server, a relay).
 * Activities are the only side effects; each is safe to retry.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from './db';
import type { Mailer } from './mailer';
import { recordAnnouncementStatus, type AnnouncementStatus } from './announcements';
import { finishCensus, recordCensusUnit, type CensusUnitRecord } from './censusCampaign';
import { deliverNoticeBatch, type NoticeBatch } from './notices/deliver';
import { AudienceError, audiencePage, countAudience, type Audience } from './people/audience';

export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  mailFrom: string;
  /** Lets the notice activity confirm a message whose sender crashed mid-send (see deliver.ts). */
  wasDelivered?: (messageId: string) => Promise<boolean | undefined>;
  sendConcurrency?: number;
}

function audienceFailure(e: unknown): never {
  if (e instanceof AudienceError) throw ApplicationFailure.nonRetryable(e.message, 'AudienceError');
  throw e;
}

export function createActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    async countAudience(audience: Audience): Promise<number> {
      return countAudience(db, audience).catch(audienceFailure);
    },

    async resolveAudiencePage(input: { audience: Audience; cursor?: string; pageSize: number }) {
      return audiencePage(db, input.audience, input.cursor, input.pageSize).catch(audienceFailure);
    },

    async sendNotices(batch: NoticeBatch) {
      return deliverNoticeBatch(
        {
          db,
          mailer: deps.mailer,
          from: deps.mailFrom,
          wasDelivered: deps.wasDelivered,
          concurrency: deps.sendConcurrency,
          // Longer than the heartbeat timeout: a live attempt keeps its claims.
          claimLeaseMs: 15_000,
        },
        batch,
      );
    },

    async recordCensusUnit(input: CensusUnitRecord) {
      return recordCensusUnit(db, input);
    },

    async finishCensus(input: { censusId: string }) {
      return finishCensus(db, input.censusId);
    },

    async recordAnnouncementStatus(input: {
      announcementId: string;
      status: AnnouncementStatus;
      recipientCount?: number;
    }) {
      return recordAnnouncementStatus(db, input);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
