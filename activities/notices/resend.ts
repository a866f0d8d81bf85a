/**
 * The activity behind an admin's resend (workflows/notices/resend.ts): a failed or unconfirmed
 * notice goes back to `pending` in one conditional update, then through the outbox like any
 * notice (claimed, sent once, recorded). A notice in any other status is left as it is.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Db } from '../../store/db';
import type { NoticeBatch, NoticeBatchResult } from './deliver';
import {
  RESENDABLE_STATUSES,
  type NoticeResendInput,
  type NoticeResendResult,
} from '../../workflows/notices/signals';

export function noticeResendActivities(deps: {
  db: Db;
  sendNotices: (batch: NoticeBatch) => Promise<NoticeBatchResult>;
}) {
  const { db } = deps;
  return {
    async resendNotice({ noticeId }: NoticeResendInput): Promise<NoticeResendResult> {
      const n = await db.notice.findUnique({ where: { id: noticeId } });
      if (!n)
        throw ApplicationFailure.nonRetryable(
          `没有通知 ${noticeId} / no notice ${noticeId}`,
          'NotFound',
        );
      const suffix = `/${n.personId}`;
      if (!n.key.endsWith(suffix))
        throw ApplicationFailure.nonRetryable(
          `通知 ${noticeId} 的键不以其收件人结尾 / notice ${noticeId}'s key does not end with its person`,
          'NoticeKey',
        );
      // A retry of this activity finds the row pending already: it is sent by the outbox below.
      const reopened = await db.notice.updateMany({
        where: { id: noticeId, status: { in: [...RESENDABLE_STATUSES] } },
        data: { status: 'pending', claimedAt: null },
      });
      if (!reopened.count && n.status !== 'pending')
        return { noticeId, status: n.status, resent: false };
      await deps.sendNotices({
        workflowId: n.workflowId ?? `notice-resend/${noticeId}`,
        template: n.template,
        params: JSON.parse(n.params) as Record<string, string>,
        keyPrefix: n.key.slice(0, -suffix.length),
        personIds: [n.personId],
      });
      const after = await db.notice.findUniqueOrThrow({ where: { id: noticeId } });
      return { noticeId, status: after.status, resent: after.status === 'sent' };
    },
  };
}
