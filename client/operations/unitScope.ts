/**
 * A unit coordinator sees only the units in scope and their sub-units (workflows/rules/roles.ts).
 * A record outside is answered exactly like a missing one (404 with the same words), so a
 * coordinator cannot learn that it exists.
 */
import type { Db } from '../../store/db';
import { seesAllUnits, unitInScope } from '../../workflows/rules/roles';
import { peopleOutside, scopeOf, unitsOutside, type Scope } from '../../store/auth/scope';
import { Forbidden, InputError, NotFound } from '../../common/errors';
import type { Actor } from './actor';

/**
 * How a unit coordinator's request or command is narrowed, the same words over the API
 * (client/api/scope.ts UNIT_ROUTES) and the CLI (client/cli/identity.ts UNIT_COMMANDS):
 * `unit`: a list or report narrowed by its unit (defaulted to the coordinator's unit);
 * `ids`: the people and units it names are each checked; `scoped`: the operation narrows its
 * answer to the actor's scope, and the ids named are checked too; `own`: the caller's own things.
 * Anything not listed is a district-wide control: refused.
 */
export type UnitReach = 'unit' | 'ids' | 'scoped' | 'own';

export const NOT_OPEN = '单位协调员暂不能使用此功能 / not open to unit coordinators';

/** The actor's reach for an operation that narrows its answer (null: the whole district). */
export const scopeOfActor = (db: Db, actor: Actor | null | undefined): Promise<Scope> =>
  actor ? scopeOf(db, actor) : Promise.resolve(null);

/**
 * Checks a unit coordinator's request: refused (Forbidden) when `reach` is undefined; the unit a
 * `unit` request is narrowed by when it named none; every person and unit named must be in reach,
 * else one NotFound naming them, the words of a missing record. Answers the unit to narrow by.
 */
export async function checkReach(
  db: Db,
  actor: Actor,
  reach: UnitReach | undefined,
  named: { people: string[]; units: string[]; unitId?: string },
): Promise<string | undefined> {
  if (actor.role !== 'unit') return named.unitId;
  if (!reach) throw new Forbidden(NOT_OPEN);
  if (reach === 'own') return named.unitId;
  let unitId = named.unitId;
  if (reach === 'unit' && unitId === undefined) {
    if (actor.unitIds.length !== 1)
      throw new InputError(`请指定单位 / give unitId: one of ${actor.unitIds.join(', ')}`);
    unitId = actor.unitIds[0]!;
  }
  const scope = await scopeOf(db, actor);
  const outside = [
    ...(await unitsOutside(db, scope, [...new Set([...named.units, ...(unitId ? [unitId] : [])])])),
    ...(await peopleOutside(db, scope, [...new Set(named.people)])),
  ];
  if (outside.length) throw new NotFound(`未找到 / not found: ${outside.join(', ')}`);
  return unitId;
}

/** Whether the actor may see a record placed in `unitId`. */
export async function actorSeesUnit(db: Db, actor: Actor, unitId: string): Promise<boolean> {
  if (seesAllUnits(actor.role)) return true;
  if (actor.role !== 'unit') return true; // a viewer reads everything and writes nothing
  const units = await db.organisation.findMany({ select: { id: true, parentId: true } });
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  return unitInScope(unitId, actor.unitIds, (id) => parent.get(id));
}
