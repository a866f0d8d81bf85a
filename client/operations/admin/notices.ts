/**
 * The notices outbox for the console (通知记录): searchable by person, template and status,
 * newest first, with the last error of a failed or unconfirmed notice. The subject and address
 * are shown; the message's parameters (names, free text) are not. A unit coordinator sees only
 * the notices to people in their units.
 */
import type { Db } from '../../../store/db';
import { personInScope, type Scope } from '../../../store/auth/scope';
import { InputError } from '../../../common/errors';

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
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
    })),
  };
}
