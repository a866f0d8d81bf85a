/**
 * Reports on courses and continuing education, read from the database: person-times (人次) and
 * class hours (课时) per series, unit and year; CE standing per unit (compliant / on track /
 * behind / overdue). Tables for XLSX or CSV through activities/registry/table.ts.
 */
import type { Db } from '../db';
import type { Table } from '../registry/table';
import { ATTENDED } from '../../workflows/rules/courseRules';
import {
  ceHoursProblem,
  ceStanding,
  DEFAULT_CE_RULES,
  periodOf,
  type CeRules,
  type CeStanding,
} from '../../workflows/rules/continuingEducation';
import { localParts } from '../../workflows/rules/zonedTime';
import { LEVEL_RANK } from '../../workflows/rules/examRules';

export interface AttendanceFigure {
  seriesId: string;
  seriesTitle: string;
  unitId: string;
  unitName: string;
  year: number;
  personTimes: number;
  /** Attended class hours summed over people (tenths). */
  hoursTenths: number;
  /** Distinct people. */
  people: number;
}

/** Attended sessions (present or late) by series, the attendee's unit and the session's year. */
export async function attendanceFigures(
  db: Db,
  filter: { seriesId?: string; unitIds?: string[]; year?: number } = {},
): Promise<AttendanceFigure[]> {
  const rows = await db.courseAttendance.findMany({
    where: {
      status: { in: [...ATTENDED] },
      ...(filter.seriesId ? { seriesId: filter.seriesId } : {}),
    },
    select: {
      personId: true,
      seriesId: true,
      session: {
        select: {
          startsAt: true,
          hoursTenths: true,
          series: { select: { title: true, timeZone: true } },
        },
      },
    },
  });
  const people = await db.person.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.personId))] } },
    select: { id: true, unitId: true, unit: { select: { name: true } } },
  });
  const unitOf = new Map(people.map((p) => [p.id, p]));
  const figures = new Map<string, AttendanceFigure & { seen: Set<string> }>();
  for (const r of rows) {
    const p = unitOf.get(r.personId);
    if (!p || (filter.unitIds && !filter.unitIds.includes(p.unitId))) continue;
    const year = localParts(r.session.startsAt, r.session.series.timeZone).year;
    if (filter.year && year !== filter.year) continue;
    const key = `${r.seriesId}\u0000${p.unitId}\u0000${year}`;
    const f = figures.get(key) ?? {
      seriesId: r.seriesId,
      seriesTitle: r.session.series.title,
      unitId: p.unitId,
      unitName: p.unit.name,
      year,
      personTimes: 0,
      hoursTenths: 0,
      people: 0,
      seen: new Set<string>(),
    };
    f.personTimes++;
    f.hoursTenths += r.session.hoursTenths;
    f.seen.add(r.personId);
    figures.set(key, f);
  }
  return [...figures.values()]
    .map(({ seen, ...f }) => ({ ...f, people: seen.size }))
    .sort(
      (a, b) =>
        a.year - b.year || a.seriesId.localeCompare(b.seriesId) || a.unitId.localeCompare(b.unitId),
    );
}

export function attendanceTable(figures: AttendanceFigure[]): Table {
  return {
    title: '课程人次与课时',
    headers: ['年度', '课程编号', '课程', '单位编号', '单位', '人数', '人次', '课时'],
    rows: figures.map((f) => [
      f.year,
      f.seriesId,
      f.seriesTitle,
      f.unitId,
      f.unitName,
      f.people,
      f.personTimes,
      f.hoursTenths / 10,
    ]),
  };
}

export type CeCounts = Record<CeStanding, number> & {
  unitId: string;
  unitName: string;
  /** Registered at a level with no CE hours known (a district's level added without them). */
  no_hours: number;
};

/**
 * Each registered person's standing in the current period (highest level held), counted by
 * unit. A person whose last closed period was not compliant counts as overdue until their
 * current period is met. Levels count their hours from the vocabulary (a district's own levels
 * too); a level with none known counts apart, as no_hours.
 */
export async function ceCompliance(
  db: Db,
  on: Date,
  filter: { unitIds?: string[] } = {},
  rules: CeRules = DEFAULT_CE_RULES,
): Promise<CeCounts[]> {
  const certs = await db.certificate.findMany({
    where: {
      registeredOn: { not: null, lte: on },
      ...(filter.unitIds ? { person: { unitId: { in: filter.unitIds } } } : {}),
    },
    select: {
      personId: true,
      level: true,
      registeredOn: true,
      person: { select: { unitId: true, unit: { select: { name: true } } } },
    },
  });
  const best = new Map<string, (typeof certs)[number]>();
  for (const c of certs) {
    const b = best.get(c.personId);
    if (!b || (LEVEL_RANK[c.level] ?? 0) > (LEVEL_RANK[b.level] ?? 0)) best.set(c.personId, c);
  }
  const ids = [...best.keys()];
  const [records, outcomes] = await Promise.all([
    db.trainingRecord.findMany({
      where: { personId: { in: ids } },
      select: { personId: true, hoursTenths: true, recordedAt: true },
    }),
    db.cePeriodOutcome.findMany({
      where: { personId: { in: ids } },
      orderBy: { periodEnd: 'asc' },
    }),
  ]);
  const lastOutcome = new Map(outcomes.map((o) => [o.personId, o.outcome]));
  const byUnit = new Map<string, CeCounts>();
  for (const c of best.values()) {
    const period = periodOf(c.registeredOn!, on, rules);
    const earned = records
      .filter(
        (r) =>
          r.personId === c.personId && r.recordedAt >= period.start && r.recordedAt < period.end,
      )
      .reduce((n, r) => n + r.hoursTenths, 0);
    let standing: CeStanding | 'no_hours' = 'no_hours';
    if (!ceHoursProblem(c.level, rules)) {
      standing = ceStanding(c.level, earned, period, on, rules).standing;
      if (standing !== 'compliant' && lastOutcome.get(c.personId) === 'not_compliant')
        standing = 'overdue';
    }
    const u = byUnit.get(c.person.unitId) ?? {
      unitId: c.person.unitId,
      unitName: c.person.unit.name,
      compliant: 0,
      on_track: 0,
      behind: 0,
      overdue: 0,
      no_hours: 0,
    };
    u[standing]++;
    byUnit.set(c.person.unitId, u);
  }
  return [...byUnit.values()].sort((a, b) => a.unitId.localeCompare(b.unitId));
}

export function ceComplianceTable(rows: CeCounts[]): Table {
  return {
    title: '继续教育达标情况',
    headers: [
      '单位编号',
      '单位',
      '已达标',
      '进度正常',
      '进度落后',
      '逾期未达标',
      '等级未设学时',
      '合计',
    ],
    rows: rows.map((r) => [
      r.unitId,
      r.unitName,
      r.compliant,
      r.on_track,
      r.behind,
      r.overdue,
      r.no_hours,
      r.compliant + r.on_track + r.behind + r.overdue + r.no_hours,
    ]),
  };
}
