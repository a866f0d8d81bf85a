/**
 * Roles of a Yanzhen account (账号角色) and the pure checks on them. No I/O: the API, the CLI and
 * the operations ask the same questions.
 */
import { InputError } from '../../common/errors';

/**
 * admin: everything, users and the audit trail; district: district coordinator (区级协调员), all
 * units; unit: unit coordinator (单位协调员), only the units in scope and their sub-units;
 * viewer: read-only (只读).
 */
export const ROLES = ['admin', 'district', 'unit', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员 / admin',
  district: '区级协调员 / district coordinator',
  unit: '单位协调员 / unit coordinator',
  viewer: '只读 / viewer',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A role named by a person: refused with the list when it is not one. */
export function parseRole(value: string, what = 'role'): Role {
  if (!isRole(value))
    throw new InputError(
      `${what} "${value}" 不是有效角色 / is not a role: one of ${ROLES.join(', ')}`,
    );
  return value;
}

/** Whether the role may change anything (every role but viewer). */
export function canWrite(role: Role): boolean {
  return role !== 'viewer';
}

/** Whether the role sees every unit (admin and district coordinators). */
export function seesAllUnits(role: Role): boolean {
  return role === 'admin' || role === 'district';
}

/**
 * Whether `unitId` is one of `scopeUnitIds` or below one of them, walking up the tree with
 * `parentOf` (a unit's parent id, or null/undefined at the top). A cycle ends the walk.
 */
export function unitInScope(
  unitId: string,
  scopeUnitIds: readonly string[],
  parentOf: (unitId: string) => string | null | undefined,
): boolean {
  const scope = new Set(scopeUnitIds);
  const seen = new Set<string>();
  let at: string | null | undefined = unitId;
  while (at && !seen.has(at)) {
    if (scope.has(at)) return true;
    seen.add(at);
    at = parentOf(at);
  }
  return false;
}
