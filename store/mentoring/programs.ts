/**
 * A mentoring program's rows (督导孵化计划): the program, its members (学员 trainee / 导师 mentor)
 * and its pairs, read with the error the coordinator can act on.
 */
import type { Db } from '../db';
import { Conflict, InputError, NotFound } from '../../common/errors';
import { peopleInScope, type Scope } from '../auth/scope';

/** The statuses of a pair that still takes entries. */
export const OPEN_PAIR = ['active', 'at_risk'];

export interface NewProgram {
  id: string;
  title: string;
  kind: string;
  coordinatorId: string;
  start: Date;
  end: Date;
  timeZone: string;
  /** Stored as JSON: the checked plan with group supervision, review deadline and lectures. */
  plan: object;
  workflowId: string;
  createdBy: string;
  traineeIds: string[];
  mentorIds: string[];
}

/** A new running program with its members, in one write. */
export async function insertProgram(db: Db, p: NewProgram): Promise<void> {
  await db.mentoringProgram.create({
    data: {
      id: p.id,
      title: p.title,
      kind: p.kind,
      coordinatorId: p.coordinatorId,
      startsAt: p.start,
      endsAt: p.end,
      timeZone: p.timeZone,
      plan: JSON.stringify(p.plan),
      status: 'running',
      workflowId: p.workflowId,
      createdBy: p.createdBy,
      members: {
        create: [
          ...p.traineeIds.map((personId) => ({ personId, role: 'trainee' })),
          ...p.mentorIds.map((personId) => ({ personId, role: 'mentor' })),
        ],
      },
    },
  });
}

export async function programOf(db: Db, id: string) {
  const p = await db.mentoringProgram.findUnique({ where: { id } });
  if (!p) throw new NotFound(`没有督导项目“${id}” / no mentoring program "${id}"`);
  return p;
}

/** The person's membership in the program in that role, or null. */
export async function memberOf(db: Db, programId: string, personId: string, role: string) {
  return db.mentoringMember.findUnique({
    where: { programId_personId_role: { programId, personId, role } },
  });
}

/** Every id names a person of the registry; `what` names the field at fault. */
export async function knownPeople(db: Db, ids: string[], what: string): Promise<void> {
  const found = await db.person.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((p) => p.id === id));
  if (missing.length)
    throw new InputError(`未知人员编号 / unknown ${what} person id(s): ${missing.join(', ')}`);
}

export async function pairOf(db: Db, pairId: string, scope: Scope = null) {
  const pair = await db.mentoringPair.findUnique({ where: { id: pairId } });
  // Within a unit coordinator's scope, a pair is theirs when its mentee or mentor works there.
  const mine = pair && (await peopleInScope(db, scope, [pair.menteeId, pair.mentorId])).length > 0;
  if (!pair || !mine) throw new NotFound(`没有结对“${pairId}” / no mentoring pair "${pairId}"`);
  return pair;
}

/** A pair that still takes entries (not completed or closed). */
export async function openPairOf(db: Db, pairId: string) {
  const pair = await pairOf(db, pairId);
  if (!OPEN_PAIR.includes(pair.status))
    throw new Conflict(
      `结对 ${pairId} 已${pair.status === 'closed' ? '关闭' : '结业'}，不再接受记录 / pair ${pairId} is ${pair.status}: it takes no more entries`,
    );
  return pair;
}
