/**
 * Announcement operations for coordinators, shared by the CLI and the HTTP API.
 * Input is checked before anything is written or started: unknown ids, an empty audience, a
 * send time in the past, a text that uses a field no notice can fill — each a clear error.
 */
import type { Client } from '@temporalio/client';
import type { Db } from '../../../store/db';
import {
  audienceFilter,
  countAudience,
  ROLES,
  type Audience,
} from '../../../store/people/audience';
import { personInScope, type Scope } from '../../../store/auth/scope';
import { placeholders } from '../../../activities/notices/render';
import type { announcement } from '../../../workflows/announcements/announcement';
import {
  announcementProgressQuery,
  announcementWorkflowId,
  type AnnouncementProgress,
} from '../../../workflows/announcements/signals';
import type { QuietHours } from '../../../workflows/rules/quietHours';
import { InputError, NotFound, Conflict } from '../../../common/errors';
import { isBusinessId } from '../../../workflows/rules/ids';
import { NOTICE_STATUS, zhOf } from '../../../workflows/rules/vocabulary';
import { parseInstant } from '../../../workflows/rules/timeInput';
import { formatZoned, formatZonedNamed } from '../../../workflows/rules/zonedTime';
import { progressOf, type Progress } from '../progress';
import { rejectExisting, startRecorded } from '../startRecorded';

const noAnnouncement = (id: string) => new NotFound(`没有通知“${id}” / no announcement "${id}"`);

/** The roles an audience may name (for the adapters' help). */
export { ROLES };

export interface AnnouncementRequest {
  id: string;
  title: string;
  body: string;
  titleEn?: string;
  bodyEn?: string;
  audience: Audience;
  /** ISO 8601 instant; absent → now. */
  sendAt?: string;
  createdBy: string;
  timeZone?: string;
}

export interface AnnouncementContext {
  db: Db;
  temporal: Client;
  taskQueue: string;
  timeZone: string;
  quietHours: QuietHours | null;
  now?: () => Date;
}

/** Fields a coordinator's text may use; everything else in {braces} is refused. */
const TEXT_FIELDS = new Set(['name']);

function checkText(field: string, text: string | undefined): void {
  if (text === undefined) return;
  const unknown = placeholders(text).filter((f) => !TEXT_FIELDS.has(f));
  if (unknown.length) {
    throw new InputError(
      `${field} 使用了无法填充的占位符 {${unknown[0]}} / ${field} uses {${unknown[0]}}, which no notice can fill (allowed: {${[...TEXT_FIELDS].join('}, {')}})`,
    );
  }
}

export async function createAnnouncement(
  ctx: AnnouncementContext,
  req: AnnouncementRequest,
): Promise<{ id: string; workflowId: string; recipients: number; sendAt: string }> {
  if (!isBusinessId(req.id))
    throw new InputError(
      `编号“${req.id}”须为 1–100 个字母、数字、点、横线或下划线 / id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`,
    );
  if (!req.title.trim()) throw new InputError('标题为空 / title is empty');
  if (!req.body.trim()) throw new InputError('正文为空 / body is empty');
  checkText('title', req.title);
  checkText('body', req.body);
  checkText('titleEn', req.titleEn);
  checkText('bodyEn', req.bodyEn);
  const now = ctx.now?.() ?? new Date();
  let sendAt = now;
  if (req.sendAt !== undefined) {
    sendAt = parseInstant(req.sendAt, req.timeZone ?? ctx.timeZone, 'sendAt');
    if (sendAt.getTime() < now.getTime() - 60_000)
      throw new InputError(
        `发送时间 sendAt ${formatZonedNamed(sendAt, req.timeZone ?? ctx.timeZone)} 已过 / is in the past`,
      );
  }
  // An audience naming unknown units or roles is an AudienceError, an InputError already (400).
  const recipients = await countAudience(ctx.db, req.audience);
  if (recipients === 0)
    throw new InputError('发送对象中没有在册人员 / the audience has no active people in it');
  rejectExisting(
    await ctx.db.announcement.findUnique({ where: { id: req.id } }),
    (a) =>
      `通知“${req.id}”已存在（${zhOf(NOTICE_STATUS, a.status)}） / announcement "${req.id}" already exists (${a.status})`,
  );

  const workflowId = announcementWorkflowId(req.id);
  const timeZone = req.timeZone ?? ctx.timeZone;
  await startRecorded({
    workflowId,
    create: () =>
      ctx.db.announcement.create({
        data: {
          id: req.id,
          title: req.title,
          body: req.body,
          titleEn: req.titleEn,
          bodyEn: req.bodyEn,
          audience: JSON.stringify(req.audience),
          sendAt: req.sendAt ? sendAt : null,
          timeZone,
          createdBy: req.createdBy,
          status: 'scheduled',
          workflowId,
          recipientCount: recipients,
        },
      }),
    start: () =>
      ctx.temporal.workflow.start<typeof announcement>('announcement', {
        taskQueue: ctx.taskQueue,
        workflowId,
        args: [
          {
            announcementId: req.id,
            audience: req.audience,
            sendAt: req.sendAt ? sendAt.toISOString() : undefined,
            timeZone,
            quietHours: ctx.quietHours,
          },
        ],
      }),
    remove: () => ctx.db.announcement.delete({ where: { id: req.id } }),
  });
  return { id: req.id, workflowId, recipients, sendAt: sendAt.toISOString() };
}

/** What every view of an announcement shows: what it is and how far its sending got. */
export interface AnnouncementSummary {
  id: string;
  title: string;
  status: string;
  recipients: number;
  sent: number;
  failed: number;
  workflowId: string;
  /** Cancelled: by whom and when. */
  cancelledBy?: string;
  cancelledAt?: string;
}

export interface AnnouncementStatusView extends AnnouncementSummary {
  live?: AnnouncementProgress;
}

const FINISHED = ['completed', 'cancelled', 'failed'];

async function findAnnouncement(db: Db, id: string) {
  const a = await db.announcement.findUnique({ where: { id } });
  if (!a) throw noAnnouncement(id);
  return a;
}

/**
 * An announcement's progress. Within a unit coordinator's scope the counts are over the
 * recipients in their units, and an announcement reaching none of them is "not found".
 */
export async function announcementStatus(
  ctx: Pick<AnnouncementContext, 'db' | 'temporal'>,
  id: string,
  scope: Scope = null,
): Promise<AnnouncementStatusView> {
  const a = await findAnnouncement(ctx.db, id);
  if (scope !== null) return scopedStatus(ctx.db, a, scope);
  // Live progress while the workflow can answer; the database record otherwise.
  const live: AnnouncementProgress | undefined = await ctx.temporal.workflow
    .getHandle(a.workflowId)
    .query(announcementProgressQuery)
    .catch(() => undefined);
  // Once the record says it is over, that is the answer; nothing is awaited any more.
  const finished = FINISHED.includes(a.status);
  if (live && finished) delete live.waitingUntil;
  return {
    id: a.id,
    title: a.title,
    status: finished ? a.status : (live?.status ?? a.status),
    recipients: a.recipientCount,
    sent: live ? Math.max(live.sent, a.sentCount) : a.sentCount,
    failed: live ? Math.max(live.failed + live.unconfirmed, a.failedCount) : a.failedCount,
    live,
    workflowId: a.workflowId,
    ...(a.cancelledBy
      ? { cancelledBy: a.cancelledBy, cancelledAt: (a.finishedAt ?? a.updatedAt).toISOString() }
      : {}),
  };
}

async function scopedStatus(
  db: Db,
  a: Awaited<ReturnType<typeof findAnnouncement>>,
  scope: string[],
): Promise<AnnouncementStatusView> {
  const inReach = personInScope(scope);
  const audience = await audienceFilter(db, JSON.parse(a.audience) as Audience).catch(() => null);
  const sentTo = (status: string[]) =>
    db.notice.count({
      where: {
        key: { startsWith: `announcement/${a.id}/` },
        status: { in: status },
        person: inReach,
      },
    });
  const [recipients, sent, failed] = await Promise.all([
    audience ? db.person.count({ where: { AND: [audience, inReach] } }) : 0,
    sentTo(['sent']),
    sentTo(['failed', 'unconfirmed']),
  ]);
  // Reaching none of a unit coordinator's people: the same answer as no announcement at all.
  if (recipients === 0 && sent + failed === 0) throw noAnnouncement(a.id);
  return {
    id: a.id,
    title: a.title,
    status: a.status,
    recipients: Math.max(recipients, sent + failed),
    sent,
    failed,
    workflowId: a.workflowId,
  };
}

/**
 * Cancels what is not yet sent, recording who did it (`by`); the workflow records when. If the
 * workflow cannot be cancelled, the record is put back and the error stands.
 */
export async function cancelAnnouncement(
  ctx: Pick<AnnouncementContext, 'db' | 'temporal'>,
  id: string,
  by: string,
): Promise<AnnouncementStatusView> {
  const who = by?.trim();
  if (!who) throw new InputError('缺少操作人 / by: who cancels is required');
  const a = await findAnnouncement(ctx.db, id);
  if (FINISHED.includes(a.status))
    throw new Conflict(
      `通知“${id}”已结束（${zhOf(NOTICE_STATUS, a.status)}）/ announcement "${id}" is already ${a.status}`,
    );
  await ctx.db.announcement.update({ where: { id }, data: { cancelledBy: who } });
  const handle = ctx.temporal.workflow.getHandle(a.workflowId);
  try {
    await handle.cancel();
  } catch (e) {
    await ctx.db.announcement.update({ where: { id }, data: { cancelledBy: null } });
    throw e;
  }
  await handle.result().catch(() => undefined);
  return announcementStatus(ctx, id);
}

export interface AnnouncementListItem extends AnnouncementSummary {
  sendAt: string | null;
  createdAt: string;
  createdBy: string;
}

/** Announcements from the system of record, newest first. */
export async function listAnnouncements(
  ctx: Pick<AnnouncementContext, 'db'>,
  options: { limit?: number } = {},
): Promise<AnnouncementListItem[]> {
  const rows = await ctx.db.announcement.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    take: options.limit ?? 100,
  });
  return rows.map((a) => ({
    id: a.id,
    title: a.title,
    status: a.status,
    recipients: a.recipientCount,
    sent: a.sentCount,
    failed: a.failedCount,
    sendAt: a.sendAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    createdBy: a.createdBy,
    workflowId: a.workflowId,
  }));
}

/**
 * Waits until the announcement is finished (completed, cancelled or failed), polling its status;
 * each change of progress is one step ("running: 3/40 已发送 / sent, 0 失败 / failed").
 */
export async function waitForAnnouncement(
  ctx: Pick<AnnouncementContext, 'db' | 'temporal' | 'timeZone'>,
  id: string,
  progress?: Progress,
  pollMs = 500,
): Promise<AnnouncementStatusView> {
  const say = progressOf(progress);
  let last = '';
  for (;;) {
    const v = await announcementStatus(ctx, id);
    const waiting = v.live?.waitingUntil
      ? `，等待至 / waiting until ${formatZoned(new Date(v.live.waitingUntil), ctx.timeZone)}`
      : '';
    const step = `${v.status}: ${v.sent}/${v.recipients} 已发送 / sent, ${v.failed} 失败 / failed${waiting}`;
    if (step !== last) say(step);
    last = step;
    if (FINISHED.includes(v.status)) return v;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
