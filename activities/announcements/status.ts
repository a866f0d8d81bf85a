/**
 * Announcement records: the workflow reports its status here; counts come from the outbox,
 * which is the truth about what was sent.
 */
import type { Db } from '../../store/db';

export type AnnouncementStatus = 'scheduled' | 'sending' | 'completed' | 'cancelled' | 'failed';

export interface AnnouncementCounts {
  recipientCount: number;
  sentCount: number;
  failedCount: number;
}

async function outboxCounts(db: Db, workflowId: string) {
  const groups = await db.notice.groupBy({
    by: ['status'],
    where: { workflowId },
    _count: { _all: true },
  });
  const of = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  return { sent: of('sent'), failed: of('failed') + of('unconfirmed'), pending: of('pending') };
}

export async function recordAnnouncementStatus(
  db: Db,
  input: { announcementId: string; status: AnnouncementStatus; recipientCount?: number },
): Promise<AnnouncementCounts> {
  const a = await db.announcement.findUniqueOrThrow({ where: { id: input.announcementId } });
  const counts = await outboxCounts(db, a.workflowId);
  const finished = ['completed', 'cancelled', 'failed'].includes(input.status);
  const updated = await db.announcement.update({
    where: { id: input.announcementId },
    data: {
      status: input.status,
      ...(input.recipientCount !== undefined ? { recipientCount: input.recipientCount } : {}),
      sentCount: counts.sent,
      failedCount: counts.failed,
      ...(finished ? { finishedAt: a.finishedAt ?? new Date() } : {}),
    },
  });
  return {
    recipientCount: updated.recipientCount,
    sentCount: updated.sentCount,
    failedCount: updated.failedCount,
  };
}

/** The announcement workflow's own activities (its audience and notices are shared ones). */
export function announcementActivities(db: Db) {
  return {
    recordAnnouncementStatus: (input: {
      announcementId: string;
      status: AnnouncementStatus;
      recipientCount?: number;
    }) => recordAnnouncementStatus(db, input),
  };
}
