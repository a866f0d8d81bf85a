/**
 * The programs under way, for the console's dashboard and lists: exam campaigns, course series,
 * censuses and mentoring programs, each with its counts by status and its progress
 * (workflows/rules/programProgress.ts). Read from the system of record, so it costs no workflow
 * query and can be polled. A unit coordinator's list holds only programs with people or units in
 * their reach, and every count is over those alone.
 */
import type { Db } from '../../../store/db';
import { personIdInScope, type Scope } from '../../../store/auth/scope';
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

/** What narrows a list: the programs' filter, and the rows of the people and units in reach. */
interface Narrowing {
  where: object;
  scope: Scope;
  people: { personId?: { in: string[] } };
}

async function exams(db: Db, { where, people }: Narrowing): Promise<ProgramSummary[]> {
  const rows = await db.examCampaign.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (c) => {
      const g = await db.examParticipant.groupBy({
        by: ['status'],
        where: { campaignId: c.id, ...people },
        _count: { _all: true },
      });
      return summary('exam', c, c.name, countsOf(g));
    }),
  );
}

async function courses(db: Db, { where, people }: Narrowing): Promise<ProgramSummary[]> {
  const rows = await db.courseSeries.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (s) => {
      const [g, completed] = await Promise.all([
        db.courseEnrolment.groupBy({
          by: ['status'],
          where: { seriesId: s.id, ...people },
          _count: { _all: true },
        }),
        db.courseCompletion.count({ where: { seriesId: s.id, revokedAt: null, ...people } }),
      ]);
      const counts = countsOf(g);
      // Completions are people still enrolled: show them apart from those still learning.
      counts.enrolled = Math.max(0, (counts.enrolled ?? 0) - completed);
      counts.completed = completed;
      return summary('course', s, s.title, counts);
    }),
  );
}

async function censuses(db: Db, { where, scope }: Narrowing): Promise<ProgramSummary[]> {
  const rows = await db.censusCampaign.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (c) => {
      const g = await db.censusCampaignUnit.groupBy({
        by: ['status'],
        where: {
          censusId: c.id,
          ...(scope && { unit: { OR: scope.map((p) => ({ path: { startsWith: p } })) } }),
        },
        _count: { _all: true },
      });
      return summary('census', c, c.title, countsOf(g));
    }),
  );
}

async function mentoring(db: Db, { where, people }: Narrowing): Promise<ProgramSummary[]> {
  const rows = await db.mentoringProgram.findMany({ where, orderBy: { createdAt: 'desc' } });
  return Promise.all(
    rows.map(async (m) => {
      const g = await db.mentoringPair.groupBy({
        by: ['status'],
        where: {
          programId: m.id,
          // A pair is a unit's when its mentee or its mentor works there.
          ...(people.personId && {
            OR: [{ menteeId: people.personId }, { mentorId: people.personId }],
          }),
        },
        _count: { _all: true },
      });
      return summary('mentoring', m, m.title, countsOf(g));
    }),
  );
}

const LISTS: Record<ProgramKind, (db: Db, n: Narrowing) => Promise<ProgramSummary[]>> = {
  exam: exams,
  course: courses,
  census: censuses,
  mentoring,
};

/**
 * Programs of the kinds asked (all by default); only those under way unless `all`. Within a
 * scope (a unit coordinator's units), programs with nobody in reach are left out.
 */
export async function listPrograms(
  ctx: { db: Db },
  filter: { kind?: ProgramKind; all?: boolean } = {},
  scope: Scope = null,
): Promise<ProgramSummary[]> {
  const where = filter.all ? {} : { status: { in: LIVE } };
  const people = await personIdInScope(ctx.db, scope);
  const kinds = filter.kind ? [filter.kind] : (Object.keys(LISTS) as ProgramKind[]);
  const lists = await Promise.all(kinds.map((k) => LISTS[k](ctx.db, { where, scope, people })));
  const all = lists.flat();
  return scope === null ? all : all.filter((p) => Object.values(p.counts).some((n) => n > 0));
}
