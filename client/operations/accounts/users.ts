/**
 * Managing accounts (用户管理), admin only: add, list, disable/enable, set role and unit scope.
 * Each change is one audit row with the account before and after (never the password).
 */
import type { Db } from '../../../store/db';
import { recordAudit } from '../../../store/audit';
import * as users from '../../../store/auth/users';
import type { UserView } from '../../../store/auth/users';
import { requireAdmin, type Actor } from '../actor';

export interface AccountsContext {
  db: Db;
  /** The caller's address (API), recorded in the audit row. */
  ip?: string;
}

const shown = (u: UserView) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitIds: u.unitIds,
  disabled: u.disabled,
});

export async function addUser(
  c: AccountsContext,
  actor: Actor,
  input: Omit<users.NewUser, 'bootstrap' | 'createdBy'>,
): Promise<UserView> {
  requireAdmin(actor);
  const created = await users.createUser(c.db, { ...input, createdBy: actor.username });
  await recordAudit(c.db, {
    actor,
    action: 'user.add',
    targets: [created.userId],
    after: shown(created),
    ip: c.ip,
  });
  return created;
}

export async function listUsers(c: AccountsContext, actor: Actor): Promise<UserView[]> {
  requireAdmin(actor);
  return users.listUsers(c.db);
}

export async function setUserDisabled(
  c: AccountsContext,
  actor: Actor,
  username: string,
  disabled: boolean,
): Promise<UserView> {
  requireAdmin(actor);
  const before = await users.findUser(c.db, username);
  const after = await users.setDisabled(c.db, username, disabled);
  await recordAudit(c.db, {
    actor,
    action: disabled ? 'user.disable' : 'user.enable',
    targets: [after.userId],
    before: shown(before),
    after: shown(after),
    ip: c.ip,
  });
  return after;
}

export async function setUserRole(
  c: AccountsContext,
  actor: Actor,
  username: string,
  role: string,
  unitIds: string[] = [],
): Promise<UserView> {
  requireAdmin(actor);
  const before = await users.findUser(c.db, username);
  const after = await users.setRole(c.db, username, role, unitIds);
  await recordAudit(c.db, {
    actor,
    action: 'user.roles',
    targets: [after.userId],
    before: shown(before),
    after: shown(after),
    ip: c.ip,
  });
  return after;
}

/** An admin sets anyone's password; anyone their own. */
export async function setUserPassword(
  c: AccountsContext,
  actor: Actor,
  username: string,
  password: string,
): Promise<void> {
  if (username !== actor.username) requireAdmin(actor);
  const user = await users.findUser(c.db, username);
  await users.setPassword(c.db, username, password);
  await recordAudit(c.db, { actor, action: 'user.password', targets: [user.userId], ip: c.ip });
}
