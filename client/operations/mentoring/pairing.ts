/**
 * Pairing (结对) in a mentoring program: ranked mentor suggestions for a trainee, pairing a
 * trainee with a mentor (the pair then runs as its own workflow), and re-pairing the mentees of
 * a mentor who leaves (their history stays with the pair).
 */
import {
  mentorLeavesUpdate,
  pairIdOf,
  pairMenteeUpdate,
} from '../../../workflows/mentoring/signals';
import { suggestMentors, type Suggestion } from '../../../workflows/rules/mentoring';
import { memberOf, OPEN_PAIR, programOf } from '../../../store/mentoring/programs';
import { Conflict, InputError } from '../../../common/errors';
import { programUpdate, type MentoringContext } from './updates';

/** Ranked mentors for a trainee: shared specialty, unit distance, mentor load (pure rule). */
export async function suggestPairs(
  ctx: Pick<MentoringContext, 'db'>,
  programId: string,
  menteeId: string,
  limit = 5,
): Promise<(Suggestion & { mentorName: string; unitName: string })[]> {
  const p = await programOf(ctx.db, programId);
  if (!(await memberOf(ctx.db, p.id, menteeId, 'trainee')))
    throw new InputError(
      `${menteeId} 不是项目 ${p.id} 的学员 / ${menteeId} is not a trainee of program ${p.id}`,
    );
  const mentors = await ctx.db.mentoringMember.findMany({
    where: { programId: p.id, role: 'mentor', active: true },
  });
  const ids = [menteeId, ...mentors.map((m) => m.personId)];
  const people = await ctx.db.person.findMany({
    where: { id: { in: ids } },
    include: {
      unit: { select: { path: true, name: true } },
      specialties: { select: { specialty: true } },
    },
  });
  const loads = await ctx.db.mentoringPair.groupBy({
    by: ['mentorId'],
    where: { status: { in: OPEN_PAIR }, mentorId: { in: ids } },
    _count: true,
  });
  const candidate = (id: string) => {
    const person = people.find((x) => x.id === id)!;
    return {
      personId: id,
      unitPath: person.unit.path,
      specialties: person.specialties.map((s) => s.specialty),
      load: loads.find((l) => l.mentorId === id)?._count ?? 0,
    };
  };
  const ranked = suggestMentors(
    candidate(menteeId),
    mentors.map((m) => candidate(m.personId)),
    limit,
  );
  // Names beside the ids: a coordinator chooses people, not codes.
  return ranked.map((x) => {
    const person = people.find((p) => p.id === x.mentorId)!;
    return { ...x, mentorName: person.name, unitName: person.unit.name };
  });
}

/** An active mentor of the program, or an InputError naming them. */
async function activeMentor(ctx: Pick<MentoringContext, 'db'>, programId: string, id: string) {
  const mentor = await memberOf(ctx.db, programId, id, 'mentor');
  if (!mentor?.active)
    throw new InputError(
      `${id} 不是项目 ${programId} 的在任导师 / ${id} is not an active mentor of program ${programId}`,
    );
}

export async function pairMentee(
  ctx: MentoringContext,
  req: { programId: string; menteeId: string; mentorId: string },
): Promise<{ pairId: string; workflowId: string }> {
  const p = await programOf(ctx.db, req.programId);
  if (req.menteeId === req.mentorId)
    throw new InputError(
      `${req.menteeId} 不能与自己结对 / ${req.menteeId} cannot be paired with themselves`,
    );
  if (!(await memberOf(ctx.db, p.id, req.menteeId, 'trainee')))
    throw new InputError(
      `${req.menteeId} 不是项目 ${p.id} 的学员 / ${req.menteeId} is not a trainee of program ${p.id}`,
    );
  await activeMentor(ctx, p.id, req.mentorId);
  if (await ctx.db.mentoringPair.findUnique({ where: { id: pairIdOf(p.id, req.menteeId) } }))
    throw new Conflict(
      `${req.menteeId} 在项目 ${p.id} 中已有结对 / ${req.menteeId} is already paired in program ${p.id}`,
    );
  return programUpdate(ctx, p, pairMenteeUpdate, {
    menteeId: req.menteeId,
    mentorId: req.mentorId,
  });
}

/** A mentor leaves: each of their open pairs gets the new mentor given; history stays. */
export async function mentorLeaves(
  ctx: MentoringContext,
  req: { programId: string; mentorId: string; reassign: Record<string, string> },
): Promise<{ repaired: string[] }> {
  const p = await programOf(ctx.db, req.programId);
  await activeMentor(ctx, p.id, req.mentorId);
  return programUpdate(ctx, p, mentorLeavesUpdate, req);
}
