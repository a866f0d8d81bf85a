/** The organisations under a unit (itself included), through the materialised path. */
import type { Db } from '../db';
import { NotFound } from '../../common/errors';

export class RegistryError extends NotFound {
  override name = 'RegistryError';
}

export interface OrgNode {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  path: string;
}

/** The unit and everything under it; every organisation when `unitId` is absent. */
export async function subtree(
  db: Db,
  unitId?: string,
): Promise<{ root?: OrgNode; orgs: OrgNode[] }> {
  const select = { id: true, name: true, kind: true, parentId: true, path: true } as const;
  if (!unitId)
    return { orgs: await db.organisation.findMany({ select, orderBy: { path: 'asc' } }) };
  const root = await db.organisation.findUnique({ where: { id: unitId }, select });
  if (!root) throw new RegistryError(`未知单位编号 unknown unit id: ${unitId}`);
  const orgs = await db.organisation.findMany({
    where: { path: { startsWith: root.path } },
    select,
    orderBy: { path: 'asc' },
  });
  return { root, orgs };
}
