/**
 * A mentoring program's report (带教报表), from the database (the system of record): pairs by
 * status, closed pairs by reason, sessions, supervisors qualified, mentors' load, trainees'
 * lecture hours, one row per pair; and the same as sheets for XLSX/CSV.
 */
import type { Db } from '../db';
import type { Table } from '../registry/table';
import { lectureHours, lecturesOf } from './lectures';
import { OPEN_PAIR, programOf } from './programs';

export interface MentoringReport {
  programId: string;
  title: string;
  status: string;
  pairs: { active: number; atRisk: number; completed: number; closed: number };
  /** Closed pairs by reason: coordinator (closed by hand), inactive, not_qualified, … */
  closedReasons: Record<string, number>;
  sessions: { planned: number; held: number; missed: number };
  supervisorsQualified: number;
  mentorLoad: { mentorId: string; open: number; total: number; held: number }[];
  /** The lecture series of the plan and the class hours each trainee attended in them. */
  lectures: { series: string[]; trainees: { personId: string; hours: number }[] };
  rows: {
    pairId: string;
    menteeId: string;
    mentorId: string;
    previousMentors: string[];
    status: string;
    closedReason: string | null;
    closedBy: string | null;
    closedNote: string | null;
    planned: number;
    held: number;
    missed: number;
    midterm: number | null;
    final: number | null;
    lectureHours: number;
  }[];
}

/** Program health from the database (the system of record). */
export async function readMentoringReport(db: Db, programId: string): Promise<MentoringReport> {
  const p = await programOf(db, programId);
  const pairs = await db.mentoringPair.findMany({
    where: { programId },
    include: { evaluations: true },
    orderBy: { id: 'asc' },
  });
  const n = (s: string) => pairs.filter((x) => x.status === s).length;
  const sum = (f: (x: (typeof pairs)[number]) => number) => pairs.reduce((a, x) => a + f(x), 0);
  const qualified = await db.personQualification.count({
    where: { kind: 'supervisor', source: `mentoring/${programId}` },
  });
  const mentors = await db.mentoringMember.findMany({
    where: { programId, role: 'mentor' },
    orderBy: { personId: 'asc' },
  });
  const trainees = await db.mentoringMember.findMany({
    where: { programId, role: 'trainee' },
    orderBy: { personId: 'asc' },
  });
  const { series } = lecturesOf(p);
  const hours = await lectureHours(
    db,
    series,
    trainees.map((t) => t.personId),
  );
  const closedReasons: Record<string, number> = {};
  for (const x of pairs)
    if (x.status === 'closed') {
      const reason = x.closedReason ?? 'unknown';
      closedReasons[reason] = (closedReasons[reason] ?? 0) + 1;
    }
  const score = (x: (typeof pairs)[number], stage: string) =>
    x.evaluations.find((e) => e.stage === stage)?.overall ?? null;
  return {
    programId,
    title: p.title,
    status: p.status,
    pairs: {
      active: n('active'),
      atRisk: n('at_risk'),
      completed: n('completed'),
      closed: n('closed'),
    },
    closedReasons,
    sessions: {
      planned: sum((x) => x.sessionsPlanned),
      held: sum((x) => x.sessionsHeld),
      missed: sum((x) => x.sessionsMissed),
    },
    supervisorsQualified: qualified,
    mentorLoad: mentors.map((m) => {
      const mine = pairs.filter((x) => x.mentorId === m.personId);
      return {
        mentorId: m.personId,
        open: mine.filter((x) => OPEN_PAIR.includes(x.status)).length,
        total: mine.length,
        held: mine.reduce((a, x) => a + x.sessionsHeld, 0),
      };
    }),
    lectures: {
      series,
      trainees: trainees.map((t) => ({ personId: t.personId, hours: hours.get(t.personId)! })),
    },
    rows: pairs.map((x) => ({
      pairId: x.id,
      menteeId: x.menteeId,
      mentorId: x.mentorId,
      previousMentors: JSON.parse(x.previousMentors) as string[],
      status: x.status,
      closedReason: x.closedReason,
      closedBy: x.closedBy,
      closedNote: x.closedNote,
      planned: x.sessionsPlanned,
      held: x.sessionsHeld,
      missed: x.sessionsMissed,
      midterm: score(x, 'midterm'),
      final: score(x, 'final'),
      lectureHours: hours.get(x.menteeId) ?? 0,
    })),
  };
}

/** The report as sheets: pairs (with totals), mentors' load, trainees' lecture hours. */
export function mentoringTables(r: MentoringReport): Table[] {
  return [
    mentoringTable(r),
    {
      title: '导师负荷 mentor load',
      headers: ['导师 mentor', '进行中 open', '结对总数 total', '已开展 held'],
      rows: r.mentorLoad.map((m) => [m.mentorId, m.open, m.total, m.held]),
    },
    {
      title: '讲座学时 lecture hours',
      headers: ['学员 trainee', `讲座学时 lecture hours (${r.lectures.series.join(',') || '-'})`],
      rows: r.lectures.trainees.map((t) => [t.personId, t.hours]),
    },
  ];
}

export function mentoringTable(r: MentoringReport): Table {
  return {
    title: `带教 ${r.programId}`,
    headers: [
      '结对 pair',
      '学员 mentee',
      '导师 mentor',
      '原导师 previous mentors',
      '状态 status',
      '关闭原因 reason',
      '关闭说明 closure note',
      '计划 planned',
      '已开展 held',
      '缺席 missed',
      '中期 midterm',
      '结业 final',
      '讲座学时 lecture hours',
    ],
    rows: [
      ...r.rows.map((x) => [
        x.pairId,
        x.menteeId,
        x.mentorId,
        x.previousMentors.join(',') || null,
        x.status,
        x.closedReason,
        x.closedNote,
        x.planned,
        x.held,
        x.missed,
        x.midterm,
        x.final,
        x.lectureHours,
      ]),
      [
        `合计 total (督导合格 supervisors qualified: ${r.supervisorsQualified})`,
        null,
        null,
        null,
        `active ${r.pairs.active} / at risk ${r.pairs.atRisk} / completed ${r.pairs.completed} / closed ${r.pairs.closed}`,
        Object.entries(r.closedReasons)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || null,
        null,
        r.sessions.planned,
        r.sessions.held,
        r.sessions.missed,
        null,
        null,
        null,
      ],
    ],
  };
}
