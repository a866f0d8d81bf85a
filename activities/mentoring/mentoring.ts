/**
 * Mentoring records (督导孵化): pairs, logged sessions, goals, evaluations, checklist items and
 * the supervisor qualification, as the workflows decide them. Idempotent: a retry writes the
 * same values again; counters are recounted from the rows, never incremented.
 */
import type { Db } from '../../store/db';

export interface PairRecord {
  programId: string;
  pairId: string;
  menteeId: string;
  mentorId: string;
  workflowId: string;
  sessionsPlanned: number;
  checklist: string[];
}

export async function recordMentoringPair(db: Db, r: PairRecord): Promise<void> {
  await db.$transaction([
    db.mentoringPair.upsert({
      where: { id: r.pairId },
      create: {
        id: r.pairId,
        programId: r.programId,
        menteeId: r.menteeId,
        mentorId: r.mentorId,
        workflowId: r.workflowId,
        status: 'active',
        sessionsPlanned: r.sessionsPlanned,
      },
      update: {},
    }),
    ...r.checklist.map((item) =>
      db.mentoringChecklistItem.upsert({
        where: { pairId_item: { pairId: r.pairId, item } },
        create: { pairId: r.pairId, item },
        update: {},
      }),
    ),
  ]);
}

export interface SessionRecord {
  pairId: string;
  seq: number;
  mentorId: string;
  status: 'held' | 'missed' | 'rescheduled';
  scheduledAt: string;
  durationMinutes: number | null;
  /** Only from runs whose updates carried them; the operation writes them otherwise. */
  topics?: string[];
  recordedBy?: string;
}

async function recount(db: Db, pairId: string, activity: boolean): Promise<void> {
  const [held, missed] = await Promise.all([
    db.mentoringSession.count({ where: { pairId, status: 'held' } }),
    db.mentoringSession.count({ where: { pairId, status: 'missed' } }),
  ]);
  await db.mentoringPair.update({
    where: { id: pairId },
    data: {
      sessionsHeld: held,
      sessionsMissed: missed,
      ...(activity ? { lastActivityAt: new Date() } : {}),
    },
  });
}

export async function recordMentoringSession(db: Db, r: SessionRecord): Promise<void> {
  const data = {
    mentorId: r.mentorId,
    status: r.status,
    scheduledAt: new Date(r.scheduledAt),
    durationMinutes: r.durationMinutes,
    ...(r.topics !== undefined ? { topics: JSON.stringify(r.topics) } : {}),
    ...(r.recordedBy !== undefined ? { recordedBy: r.recordedBy } : {}),
  };
  await db.mentoringSession.upsert({
    where: { pairId_seq: { pairId: r.pairId, seq: r.seq } },
    // Who recorded it follows from the operation at once (store/mentoring/words.ts).
    create: { pairId: r.pairId, seq: r.seq, recordedBy: '', ...data },
    update: data,
  });
  await recount(db, r.pairId, r.status !== 'missed');
}

export async function recordMentoringGoal(
  db: Db,
  r: { pairId: string; goalId: string; progress: number },
): Promise<void> {
  await db.mentoringGoal.upsert({
    where: { pairId_goalId: { pairId: r.pairId, goalId: r.goalId } },
    create: { pairId: r.pairId, goalId: r.goalId, title: r.goalId, progress: r.progress },
    update: { progress: r.progress },
  });
}

export async function recordMentoringEvaluation(
  db: Db,
  r: {
    pairId: string;
    stage: string;
    mentorId: string;
    scores: Record<string, number>;
    overall: number;
  },
): Promise<void> {
  const data = { mentorId: r.mentorId, scores: JSON.stringify(r.scores), overall: r.overall };
  await db.mentoringEvaluation.upsert({
    where: { pairId_stage: { pairId: r.pairId, stage: r.stage } },
    create: { pairId: r.pairId, stage: r.stage, ...data },
    update: data,
  });
}

export async function recordChecklistItem(
  db: Db,
  r: { pairId: string; item: string },
): Promise<void> {
  await db.mentoringChecklistItem.updateMany({
    where: { pairId: r.pairId, item: r.item, submittedAt: null },
    data: { submittedAt: new Date() },
  });
}

/** The pair's mentor changes; the earlier mentor is kept in the pair's list (once). */
export async function recordMentorChange(
  db: Db,
  r: { pairId: string; mentorId: string },
): Promise<void> {
  const pair = await db.mentoringPair.findUniqueOrThrow({ where: { id: r.pairId } });
  if (pair.mentorId === r.mentorId) return;
  const previous = JSON.parse(pair.previousMentors) as string[];
  await db.mentoringPair.update({
    where: { id: r.pairId },
    data: { mentorId: r.mentorId, previousMentors: JSON.stringify([...previous, pair.mentorId]) },
  });
}

export async function recordPairStatus(
  db: Db,
  r: {
    pairId: string;
    status: string;
    closedReason: string | null;
    /** The coordinator who closed the pair by hand. */
    closedBy?: string;
    qualify: { personId: string; kind: string; source: string } | null;
  },
): Promise<void> {
  const closing = r.status === 'completed' || r.status === 'closed';
  const status = {
    status: r.status,
    closedReason: r.closedReason,
    closedAt: closing ? new Date() : null,
    ...(r.closedBy ? { closedBy: r.closedBy } : {}),
  };
  await db.$transaction([
    db.mentoringPair.update({ where: { id: r.pairId }, data: status }),
    ...(r.qualify
      ? [
          db.personQualification.upsert({
            where: { personId_kind: { personId: r.qualify.personId, kind: r.qualify.kind } },
            create: { ...r.qualify, obtainedAt: new Date() },
            update: {},
          }),
        ]
      : []),
  ]);
}

export async function recordMentorLeft(
  db: Db,
  r: { programId: string; mentorId: string },
): Promise<void> {
  await db.mentoringMember.updateMany({
    where: { programId: r.programId, personId: r.mentorId, role: 'mentor' },
    data: { active: false },
  });
}

/** People join a running program; a mentor who had left is active again. */
export async function recordMentoringMembers(
  db: Db,
  r: { programId: string; traineeIds: string[]; mentorIds: string[] },
): Promise<void> {
  const rows = [
    ...r.traineeIds.map((personId) => ({ personId, role: 'trainee' })),
    ...r.mentorIds.map((personId) => ({ personId, role: 'mentor' })),
  ];
  await db.$transaction(
    rows.map(({ personId, role }) =>
      db.mentoringMember.upsert({
        where: { programId_personId_role: { programId: r.programId, personId, role } },
        create: { programId: r.programId, personId, role },
        update: { active: true },
      }),
    ),
  );
}

export async function finishMentoringProgram(db: Db, programId: string): Promise<void> {
  await db.mentoringProgram.update({
    where: { id: programId },
    data: { status: 'completed', finishedAt: new Date() },
  });
}

/** The mentoring activities, spread into createActivities (activities/index.ts). */
export function mentoringActivities({ db }: { db: Db }) {
  return {
    recordMentoringPair: (r: PairRecord) => recordMentoringPair(db, r),
    recordMentoringSession: (r: SessionRecord) => recordMentoringSession(db, r),
    recordMentoringGoal: (r: Parameters<typeof recordMentoringGoal>[1]) =>
      recordMentoringGoal(db, r),
    recordMentoringEvaluation: (r: Parameters<typeof recordMentoringEvaluation>[1]) =>
      recordMentoringEvaluation(db, r),
    recordChecklistItem: (r: Parameters<typeof recordChecklistItem>[1]) =>
      recordChecklistItem(db, r),
    recordMentorChange: (r: Parameters<typeof recordMentorChange>[1]) => recordMentorChange(db, r),
    recordPairStatus: (r: Parameters<typeof recordPairStatus>[1]) => recordPairStatus(db, r),
    recordMentorLeft: (r: Parameters<typeof recordMentorLeft>[1]) => recordMentorLeft(db, r),
    recordMentoringMembers: (r: Parameters<typeof recordMentoringMembers>[1]) =>
      recordMentoringMembers(db, r),
    finishMentoringProgram: (r: { programId: string }) => finishMentoringProgram(db, r.programId),
  };
}
