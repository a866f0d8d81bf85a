/**
 * Progress of a cohort training program (雏雁 new hires, 头雁 leaders), read from the database:
 * per member, the cohort's series completed, class hours attended against those required, and a
 * status; per agency (the member's unit), the same summed. Tables for XLSX or CSV.
 */
import type { Db } from '../db';
import type { Table } from '../registry/table';
import { completionOf, type AttendanceStatus } from '../../workflows/rules/courseRules';
import { parseJson } from '../db';

/**
 * completed: every series of the cohort completed; behind: some series cannot be completed any
 * more with the sessions left (too many hours or a required session missed); waitlisted: waiting
 * for a place; withdrawn: withdrawn from (or never enrolled in) a series not completed;
 * in_progress: the rest.
 */
export type MemberStatus = 'completed' | 'in_progress' | 'behind' | 'waitlisted' | 'withdrawn';
export const MEMBER_STATUSES: readonly MemberStatus[] = [
  'completed',
  'in_progress',
  'behind',
  'waitlisted',
  'withdrawn',
];
const STATUS_ZH: Record<MemberStatus, string> = {
  completed: '已结业',
  in_progress: '学习中',
  behind: '进度落后',
  waitlisted: '候补中',
  withdrawn: '已退出',
};

export interface MemberSeriesProgress {
  seriesId: string;
  /** enrolled | waitlisted | withdrawn | none */
  enrolment: string;
  attendedTenths: number;
  requiredTenths: number;
  completed: boolean;
}

export interface MemberProgress {
  personId: string;
  name: string;
  unitId: string;
  unitName: string;
  seriesCompleted: number;
  seriesTotal: number;
  attendedTenths: number;
  requiredTenths: number;
  status: MemberStatus;
  series: MemberSeriesProgress[];
}

export type AgencyProgress = Record<MemberStatus, number> & {
  unitId: string;
  unitName: string;
  members: number;
  attendedTenths: number;
  requiredTenths: number;
};

export interface CohortProgress {
  cohortId: string;
  title: string;
  kind: string;
  series: { seriesId: string; title: string; requiredTenths: number }[];
  members: MemberProgress[];
  agencies: AgencyProgress[];
}

/** The cohort's progress as of `on`; undefined when there is no such cohort. */
export async function cohortProgress(
  db: Db,
  cohortId: string,
  on: Date,
): Promise<CohortProgress | undefined> {
  const cohort = await db.cohort.findUnique({
    where: { id: cohortId },
    include: { members: true, series: { orderBy: { position: 'asc' } } },
  });
  if (!cohort) return undefined;
  const seriesIds = cohort.series.map((s) => s.seriesId);
  const personIds = cohort.members.map((m) => m.personId);
  const [series, people, enrolments, attendance, completions] = await Promise.all([
    db.courseSeries.findMany({ where: { id: { in: seriesIds } }, include: { sessions: true } }),
    db.person.findMany({
      where: { id: { in: personIds } },
      select: { id: true, name: true, unitId: true, unit: { select: { name: true } } },
    }),
    db.courseEnrolment.findMany({
      where: { seriesId: { in: seriesIds }, personId: { in: personIds } },
      select: { seriesId: true, personId: true, status: true },
    }),
    db.courseAttendance.findMany({
      where: { seriesId: { in: seriesIds }, personId: { in: personIds } },
      select: { seriesId: true, sessionId: true, personId: true, status: true },
    }),
    db.courseCompletion.findMany({
      where: { seriesId: { in: seriesIds }, personId: { in: personIds }, revokedAt: null },
      select: { seriesId: true, personId: true },
    }),
  ]);
  const byId = new Map(series.map((s) => [s.id, s]));
  const ordered = seriesIds.map((id) => byId.get(id)!).filter(Boolean);
  const key = (seriesId: string, personId: string) => `${seriesId}\u0000${personId}`;
  const enrolmentOf = new Map(enrolments.map((e) => [key(e.seriesId, e.personId), e.status]));
  const done = new Set(completions.map((c) => key(c.seriesId, c.personId)));
  const marks = new Map<string, Record<string, AttendanceStatus>>();
  for (const a of attendance) {
    const k = key(a.seriesId, a.personId);
    const m = marks.get(k) ?? {};
    m[a.sessionId] = a.status as AttendanceStatus;
    marks.set(k, m);
  }
  const members: MemberProgress[] = people
    .sort((a, b) => a.unitId.localeCompare(b.unitId) || a.id.localeCompare(b.id))
    .map((p) => {
      let behind = false;
      const progress = ordered.map((s): MemberSeriesProgress => {
        const k = key(s.id, p.id);
        const criteria = {
          minTenths: s.minTenths,
          requiredSessions: parseJson<string[]>(s.requiredSessions, `course ${s.id} sessions`),
        };
        const c = completionOf(criteria, s.sessions, marks.get(k) ?? {});
        const completed = done.has(k);
        if (!completed) {
          const ahead = s.sessions.filter((x) => x.status !== 'cancelled' && x.startsAt > on);
          const reachable =
            c.attendedTenths + ahead.reduce((n, x) => n + x.hoursTenths, 0) >= s.minTenths;
          const missedForGood = c.missingRequired.some(
            (id) => !ahead.some((x) => x.sessionId === id),
          );
          if (!reachable || missedForGood) behind = true;
        }
        return {
          seriesId: s.id,
          enrolment: enrolmentOf.get(k) ?? 'none',
          attendedTenths: c.attendedTenths,
          requiredTenths: s.minTenths,
          completed,
        };
      });
      const open = progress.filter((x) => !x.completed);
      const status: MemberStatus = !open.length
        ? 'completed'
        : open.some((x) => x.enrolment === 'withdrawn' || x.enrolment === 'none')
          ? 'withdrawn'
          : open.some((x) => x.enrolment === 'waitlisted')
            ? 'waitlisted'
            : behind
              ? 'behind'
              : 'in_progress';
      return {
        personId: p.id,
        name: p.name,
        unitId: p.unitId,
        unitName: p.unit.name,
        seriesCompleted: progress.length - open.length,
        seriesTotal: progress.length,
        attendedTenths: progress.reduce((n, x) => n + x.attendedTenths, 0),
        requiredTenths: progress.reduce((n, x) => n + x.requiredTenths, 0),
        status,
        series: progress,
      };
    });
  const agencies = new Map<string, AgencyProgress>();
  for (const m of members) {
    const a = agencies.get(m.unitId) ?? {
      unitId: m.unitId,
      unitName: m.unitName,
      members: 0,
      attendedTenths: 0,
      requiredTenths: 0,
      ...(Object.fromEntries(MEMBER_STATUSES.map((s) => [s, 0])) as Record<MemberStatus, number>),
    };
    a.members++;
    a.attendedTenths += m.attendedTenths;
    a.requiredTenths += m.requiredTenths;
    a[m.status]++;
    agencies.set(m.unitId, a);
  }
  return {
    cohortId: cohort.id,
    title: cohort.title,
    kind: cohort.kind,
    series: ordered.map((s) => ({ seriesId: s.id, title: s.title, requiredTenths: s.minTenths })),
    members,
    agencies: [...agencies.values()],
  };
}

const pct = (n: number, d: number) => (d ? Math.round((1000 * n) / d) / 10 : 0);

export function cohortMemberTable(p: CohortProgress): Table {
  return {
    title: '成员进度',
    headers: [
      '人员编号',
      '姓名',
      '单位编号',
      '单位',
      ...p.series.map((s) => `${s.title}（学时）`),
      '已结业课程',
      '课程数',
      '已修学时',
      '要求学时',
      '状态',
    ],
    rows: p.members.map((m) => [
      m.personId,
      m.name,
      m.unitId,
      m.unitName,
      ...m.series.map((s) => s.attendedTenths / 10),
      m.seriesCompleted,
      m.seriesTotal,
      m.attendedTenths / 10,
      m.requiredTenths / 10,
      STATUS_ZH[m.status],
    ]),
  };
}

export function cohortAgencyTable(p: CohortProgress): Table {
  return {
    title: '机构汇总',
    headers: [
      '单位编号',
      '单位',
      '人数',
      ...MEMBER_STATUSES.map((s) => STATUS_ZH[s]),
      '结业率%',
      '已修学时',
      '要求学时',
    ],
    rows: p.agencies.map((a) => [
      a.unitId,
      a.unitName,
      a.members,
      ...MEMBER_STATUSES.map((s) => a[s]),
      pct(a.completed, a.members),
      a.attendedTenths / 10,
      a.requiredTenths / 10,
    ]),
  };
}
