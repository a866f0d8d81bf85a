/**
 * Who a notice goes to. An audience names people by id, by unit (a unit includes its sub-units),
 * and/or by role. People named by id are always included; units and roles narrow together
 * (people in these units AND with these roles), and `notCertifiedAt` narrows them to people who
 * hold no certificate at that level or above (an exam mobilization's cohort). Only active people
 * are chosen.
 */
import type { Db, Prisma } from '../db';
import { EXAM_RULES } from '../../workflows/rules/examRules';
import { InputError } from '../../common/errors';
import { ROLE, codeIn, unknownText, type Vocabulary } from '../../workflows/rules/vocabulary';
import { loadVocabulary } from '../registry/vocabularyTerms';

export interface Audience {
  personIds?: string[];
  unitIds?: string[];
  roles?: string[];
  /** assistant_social_worker | social_worker | senior_social_worker */
  notCertifiedAt?: string;
}

/** Certificate levels, lowest first: the order is the rank. */
const LEVELS = Object.keys(EXAM_RULES);

export const ROLES = ROLE.codes;

export class AudienceError extends InputError {
  override name = 'AudienceError';
}

async function unitPaths(db: Db, unitIds: string[]): Promise<string[]> {
  const units = await db.organisation.findMany({
    where: { id: { in: unitIds } },
    select: { id: true, path: true },
  });
  const unknown = unitIds.filter((id) => !units.some((u) => u.id === id));
  if (unknown.length)
    throw new AudienceError(`未知单位编号 unknown unit id(s): ${unknown.join(', ')}`);
  return units.map((u) => u.path);
}

/** The Prisma filter for an audience; checks that every id and role named exists. */
export async function audienceFilter(db: Db, audience: Audience): Promise<Prisma.PersonWhereInput> {
  const personIds = audience.personIds ?? [];
  const unitIds = audience.unitIds ?? [];
  // The district's roles (its own terms and renamed labels), read once per filter.
  const known: Vocabulary<string> = audience.roles?.length
    ? await loadVocabulary(db, 'role')
    : ROLE;
  const roles = (audience.roles ?? []).map((r) => codeIn(known, r) ?? r);
  if (!personIds.length && !unitIds.length && !roles.length) {
    throw new AudienceError(
      '对象为空：未指定人员、单位或角色 / the audience names no people, units or roles',
    );
  }
  const badRoles = roles.filter((r) => !known.codes.includes(r));
  if (badRoles.length) {
    throw new AudienceError(badRoles.map((r) => unknownText(known, r)).join('；'));
  }
  if (personIds.length) {
    const found = await db.person.findMany({
      where: { id: { in: personIds } },
      select: { id: true },
    });
    const unknown = personIds.filter((id) => !found.some((p) => p.id === id));
    if (unknown.length)
      throw new AudienceError(`未知人员编号 unknown person id(s): ${unknown.join(', ')}`);
  }
  const branches: Prisma.PersonWhereInput[] = [];
  if (personIds.length) branches.push({ id: { in: personIds } });
  if (unitIds.length || roles.length) {
    const narrow: Prisma.PersonWhereInput[] = [];
    if (unitIds.length) {
      const paths = await unitPaths(db, unitIds);
      narrow.push({ OR: paths.map((p) => ({ unit: { path: { startsWith: p } } })) });
    }
    if (roles.length) narrow.push({ role: { in: roles } });
    if (audience.notCertifiedAt !== undefined) {
      const rank = LEVELS.indexOf(audience.notCertifiedAt);
      if (rank < 0)
        throw new AudienceError(
          `未知证书等级“${audience.notCertifiedAt}” / unknown certificate level: ${audience.notCertifiedAt} (known: ${LEVELS.join(', ')})`,
        );
      narrow.push({ certificates: { none: { level: { in: LEVELS.slice(rank) } } } });
    }
    branches.push({ AND: narrow });
  }
  return { active: true, OR: branches };
}

export async function countAudience(db: Db, audience: Audience): Promise<number> {
  return db.person.count({ where: await audienceFilter(db, audience) });
}

/** One page of person ids, in id order, after `cursor`. */
export async function audiencePage(
  db: Db,
  audience: Audience,
  cursor: string | undefined,
  pageSize: number,
): Promise<{ personIds: string[]; nextCursor: string | undefined }> {
  const where = await audienceFilter(db, audience);
  const rows = await db.person.findMany({
    where: cursor ? { AND: [where, { id: { gt: cursor } }] } : where,
    orderBy: { id: 'asc' },
    take: pageSize,
    select: { id: true },
  });
  const personIds = rows.map((r) => r.id);
  return {
    personIds,
    nextCursor: personIds.length === pageSize ? personIds[personIds.length - 1] : undefined,
  };
}
