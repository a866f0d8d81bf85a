/**
 * Census campaign operations (人才资源库普查) for coordinators, shared by the CLI and the HTTP API:
 * start a census of units with a deadline, take a unit's roster as its submission, read progress.
 * Input is checked before anything is written or started.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../../store/db';
import type { census } from '../../../workflows/census/census';
import {
  censusProgressQuery,
  censusSubmittedSignal,
  censusUnitWorkflowId,
  censusWorkflowId,
  type CensusProgress,
  type CensusUnitStatus,
} from '../../../workflows/census/signals';
import { censusCounts } from '../../../workflows/rules/censusCounts';
import { parseOffset } from '../../../workflows/rules/reminders';
import type { QuietHours } from '../../../workflows/rules/quietHours';
import {
  importRoster,
  type ImportRosterRequest,
  type ImportRosterResult,
} from '../registry/registry';
import { InputError, NotFound } from '../../../common/errors';
import { isBusinessId } from '../../../workflows/rules/ids';
import { parseInstant } from '../../../workflows/rules/timeInput';
import { formatZonedNamed } from '../../../workflows/rules/zonedTime';
import { rejectExisting, startRecorded } from '../startRecorded';

export interface CensusContext {
  db: Db;
  config?: { timeZone: string };
  temporal: Client;
  taskQueue: string;
  timeZone: string;
  quietHours: QuietHours | null;
  now?: () => Date;
}

export interface StartCensusRequest {
  id: string;
  title: string;
  unitIds: string[];
  /** ISO 8601 instant. */
  deadline: string;
  /** Before the deadline; default 7d, 3d, 1d. */
  reminderOffsets?: string[];
  /** The person escalations and the final report go to. */
  coordinatorId: string;
  /** unitId → person id; by default the unit's first active coordinator, else supervisor. */
  contacts?: Record<string, string>;
  createdBy: string;
}

export const DEFAULT_CENSUS_REMINDERS = ['7d', '3d', '1d'];
const CONTACT_ROLES = ['coordinator', 'supervisor'];

async function unitContacts(db: Db, unitIds: string[], given: Record<string, string>) {
  const units = await db.organisation.findMany({ where: { id: { in: unitIds } } });
  const unknown = unitIds.filter((id) => !units.some((u) => u.id === id));
  if (unknown.length)
    throw new InputError(
      `未知单位编号：${unknown.join('、')} / unknown unit id(s): ${unknown.join(', ')}`,
    );
  const candidates = await db.person.findMany({
    where: { unitId: { in: unitIds }, active: true, role: { in: CONTACT_ROLES } },
    orderBy: { id: 'asc' },
    select: { id: true, unitId: true, role: true },
  });
  return unitIds.map((unitId) => {
    const contactId =
      given[unitId] ??
      CONTACT_ROLES.map((r) => candidates.find((p) => p.unitId === unitId && p.role === r)).find(
        Boolean,
      )?.id;
    if (!contactId)
      throw new InputError(
        `单位 ${unitId} 没有联系人：请指定一位，或先为该单位登记协调员或督导 / unit ${unitId} has no contact: give one, or record a coordinator or supervisor there`,
      );
    return { unitId, contactId };
  });
}

export async function startCensus(
  ctx: CensusContext,
  req: StartCensusRequest,
): Promise<{ id: string; workflowId: string; units: number }> {
  if (!isBusinessId(req.id))
    throw new InputError(
      `编号“${req.id}”须为 1–100 个字母、数字、点、横线或下划线 / id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`,
    );
  if (!req.title.trim()) throw new InputError('名称为空 / title is empty');
  if (!req.unitIds.length) throw new InputError('未指定单位 / unitIds names no units');
  const deadline = parseInstant(req.deadline, ctx.timeZone, 'deadline');
  if (deadline.getTime() <= (ctx.now?.() ?? new Date()).getTime())
    throw new InputError(
      `截止时间 deadline ${formatZonedNamed(deadline, ctx.timeZone)} 已过 / is in the past`,
    );
  const offsets = req.reminderOffsets ?? DEFAULT_CENSUS_REMINDERS;
  for (const o of offsets) {
    try {
      parseOffset(o);
    } catch (e) {
      throw new InputError((e as Error).message);
    }
  }
  const coordinator = await ctx.db.person.findUnique({ where: { id: req.coordinatorId } });
  if (!coordinator)
    throw new InputError(`未知协调人编号 / unknown coordinator person id: ${req.coordinatorId}`);
  const contacts = req.contacts ?? {};
  const unknownContacts = Object.values(contacts).filter(Boolean);
  const found = await ctx.db.person.findMany({ where: { id: { in: unknownContacts } } });
  const missing = unknownContacts.filter((id) => !found.some((p) => p.id === id));
  if (missing.length)
    throw new InputError(
      `未知联系人编号：${missing.join('、')} / unknown contact person id(s): ${missing.join(', ')}`,
    );
  const units = await unitContacts(ctx.db, [...new Set(req.unitIds)], contacts);
  rejectExisting(
    await ctx.db.censusCampaign.findUnique({ where: { id: req.id } }),
    `普查“${req.id}”已存在 / census "${req.id}" already exists`,
  );

  const workflowId = censusWorkflowId(req.id);
  await startRecorded({
    workflowId,
    create: () =>
      ctx.db.censusCampaign.create({
        data: {
          id: req.id,
          title: req.title,
          deadline,
          timeZone: ctx.timeZone,
          coordinatorId: req.coordinatorId,
          reminderOffsets: JSON.stringify(offsets),
          status: 'running',
          workflowId,
          createdBy: req.createdBy,
          units: {
            create: units.map((u) => ({
              unitId: u.unitId,
              contactId: u.contactId,
              status: 'pending',
            })),
          },
        },
      }),
    start: () =>
      ctx.temporal.workflow.start<typeof census>('census', {
        taskQueue: ctx.taskQueue,
        workflowId,
        args: [
          {
            censusId: req.id,
            units,
            coordinatorId: req.coordinatorId,
            deadline: deadline.toISOString(),
            reminderOffsets: offsets,
            timeZone: ctx.timeZone,
            quietHours: ctx.quietHours,
          },
        ],
      }),
    remove: () => ctx.db.censusCampaign.delete({ where: { id: req.id } }),
  });
  return { id: req.id, workflowId, units: units.length };
}

export interface CensusSubmitRequest extends Omit<ImportRosterRequest, 'commit'> {
  censusId: string;
  unitId: string;
}

/**
 * A unit's submission: its roster is imported (committed; with `strict`, all or nothing) and the
 * unit's census workflow is told. A roster with problems is reported and not counted as submitted.
 */
export async function submitCensus(
  ctx: CensusContext,
  req: CensusSubmitRequest,
): Promise<{ import: ImportRosterResult; status: string }> {
  const unit = await ctx.db.censusCampaignUnit.findUnique({
    where: { censusId_unitId: { censusId: req.censusId, unitId: req.unitId } },
  });
  if (!unit)
    throw new NotFound(
      `单位 ${req.unitId} 不在普查“${req.censusId}”范围内 / unit ${req.unitId} is not part of census "${req.censusId}"`,
    );
  const result = await importRoster(ctx, { ...req, commit: true });
  const written = result.counts.create + result.counts.update + result.counts.unchanged;
  if (!result.committed || written === 0)
    return { import: result, status: 'not submitted: the roster has no valid rows' };
  const unitKey = { censusId_unitId: { censusId: req.censusId, unitId: req.unitId } };
  try {
    // The workflow hears how many rows; who submitted goes to the unit's row only.
    await ctx.temporal.workflow
      .getHandle(censusUnitWorkflowId(req.censusId, req.unitId))
      .signal(censusSubmittedSignal, { rows: written });
    await ctx.db.censusCampaignUnit.update({
      where: unitKey,
      data: { submittedBy: req.recordedBy },
    });
    return { import: result, status: 'submitted' };
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError)) throw e;
    // The unit's window has closed: keep the late submission on record, and the unit counts as
    // reported late from now on.
    await ctx.db.censusCampaignUnit.update({
      where: unitKey,
      data: {
        rows: written,
        submittedBy: req.recordedBy,
        submittedAt: new Date(),
        status: 'reported_late',
      },
    });
    return { import: result, status: 'submitted late (after the deadline)' };
  }
}

export async function censusProgress(
  ctx: Pick<CensusContext, 'db' | 'temporal'>,
  id: string,
): Promise<CensusProgress & { id: string; title: string; deadline: string }> {
  const c = await ctx.db.censusCampaign.findUnique({
    where: { id },
    include: { units: { orderBy: { unitId: 'asc' } } },
  });
  if (!c) throw new NotFound(`没有普查“${id}” / no census "${id}"`);
  const live = await ctx.temporal.workflow
    .getHandle(c.workflowId)
    .query(censusProgressQuery)
    .catch(() => undefined);
  // A finished census answers with its state at the end; late rosters since are in the database.
  const counts =
    (live?.status === 'running' ? live : undefined) ??
    censusCounts(Object.fromEntries(c.units.map((u) => [u.unitId, u.status as CensusUnitStatus])));
  return { id: c.id, title: c.title, deadline: c.deadline.toISOString(), ...counts };
}
