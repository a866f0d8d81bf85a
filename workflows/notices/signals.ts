/**
 * 重发通知 / An admin's resend of one failed or unconfirmed notice: one workflow per attempt
 * asked, so asking twice for the same attempt joins the one already made.
 */
export interface NoticeResendInput {
  noticeId: number;
}

export interface NoticeResendResult {
  noticeId: number;
  /** The notice's status after the attempt: sent, failed, unconfirmed, or the one it had. */
  status: string;
  /** Whether this attempt sent it (false: it was not failed or unconfirmed any more). */
  resent: boolean;
}

/** `attempts` is the notice's attempt count when the resend was asked. */
export function noticeResendWorkflowId(noticeId: number, attempts: number): string {
  return `notice-resend/${noticeId}/${attempts}`;
}

/** Statuses an admin may resend: the SMTP server refused it, or nobody can tell whether it left. */
export const RESENDABLE_STATUSES: readonly string[] = ['failed', 'unconfirmed'];
