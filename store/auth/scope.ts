/**
 * A unit coordinator's reach (管辖范围): the units in scope and everything under them, through the
 * organisation tree's materialised paths. Unknown ids and ids outside the scope are answered the
 * same way, so a coordinator cannot learn that another unit's record exists.
 */
import type { Db } from '../db';
import { seesAllUnits, type Role } from '../../workflows/rules/roles';

/** The path prefixes in reach, or null for every unit (admin, district, viewer*). */
export type Scope = string[] | null;

/**
 * *A viewer is read-only but sees the district (the viewer has no units); a unit
 * coordinator sees only the subtrees of their units.
 */
export async function scopeOf(db: Db, actor: { role: Role; unitIds: string[] }): Promise<Scope> {
  if (seesAllUnits(actor.role) || actor.role === 'viewer') return null;
  const units = await db.organisation.findMany({
    where: { id: { in: actor.unitIds } },
    select: { path: true },
  });
  return units.map((u) => u.path);
}

const within = (scope: string[], path: string) => scope.some((p) => path.startsWith(p));

/** The ids among `unitIds` that are unknown or outside the scope. */
export async function unitsOutside(db: Db, scope: Scope, unitIds: string[]): Promise<string[]> {
  if (scope === null || unitIds.length === 0) return [];
  const found = await db.organisation.findMany({
    where: { id: { in: unitIds } },
    select: { id: true, path: true },
  });
  const ok = new Set(found.filter((u) => within(scope, u.path)).map((u) => u.id));
  return unitIds.filter((id) => !ok.has(id));
}

/** The ids among `personIds` that are unknown or whose unit is outside the scope. */
export async function peopleOutside(db: Db, scope: Scope, personIds: string[]): Promise<string[]> {
  if (scope === null || personIds.length === 0) return [];
  const found = await db.person.findMany({
    where: { id: { in: personIds } },
    select: { id: true, unit: { select: { path: true } } },
  });
  const ok = new Set(found.filter((p) => within(scope, p.unit.path)).map((p) => p.id));
  return personIds.filter((id) => !ok.has(id));
}

/** Whether a unit's materialised path is in reach (everything when the scope is null). */
export const pathInScope = (scope: Scope, path: string): boolean =>
  scope === null || within(scope, path);

/** A Prisma filter on `Person` keeping the people in reach (no filter for the whole district). */
export function personInScope(scope: Scope): { unit?: { OR: { path: { startsWith: string } }[] } } {
  return scope === null ? {} : { unit: { OR: scope.map((p) => ({ path: { startsWith: p } })) } };
}

/** The ids among `personIds` that are in reach, in their order. */
export async function peopleInScope(db: Db, scope: Scope, personIds: string[]): Promise<string[]> {
  const outside = new Set(await peopleOutside(db, scope, personIds));
  return personIds.filter((id) => !outside.has(id));
}

/**
 * A filter on any table with a `personId` keeping the rows of people in reach (tables without a
 * relation to `Person` cannot filter through it).
 */
export async function personIdInScope(
  db: Db,
  scope: Scope,
): Promise<{ personId?: { in: string[] } }> {
  if (scope === null) return {};
  const people = await db.person.findMany({ where: personInScope(scope), select: { id: true } });
  return { personId: { in: people.map((p) => p.id) } };
}
