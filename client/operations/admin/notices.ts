/**
 * The notices outbox for the console (通知记录): searchable by person, template and status,
 * newest first, with the last error of a failed or unconfirmed notice. The subject and address
 * are shown; the message's parameters (names, free text) are not. A unit coordinator sees only
 * the notices to people in their units; an admin resends a failed or unconfirmed one.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Db } from '../../../store/db';
import { Conflict, InputError, NotFound } from '../../../common/errors';
import { NOTICE_STATUS, zhOf } from '../../../workflows/rules/vocabulary';
import type { noticeResend } from '../../../workflows/notices/resend';
import {
  noticeResendWorkflowId,
  RESENDABLE_STATUSES,
  type NoticeResendResult,
} from '../../../workflows/notices/signals';
import { requireAdmin, type Actor } from '../actor';
import { personInScope, type Scope } from '../../../store/auth/scope';

export interface NoticeFilter {
  personId?: string;
  template?: string;
  status?: string;
  limit?: number;
}

export interface NoticeRow {
  id: number;
  personId: string;
  personName: string;
  template: string;
  status: string;
  subject: string | null;
  attempts: number;
  lastError: string | null;
  workflowId: string | null;
  /** Whether an admin may resend it (failed or unconfirmed). */
  resendable: boolean;
  createdAt: string;
  sentAt: string | null;
}

export async function listNotices(
  ctx: { db: Db },
  filter: NoticeFilter = {},
  scope: Scope = null,
): Promise<{ total: number; notices: NoticeRow[] }> {
  const limit = filter.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new InputError('limit 需为 1–1000 的整数 / limit must be a whole number from 1 to 1000');
  const where = {
    ...(filter.personId ? { personId: filter.personId } : {}),
    ...(filter.template ? { template: filter.template } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(scope && { person: personInScope(scope) }),
  };
  const [total, rows] = await Promise.all([
    ctx.db.notice.count({ where }),
    ctx.db.notice.findMany({
      where,
      orderBy: { id: 'desc' },
      take: limit,
      include: { person: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    notices: rows.map((n) => ({
      id: n.id,
      personId: n.personId,
      personName: n.person.name,
      template: n.template,
      status: n.status,
      subject: n.subject,
      attempts: n.attempts,
      lastError: n.lastError,
      workflowId: n.workflowId,
      resendable: RESENDABLE_STATUSES.includes(n.status),
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
    })),
  };
}

/** How long the admin's request waits for the new attempt; a slower one goes on in its workflow. */
const WAIT_MS = 20_000;

/**
 * 重发 / An admin resends a failed or unconfirmed notice: one new attempt through the outbox (its
 * own workflow, keyed by the notice and its attempt count, so asking twice joins it). A notice
 * sent, or being sent, is refused: it is never delivered a second time.
 */
export async function resendNotice(
  ctx: { db: Db; temporal: Client; taskQueue: string },
  actor: Actor,
  noticeId: number,
): Promise<NoticeResendResult & { workflowId: string }> {
  requireAdmin(actor);
  const n = await ctx.db.notice.findUnique({ where: { id: noticeId } });
  if (!n) throw new NotFound(`通知不存在 / no notice ${noticeId}`);
  if (!RESENDABLE_STATUSES.includes(n.status))
    throw new Conflict(
      `通知 ${noticeId} 状态为${zhOf(NOTICE_STATUS, n.status)}，只重发失败或未确认的通知 / notice ${noticeId} is ${n.status}: only a failed or unconfirmed notice is resent`,
    );
  const workflowId = noticeResendWorkflowId(noticeId, n.attempts);
  const handle = await ctx.temporal.workflow
    .start<typeof noticeResend>('noticeResend', {
      workflowId,
      taskQueue: ctx.taskQueue,
      args: [{ noticeId }],
      // Set at start (one step: a resend); the notice's id, never its address or text.
      searchAttributes: {
        YzBusinessKey: [workflowId],
        YzCampaign: ['notice-resend'],
        YzStatus: ['resend'],
      },
    })
    .catch((e: unknown) => {
      if (e instanceof WorkflowExecutionAlreadyStartedError)
        return ctx.temporal.workflow.getHandle<typeof noticeResend>(workflowId);
      throw e;
    });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), WAIT_MS);
  });
  try {
    const done = await Promise.race([handle.result(), late]);
    return { ...(done ?? { noticeId, status: 'pending', resent: false }), workflowId };
  } finally {
    clearTimeout(timer);
  }
}
