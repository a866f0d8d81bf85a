/**
 * A unit coordinator sees only the units in scope and their sub-units (workflows/rules/roles.ts).
 * A record outside is answered exactly like a missing one (404 with the same words), so a
 * coordinator cannot learn that it exists.
 */
import type { Db } from '../../store/db';
import { seesAllUnits, unitInScope } from '../../workflows/rules/roles';
import type { Actor } from './actor';

/** Whether the actor may see a record placed in `unitId`. */
export async function actorSeesUnit(db: Db, actor: Actor, unitId: string): Promise<boolean> {
  if (seesAllUnits(actor.role)) return true;
  if (actor.role !== 'unit') return true; // a viewer reads everything and writes nothing
  const units = await db.organisation.findMany({ select: { id: true, parentId: true } });
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  return unitInScope(unitId, actor.unitIds, (id) => parent.get(id));
}
