/**
 * The programs under way, for the console's dashboard and lists: exam campaigns, course series,
 * censuses and mentoring programs, each with its counts by status and its progress
 * (workflows/rules/programProgress.ts). Read from the system of record, so it costs no workflow
 * query and can be polled.
 */
import type { Db } from '../../../store/db';
import {
  programProgress,
  type ProgramKind,
  type Progress,
} from '../../../workflows/rules/programProgress';

export interface ProgramSummary {
  kind: ProgramKind;
  id: string;
  title: string;
  status: string;
  createdBy: string;
  createdAt: string;
  counts: Record<string, number>;
  progress: Progress;
}

/** Statuses of a program still under way (the rest are finished: closed, completed, cancelled). */
const LIVE = ['running', 'paused', 'launching'];

const countsOf = (groups: { status: string; _count: { _all: number } }[]) =>
  Object.fromEntries(groups.map((g) => [g.status, g._count._all]));

function summary(
  kind: ProgramKind,
  p: { id: string; status: string; createdBy: string; createdAt: Date },
  title: string,
  counts: Record<string, number>,
): ProgramSummary {
  return {
    kind,
    id: p.id,
    title,
    status: p.status,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    counts,
    progress: programProgress(kind, counts),
  };
}

async function exams(db: Db, where: object): Promise<ProgramSummary[]> {
  const rows = await db.examCampaign.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (c) => {
      const g = await db.examParticipant.groupBy({
        by: ['status'],
        where: { campaignId: c.id },
        _count: { _all: true },
      });
      return summary('exam', c, c.name, countsOf(g));
    }),
  );
}

async function courses(db: Db, where: object): Promise<ProgramSummary[]> {
  const rows = await db.courseSeries.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (s) => {
      const [g, completed] = await Promise.all([
        db.courseEnrolment.groupBy({
          by: ['status'],
          where: { seriesId: s.id },
          _count: { _all: true },
        }),
        db.courseCompletion.count({ where: { seriesId: s.id, revokedAt: null } }),
      ]);
      const counts = countsOf(g);
      // Completions are people still enrolled: show them apart from those still learning.
      counts.enrolled = Math.max(0, (counts.enrolled ?? 0) - completed);
      counts.completed = completed;
      return summary('course', s, s.title, counts);
    }),
  );
}

async function censuses(db: Db, where: object): Promise<ProgramSummary[]> {
  const rows = await db.censusCampaign.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (c) => {
      const g = await db.censusCampaignUnit.groupBy({
        by: ['status'],
        where: { censusId: c.id },
        _count: { _all: true },
      });
      return summary('census', c, c.title, countsOf(g));
    }),
  );
}

async function mentoring(db: Db, where: object): Promise<ProgramSummary[]> {
  const rows = await db.mentoringProgram.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (m) => {
      const g = await db.mentoringPair.groupBy({
        by: ['status'],
        where: { programId: m.id },
        _count: { _all: true },
      });
      return summary('mentoring', m, m.title, countsOf(g));
    }),
  );
}

const LISTS: Record<ProgramKind, (db: Db, where: object) => Promise<ProgramSummary[]>> = {
  exam: exams,
  course: courses,
  census: censuses,
  mentoring,
};

/** Programs of the kinds asked (all by default); only those under way unless `all`. */
export async function listPrograms(
  ctx: { db: Db },
  filter: { kind?: ProgramKind; all?: boolean } = {},
): Promise<ProgramSummary[]> {
  const where = filter.all ? {} : { status: { in: LIVE } };
  const kinds = filter.kind ? [filter.kind] : (Object.keys(LISTS) as ProgramKind[]);
  const lists = await Promise.all(kinds.map((k) => LISTS[k](ctx.db, where)));
  return lists.flat();
}
