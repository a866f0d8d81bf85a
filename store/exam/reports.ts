/**
 * An exam mobilization campaign's report (动员成效): the funnel per unit and for the whole
 * subtree — mobilized, registered, attended prep classes (people and hours), sat the exam,
 * passed — the pass rate, and the certification rate (持证率) before the campaign and now,
 * judged against the campaign's targets. Read from the system of record, not from workflow
 * state: "sat" is having a result in the campaign's exam year, "passed" is the pass rules'
 * verdict for that year; prep hours are attended sessions of the course series the campaign's
 * classes reference (`classes[].seriesId`), 0 when none does. Units roll up the organisation tree.
 */
import type { Db } from '../db';
import { certificationRate, rate, rollUp, type RateRow, type UnitRow } from '../registry/reports';
import { subtree, type OrgNode } from '../registry/subtree';
import type { Table } from '../registry/table';
import { ATTENDED } from '../../workflows/rules/courseRules';
import { EXAM_RULES, examVerdict, type ExamLevel } from '../../workflows/rules/examRules';
import { NotFound } from '../../common/errors';

export interface Funnel {
  mobilized: number;
  registered: number;
  /** People with at least one attended prep session. */
  attendedPrep: number;
  /** Attended prep class hours summed over people, in tenths. */
  prepHoursTenths: number;
  sat: number;
  passed: number;
}

const emptyFunnel = (): Funnel => ({
  mobilized: 0,
  registered: 0,
  attendedPrep: 0,
  prepHoursTenths: 0,
  sat: 0,
  passed: 0,
});

function addFunnel(into: Funnel, from: Funnel): Funnel {
  for (const k of Object.keys(into) as (keyof Funnel)[]) into[k] += from[k];
  return into;
}

export interface ReportRow extends Funnel {
  id: string;
  name: string;
  kind: string;
  prepHours: number;
  /** passed / sat, 0 when nobody sat. */
  passRate: number;
  /** Active people of the unit's subtree (the certification rate's denominator). */
  people: number;
  certifiedBefore: number;
  certified: number;
  rateBefore: number;
  rateNow: number;
  /** Percentage points. */
  change: number;
  summary: string;
  summaryEn: string;
}

export interface TargetCheck {
  target: number;
  actual: number;
  met: boolean;
}

export interface ExamReport {
  campaign: { id: string; name: string; examYear: number; levels: string[]; status: string };
  unit: { id: string; name: string; kind: string };
  /** The campaign's start: the certification rate "before". */
  since: string;
  asOf: string;
  seriesIds: string[];
  total: ReportRow;
  children: ReportRow[];
  targets: {
    registrations?: TargetCheck;
    passes?: TargetCheck;
    /** Percentage points of certification-rate change. */
    certificationRateChange?: TargetCheck;
  };
}

interface StoredDefinition {
  levels: ExamLevel[];
  cohort: { unitIds: string[] };
  classes?: { seriesId?: string }[];
  targets?: { registrations?: number; passes?: number; certificationRateChange?: number };
}

/** The deepest organisation whose subtree holds all the given units. */
function commonAncestor(orgs: OrgNode[], unitIds: string[]): OrgNode | undefined {
  const paths = unitIds.map((id) => orgs.find((o) => o.id === id)?.path).filter(Boolean);
  if (!paths.length) return undefined;
  return orgs
    .filter((o) => paths.every((p) => p!.startsWith(o.path)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

const REGISTERED = new Set(['registered', 'passed', 'failed']);

export async function examReport(
  db: Db,
  options: { campaignId: string; unitId?: string; asOf?: Date },
): Promise<ExamReport> {
  const campaign = await db.examCampaign.findUnique({ where: { id: options.campaignId } });
  if (!campaign)
    throw new NotFound(
      `没有报考动员“${options.campaignId}” / no exam campaign "${options.campaignId}"`,
    );
  const def = JSON.parse(campaign.definition) as StoredDefinition;
  const asOf = options.asOf ?? new Date();

  let root: OrgNode | undefined;
  let orgs: OrgNode[];
  if (options.unitId) ({ root, orgs } = await subtree(db, options.unitId));
  else {
    const all = (await subtree(db)).orgs;
    root = commonAncestor(all, def.cohort.unitIds);
    orgs = root ? all.filter((o) => o.path.startsWith(root!.path)) : [];
  }
  if (!root)
    throw new NotFound(
      `报考动员“${campaign.id}”未包含已知单位 / campaign "${campaign.id}" names no known unit`,
    );
  const inTree = new Set(orgs.map((o) => o.id));

  const participants = (
    await db.examParticipant.findMany({
      where: { campaignId: campaign.id },
      select: {
        personId: true,
        status: true,
        registeredAt: true,
        person: { select: { unitId: true } },
      },
    })
  ).filter((p) => inTree.has(p.person.unitId));
  const unitOf = new Map(participants.map((p) => [p.personId, p.person.unitId]));

  const seriesIds = [
    ...new Set((def.classes ?? []).map((c) => c.seriesId).filter((s): s is string => !!s)),
  ];
  const attendance = seriesIds.length
    ? await db.courseAttendance.findMany({
        where: { seriesId: { in: seriesIds }, status: { in: [...ATTENDED] } },
        select: { personId: true, session: { select: { hoursTenths: true } } },
      })
    : [];
  const results = await db.examSubjectResult.findMany({
    where: { examYear: { lte: campaign.examYear }, level: { in: def.levels } },
    select: { personId: true, examYear: true, subject: true, score: true, level: true },
  });

  const perUnit = new Map<string, Funnel>();
  const funnelOf = (personId: string): Funnel | undefined => {
    const unit = unitOf.get(personId);
    if (unit === undefined) return undefined;
    let f = perUnit.get(unit);
    if (!f) perUnit.set(unit, (f = emptyFunnel()));
    return f;
  };
  for (const p of participants) {
    const f = funnelOf(p.personId)!;
    f.mobilized++;
    if (p.registeredAt || REGISTERED.has(p.status)) f.registered++;
  }
  const hours = new Map<string, number>();
  for (const a of attendance)
    if (unitOf.has(a.personId))
      hours.set(a.personId, (hours.get(a.personId) ?? 0) + a.session.hoursTenths);
  for (const [personId, tenths] of hours) {
    const f = funnelOf(personId)!;
    f.attendedPrep++;
    f.prepHoursTenths += tenths;
  }
  const byPerson = new Map<string, typeof results>();
  for (const r of results)
    if (unitOf.has(r.personId)) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  for (const [personId, mine] of byPerson) {
    if (!mine.some((r) => r.examYear === campaign.examYear)) continue;
    const f = funnelOf(personId)!;
    f.sat++;
    const passed = def.levels.some((level) => {
      const v = examVerdict(
        level,
        mine.filter((r) => r.level === level && EXAM_RULES[level].subjects.includes(r.subject)),
        campaign.examYear,
      );
      return v.passed && v.certifiedYear === campaign.examYear;
    });
    if (passed) f.passed++;
  }

  const { total, children } = rollUp(orgs, root, perUnit, emptyFunnel, addFunnel);
  const change = def.targets?.certificationRateChange;
  const rates = await certificationRate(db, {
    unitId: root.id,
    since: campaign.createdAt,
    asOf,
    ...(change !== undefined ? { target: { change } } : {}),
  });
  const rateRows = new Map<string, RateRow>([rates.unit, ...rates.children].map((r) => [r.id, r]));
  const row = (u: UnitRow<Funnel>): ReportRow => {
    const r = rateRows.get(u.id)!;
    const points = r.verdict.change ?? 0;
    const rateBefore = r.verdict.rate - points / 100;
    return {
      id: u.id,
      name: u.name,
      kind: u.kind,
      ...u.value,
      prepHours: u.value.prepHoursTenths / 10,
      passRate: rate(u.value.passed, u.value.sat),
      people: r.people,
      certifiedBefore: Math.round(rateBefore * r.people),
      certified: r.certified,
      rateBefore,
      rateNow: r.verdict.rate,
      change: points,
      summary: r.verdict.summary,
      summaryEn: r.verdict.summaryEn,
    };
  };
  const totalRow = row(total);
  const check = (target: number | undefined, actual: number) =>
    target === undefined ? undefined : { target, actual, met: actual >= target - 1e-9 };
  const targets = {
    registrations: check(def.targets?.registrations, totalRow.registered),
    passes: check(def.targets?.passes, totalRow.passed),
    certificationRateChange: check(change, totalRow.change),
  };
  return {
    campaign: {
      id: campaign.id,
      name: campaign.name,
      examYear: campaign.examYear,
      levels: def.levels,
      status: campaign.status,
    },
    unit: { id: root.id, name: root.name, kind: root.kind },
    since: campaign.createdAt.toISOString(),
    asOf: asOf.toISOString(),
    seriesIds,
    total: totalRow,
    children: children.map(row),
    targets: Object.fromEntries(Object.entries(targets).filter(([, v]) => v !== undefined)),
  };
}

const pct = (r: number) => Number((r * 100).toFixed(1));

/** One row per unit and a total row, for XLSX or CSV. */
export function examReportTable(r: ExamReport): Table {
  const headers = [
    '单位编号',
    '单位',
    '动员人数',
    '报名人数',
    '参加辅导人数',
    '辅导课时',
    '参考人数',
    '通过人数',
    '通过率(%)',
    '在册人数',
    '动员前持证率(%)',
    '当前持证率(%)',
    '变化(百分点)',
    '结论',
  ];
  const line = (u: ReportRow, name = u.name) => [
    u.id,
    name,
    u.mobilized,
    u.registered,
    u.attendedPrep,
    u.prepHours,
    u.sat,
    u.passed,
    pct(u.passRate),
    u.people,
    pct(u.rateBefore),
    pct(u.rateNow),
    Number(u.change.toFixed(1)),
    u.summary,
  ];
  return {
    title: `${r.campaign.name}成效`,
    headers,
    rows: [...r.children.map((u) => line(u)), line(r.total, `${r.total.name}（合计）`)],
  };
}
