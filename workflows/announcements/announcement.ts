/**
 * Announcement (通知): a coordinator's message to a set of people, sent now or at a given time.
 *
 * The workflow waits for the send time, resolves recipients page by page, and delivers each page
 * in batches through the notice activity; before every batch it respects quiet hours (a batch due
 * at 22:30 waits for 08:00). Its history carries the announcement id and person ids only.
 * Query `announcementProgress` for live progress; cancel the workflow to stop what is not sent.
 */
import {
  CancellationScope,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { businessSteps } from '../searchAttributes';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import type { NoticeBatchResult } from '../../activities/notices/deliver';
import { nextSendableTime } from '../rules/quietHours';
import { chunk, inWindow } from '../rules/chunk';
import {
  announcementProgressQuery,
  type AnnouncementInput,
  type AnnouncementProgress,
} from './signals';

const { countAudience, resolveAudiencePage, recordAnnouncementStatus } =
  proxyActivities<Activities>(
    activityOptions('1 minute', {
      retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
    }),
  );

const { sendNotices } = proxyActivities<Activities>(
  // A batch heartbeats as it sends; a worker that died is noticed within this and retried.
  // SMTP 4xx and lost connections: back off and try again, for up to about a day.
  activityOptions('2 minutes', { heartbeatTimeout: '10 seconds' }),
);

/** Pages per run before continuing as new, so one history stays small however large the audience. */
const PAGES_PER_RUN = 20;

export async function announcement(input: AnnouncementInput): Promise<AnnouncementProgress> {
  // v2 keeps `parallel` batches in flight at all times (a sliding window) instead of waiting for
  // each group of batches to finish; runs started before keep the grouped schedule on replay.
  const slidingWindow = patched('announcement-sliding-window');
  const pageSize = input.pageSize ?? (slidingWindow ? 1000 : 500);
  const batchSize = input.batchSize ?? 100;
  const parallel = input.parallelBatches ?? 4;
  const progress: AnnouncementProgress = input.resume?.progress ?? {
    status: 'scheduled',
    recipients: 0,
    sent: 0,
    failed: 0,
    unconfirmed: 0,
  };
  setHandler(announcementProgressQuery, () => progress);

  // Batches in flight that reach quiet hours together share one timer.
  let waiting: { until: number; done: Promise<void> } | undefined;
  const waitUntil = async (when: Date, status: AnnouncementProgress['status']) => {
    const ms = when.getTime() - Date.now();
    if (ms <= 0) return;
    if (waiting?.until !== when.getTime()) {
      progress.status = status;
      progress.waitingUntil = when.toISOString();
      waiting = {
        until: when.getTime(),
        done: sleep(ms).then(() => {
          progress.status = 'sending';
          delete progress.waitingUntil;
        }),
      };
    }
    await waiting.done;
  };

  // Search attributes: scheduled, sending, then completed, cancelled or failed.
  const step = businessSteps(input.announcementId);
  try {
    let cursor = input.resume?.cursor;
    if (!input.resume) {
      if (input.sendAt) {
        step('scheduled');
        await waitUntil(new Date(input.sendAt), 'scheduled');
      }
      progress.status = 'sending';
      progress.recipients = await countAudience(input.audience);
      await recordAnnouncementStatus({
        announcementId: input.announcementId,
        status: 'sending',
        recipientCount: progress.recipients,
      });
      step('sending');
    }
    for (let page = 0; ; page++) {
      if (
        cursor !== undefined &&
        (page === PAGES_PER_RUN || workflowInfo().continueAsNewSuggested)
      ) {
        return await continueAsNew<typeof announcement>({ ...input, resume: { cursor, progress } });
      }
      const { personIds, nextCursor } = await resolveAudiencePage({
        audience: input.audience,
        cursor,
        pageSize,
      });
      const send = (ids: string[]) =>
        sendNotices({
          workflowId: workflowInfo().workflowId,
          template: 'announcement',
          params: { announcementId: input.announcementId },
          keyPrefix: `announcement/${input.announcementId}`,
          personIds: ids,
        });
      const count = (r: NoticeBatchResult) => {
        progress.sent += r.sent;
        progress.failed += r.failed;
        progress.unconfirmed += r.unconfirmed;
      };
      const quietHoursOver = () =>
        waitUntil(
          nextSendableTime(new Date(), input.quietHours, input.timeZone),
          'waiting_quiet_hours',
        );
      const batches = chunk(personIds, batchSize);
      if (slidingWindow) {
        await inWindow(batches, parallel, async (ids) => {
          await quietHoursOver();
          count(await send(ids));
        });
      } else {
        for (const group of chunk(batches, parallel)) {
          await quietHoursOver();
          (await Promise.all(group.map(send))).forEach(count);
        }
      }
      if (nextCursor === undefined) break;
      cursor = nextCursor;
    }
    // The record first: a reader who sees "completed" live finds it in the list too.
    await recordAnnouncementStatus({ announcementId: input.announcementId, status: 'completed' });
    progress.status = 'completed';
    step('completed');
    return progress;
  } catch (err) {
    const cancelled = isCancellation(err);
    if (cancelled) {
      // Nothing is awaited any more: a reader sees 已取消 / cancelled, not "waiting until".
      progress.status = 'cancelled';
      delete progress.waitingUntil;
    }
    await CancellationScope.nonCancellable(() =>
      recordAnnouncementStatus({
        announcementId: input.announcementId,
        status: cancelled ? 'cancelled' : 'failed',
      }),
    );
    step(cancelled ? 'cancelled' : 'failed');
    throw err;
  }
}
