/**
 * All activities, made by a factory so the worker and the tests inject the real parts they use:
 * a database (SQLite or PostgreSQL) and a mailer (the embedded sink, a test SMTP server, a relay).
 * Activities are the only side effects; each is safe to retry. Each program's activities come
 * from its own factory; the people and notices activities are shared.
 */
import { declaringFailures } from './failures';
import type { Db } from '../store/db';
import type { Mailer } from './notices/mailer';
import { announcementActivities } from './announcements/status';
import type { Client } from '@temporalio/client';
import { censusActivities } from './census/campaign';
import { examActivities } from './exam';
import { courseActivities } from './courses/series';
import { courseNoticeActivities } from './courses/enrolmentNotices';
import { creditsActivities } from './credits/ledger';
import { mentoringActivities } from './mentoring/mentoring';
import { noticeResendActivities } from './notices/resend';
import { retentionActivities, type RetentionSettings } from './retention/cleanUp';
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
  /** Retention of sent notices and stored mails (config/env.ts); absent: nothing is deleted. */
  retention?: RetentionSettings;
  /** The embedded sink's folder, whose stored mails the retention clean-up deletes. */
  mailDir?: string;
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
    ...announcementActivities(db),
    ...censusActivities(db),
    ...examActivities({ db, delivery, temporal: deps.temporal }),
    ...courseActivities(db),
    ...courseNoticeActivities({ db, sendNotices }),
    ...creditsActivities({ db, sendNotices }),
    ...mentoringActivities(deps),
    ...noticeResendActivities({ db, sendNotices }),
    ...retentionActivities({ db, retention: deps.retention, mailDir: deps.mailDir }),

    async countAudience(audience: Audience): Promise<number> {
      return countAudience(db, audience);
    },

    async resolveAudiencePage(input: { audience: Audience; cursor?: string; pageSize: number }) {
      return audiencePage(db, input.audience, input.cursor, input.pageSize);
    },

    async sendNotices(batch: NoticeBatch) {
      return sendNotices(batch);
    },
  });
}

export type Activities = ReturnType<typeof createActivities>;
