/**
 * The organisation tree as the rules see it, and the one writer of materialised paths: a unit's
 * path is its parent's path and its id (`/pudong/pudong.huamu/`).
 */
import type { Db, Tx } from '../../db';
import type { TreeUnit } from '../../../workflows/rules/orgTree';

export async function loadTree(db: Db | Tx): Promise<TreeUnit[]> {
  const rows = await db.organisation.findMany({
    select: { id: true, name: true, kind: true, parentId: true, closedOn: true },
    orderBy: { path: 'asc' },
  });
  return rows.map(({ closedOn, ...u }) => ({ ...u, closed: closedOn !== null }));
}

/** Every unit's path from its parents (parents need not come first). */
export function pathsOf(
  units: readonly { id: string; parentId: string | null }[],
): Map<string, string> {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known) return known;
    const p = parent.get(id) ?? null;
    const path = `${p === null ? '/' : pathOf(p)}${id}/`;
    paths.set(id, path);
    return path;
  };
  for (const u of units) pathOf(u.id);
  return paths;
}

/** Rewrites the paths of `unitId` and everything under it after it moved. */
export async function repath(tx: Tx, unitId: string): Promise<void> {
  const unit = await tx.organisation.findUniqueOrThrow({
    where: { id: unitId },
    select: { path: true, parentId: true },
  });
  const parentPath = unit.parentId
    ? (
        await tx.organisation.findUniqueOrThrow({
          where: { id: unit.parentId },
          select: { path: true },
        })
      ).path
    : '/';
  const next = `${parentPath}${unitId}/`;
  if (next === unit.path) return;
  // One statement for the whole subtree: the new prefix and the rest of each path.
  await tx.$executeRaw`
    UPDATE "Organisation" SET path = ${next} || substr(path, ${unit.path.length + 1})
    WHERE substr(path, 1, ${unit.path.length}) = ${unit.path}`;
}
