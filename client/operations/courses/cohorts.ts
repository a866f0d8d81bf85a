/**
 * Cohort training programs (雏雁 new-hire cohorts, 头雁 leaders) for coordinators, shared by the
 * CLI and the HTTP API: a cohort of people from several agencies follows a set of course series;
 * its members are enrolled in each series through the series' own enrolment (capacity, then the
 * waitlist). The progress report shows each member and each agency, as data or XLSX / CSV.
 */
import type { SheetFormat } from '../../../store/registry/roster/read';
import { CONTENT_TYPES, writeTables } from '../../../store/registry/table';
import {
  cohortAgencyTable,
  cohortMemberTable,
  cohortProgress,
  type CohortProgress,
} from '../../../store/courses/cohortProgress';
import { peopleOf, type EnrolResult } from '../../../store/courses/enrolment';
import { enrol } from './enrolment';
import type { CourseContext } from './courseContext';
import { InputError, NotFound, Conflict } from '../../../common/errors';
import { BUSINESS_ID } from '../../../workflows/rules/ids';

export const COHORT_KINDS = ['new_hire', 'leader', 'other'] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];

export interface CreateCohortRequest {
  id: string;
  title: string;
  /** new_hire (雏雁) | leader (头雁) | other */
  kind: CohortKind;
  coordinatorId: string;
  /** The course series the cohort follows, in order. */
  seriesIds: string[];
  personIds?: string[];
  /** Every active person of these units (and their sub-units) joins. */
  unitIds?: string[];
  createdBy: string;
}

export interface CohortEnrolment {
  members: number;
  /** Per series: who was enrolled, waitlisted, or already there. */
  series: ({ seriesId: string } & EnrolResult)[];
}

const ID = BUSINESS_ID;

async function cohortOf(ctx: CourseContext, id: string) {
  const c = await ctx.db.cohort.findUnique({
    where: { id },
    include: { series: { orderBy: { position: 'asc' } } },
  });
  if (!c) throw new NotFound(`没有梯队“${id}” / no cohort "${id}"`);
  if (c.status !== 'running')
    throw new Conflict(`梯队“${id}”已取消 / cohort "${id}" is ${c.status}`);
  return c;
}

/** The series exist and take enrolments; refused by id before anything is written. */
async function runningSeries(ctx: CourseContext, seriesIds: string[]): Promise<string[]> {
  const ids = [...new Set(seriesIds)];
  if (!ids.length) throw new InputError('未指定课程系列 / names no course series');
  const found = await ctx.db.courseSeries.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true },
  });
  for (const id of ids) {
    const s = found.find((x) => x.id === id);
    if (!s) throw new NotFound(`没有课程系列“${id}” / no course series "${id}"`);
    if (s.status !== 'running')
      throw new Conflict(`课程系列“${id}”已结束 / course series "${id}" is closed`);
  }
  return ids;
}

async function enrolAll(
  ctx: CourseContext,
  cohortId: string,
  seriesIds: string[],
  personIds: string[],
): Promise<CohortEnrolment['series']> {
  const out: CohortEnrolment['series'] = [];
  if (!personIds.length) return out;
  for (const seriesId of seriesIds)
    out.push({
      seriesId,
      ...(await enrol(ctx, { seriesId, personIds, enrolledBy: `cohort/${cohortId}` })),
    });
  return out;
}

/** Creates a cohort with its series and members, and enrols the members in every series. */
export async function createCohort(
  ctx: CourseContext,
  req: CreateCohortRequest,
): Promise<CohortEnrolment & { id: string }> {
  if (!ID.test(req.id ?? ''))
    throw new InputError(
      `编号“${req.id}”须为 1–100 个字母、数字、点、横线或下划线 / id "${req.id}" must be 1-100 letters, digits, dot, dash or underscore`,
    );
  if (!req.title?.trim()) throw new InputError('名称为空 / title is empty');
  if (!COHORT_KINDS.includes(req.kind))
    throw new InputError(
      `梯队类型“${req.kind as string}”须为 new_hire（雏雁）、leader（头雁）或 other（其他）/ kind "${req.kind as string}" must be one of ${COHORT_KINDS.join(', ')}`,
    );
  if (!(await ctx.db.person.findUnique({ where: { id: req.coordinatorId } })))
    throw new NotFound(`未知协调人编号 / unknown coordinator person id: ${req.coordinatorId}`);
  const seriesIds = await runningSeries(ctx, req.seriesIds ?? []);
  const personIds = await peopleOf(ctx.db, req);
  if (await ctx.db.cohort.findUnique({ where: { id: req.id } }))
    throw new Conflict(`梯队“${req.id}”已存在 / cohort "${req.id}" already exists`);
  await ctx.db.cohort.create({
    data: {
      id: req.id,
      title: req.title.trim(),
      kind: req.kind,
      coordinatorId: req.coordinatorId,
      createdBy: req.createdBy,
      series: { create: seriesIds.map((seriesId, position) => ({ seriesId, position })) },
      members: { create: personIds.map((personId) => ({ personId, addedBy: req.createdBy })) },
    },
  });
  return {
    id: req.id,
    members: personIds.length,
    series: await enrolAll(ctx, req.id, seriesIds, personIds),
  };
}

/** Adds members (people, or whole units) and enrols them in every series of the cohort. */
export async function addCohortMembers(
  ctx: CourseContext,
  req: { cohortId: string; personIds?: string[]; unitIds?: string[]; addedBy: string },
): Promise<CohortEnrolment & { added: string[] }> {
  const c = await cohortOf(ctx, req.cohortId);
  const seriesIds = await runningSeries(
    ctx,
    c.series.map((s) => s.seriesId),
  );
  const personIds = await peopleOf(ctx.db, req);
  if (!personIds.length) throw new InputError('未指定要增加的人 / names nobody to add');
  const existing = new Set(
    (
      await ctx.db.cohortMember.findMany({
        where: { cohortId: c.id, personId: { in: personIds } },
        select: { personId: true },
      })
    ).map((m) => m.personId),
  );
  const added = personIds.filter((p) => !existing.has(p));
  await ctx.db.cohortMember.createMany({
    data: added.map((personId) => ({ cohortId: c.id, personId, addedBy: req.addedBy })),
  });
  const members = await ctx.db.cohortMember.count({ where: { cohortId: c.id } });
  return { added, members, series: await enrolAll(ctx, c.id, seriesIds, personIds) };
}

/** Adds course series to the cohort and enrols every member in them. */
export async function addCohortSeries(
  ctx: CourseContext,
  req: { cohortId: string; seriesIds: string[] },
): Promise<CohortEnrolment> {
  const c = await cohortOf(ctx, req.cohortId);
  const fresh = (await runningSeries(ctx, req.seriesIds)).filter(
    (id) => !c.series.some((s) => s.seriesId === id),
  );
  const position = c.series.reduce((n, s) => Math.max(n, s.position + 1), 0);
  await ctx.db.cohortSeries.createMany({
    data: fresh.map((seriesId, i) => ({ cohortId: c.id, seriesId, position: position + i })),
  });
  const personIds = (
    await ctx.db.cohortMember.findMany({
      where: { cohortId: c.id },
      orderBy: { personId: 'asc' },
      select: { personId: true },
    })
  ).map((m) => m.personId);
  return { members: personIds.length, series: await enrolAll(ctx, c.id, fresh, personIds) };
}

/** Per member and per agency: series completed, class hours attended against required, status. */
export async function cohortReport(
  ctx: Pick<CourseContext, 'db' | 'now'>,
  cohortId: string,
): Promise<CohortProgress> {
  const p = await cohortProgress(ctx.db, cohortId, ctx.now?.() ?? new Date());
  if (!p) throw new NotFound(`没有梯队“${cohortId}” / no cohort "${cohortId}"`);
  return p;
}

/**
 * The progress report as a file: XLSX holds two sheets (成员进度 members, 机构汇总 agencies);
 * CSV one of them (`by`, default members).
 */
export async function exportCohortReport(
  ctx: Pick<CourseContext, 'db' | 'now'>,
  req: { cohortId: string; format?: SheetFormat; by?: 'member' | 'agency' },
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const format = req.format ?? 'xlsx';
  const p = await cohortReport(ctx, req.cohortId);
  const tables =
    format === 'xlsx'
      ? [cohortMemberTable(p), cohortAgencyTable(p)]
      : [req.by === 'agency' ? cohortAgencyTable(p) : cohortMemberTable(p)];
  return {
    fileName: `cohort-${p.cohortId}.${format}`,
    contentType: CONTENT_TYPES[format],
    bytes: await writeTables(tables, format),
  };
}

export interface CohortSummary {
  id: string;
  title: string;
  kind: string;
  status: string;
  members: number;
  seriesIds: string[];
  createdAt: string;
}

/** Every cohort, newest first, with its members counted and its series in order. */
export async function listCohorts(ctx: Pick<CourseContext, 'db'>): Promise<CohortSummary[]> {
  const rows = await ctx.db.cohort.findMany({
    orderBy: { createdAt: 'desc' },
    include: { series: { orderBy: { position: 'asc' } }, _count: { select: { members: true } } },
  });
  return rows.map((c) => ({
    id: c.id,
    title: c.title,
    kind: c.kind,
    status: c.status,
    members: c._count.members,
    seriesIds: c.series.map((s) => s.seriesId),
    createdAt: c.createdAt.toISOString(),
  }));
}
