/**
 * 重发通知 / Resends one failed or unconfirmed notice through the outbox (the same activity
 * every workflow sends with): the row goes back to pending and is sent once; a sent row never
 * is again.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { noticeResendActivities } from '../../activities/notices/resend';
import { activityOptions } from '../activityOptions';
import type { NoticeResendInput, NoticeResendResult } from './signals';

const { resendNotice } = proxyActivities<ReturnType<typeof noticeResendActivities>>(
  activityOptions('2 minutes'),
);

export async function noticeResend(input: NoticeResendInput): Promise<NoticeResendResult> {
  return resendNotice(input);
}
