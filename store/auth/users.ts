/**
 * User accounts (账号): creation, listing, roles and unit scopes, disabling. Accounts are never
 * deleted (audit rows name them); a disabled account's sessions and tokens stop working at once.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db';
import { Conflict, InputError, NotFound } from '../../common/errors';
import { parseRole, type Role } from '../../workflows/rules/roles';
import { hashPassword } from './password';

/** The authenticated actor's shape (client/operations/actor.ts `Actor`). */
export interface AccountActor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  unitIds: string[];
}

export interface UserView extends AccountActor {
  disabled: boolean;
  bootstrap: boolean;
  hasPassword: boolean;
  createdAt: Date;
  createdBy: string | null;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/;

type UserRow = {
  id: string;
  username: string;
  displayName: string;
  role: string;
  disabled: boolean;
  bootstrap: boolean;
  passwordHash: string | null;
  createdAt: Date;
  createdBy: string | null;
  units: { unitId: string }[];
};

export function actorOfUser(u: UserRow): AccountActor {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: parseRole(u.role),
    unitIds: u.units.map((x) => x.unitId).sort(),
  };
}

function view(u: UserRow): UserView {
  return {
    ...actorOfUser(u),
    disabled: u.disabled,
    bootstrap: u.bootstrap,
    hasPassword: Boolean(u.passwordHash),
    createdAt: u.createdAt,
    createdBy: u.createdBy,
  };
}

/** Unit ids that must exist; a unit coordinator needs at least one, the others none. */
async function checkedUnits(db: Db, role: Role, unitIds: string[]): Promise<string[]> {
  const ids = [...new Set(unitIds.map((s) => s.trim()).filter(Boolean))];
  if (role === 'unit' && ids.length === 0)
    throw new InputError(
      '单位协调员需指定单位 / a unit coordinator needs at least one unit (unitIds)',
    );
  if (role !== 'unit' && ids.length > 0)
    throw new InputError(
      `角色 ${role} 不按单位限定 / role ${role} is not scoped to units: leave unitIds empty`,
    );
  const found = await db.organisation.findMany({
    where: { id: { in: ids } },
    select: { id: true },
  });
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw new InputError(`未知单位编号 / unknown unit id: ${missing.join(', ')}`);
  return ids;
}

export interface NewUser {
  username: string;
  displayName?: string;
  role: string;
  unitIds?: string[];
  /** Absent: the account signs in with tokens only until a password is set. */
  password?: string;
  bootstrap?: boolean;
  createdBy?: string;
}

export async function createUser(db: Db, input: NewUser): Promise<UserView> {
  const username = input.username.trim();
  if (!USERNAME.test(username))
    throw new InputError(
      `用户名 "${input.username}" 无效 / username must be 2–40 letters, digits, . _ - (starting with a letter or digit)`,
    );
  const role = parseRole(input.role);
  const unitIds = await checkedUnits(db, role, input.unitIds ?? []);
  if (input.password !== undefined && input.password.length < 10)
    throw new InputError('密码至少 10 个字符 / password must be at least 10 characters');
  if (await db.user.findUnique({ where: { username } }))
    throw new Conflict(`用户名已存在 / username already taken: ${username}`);
  const created = await db.user.create({
    data: {
      id: randomUUID(),
      username,
      displayName: input.displayName?.trim() || username,
      role,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      bootstrap: input.bootstrap ?? false,
      createdBy: input.createdBy ?? null,
      units: { create: unitIds.map((unitId) => ({ unitId })) },
    },
    include: { units: true },
  });
  return view(created);
}

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ include: { units: true }, orderBy: { username: 'asc' } });
  return rows.map(view);
}

export async function findUser(db: Db, username: string): Promise<UserView> {
  const u = await db.user.findUnique({ where: { username }, include: { units: true } });
  if (!u) throw new NotFound(`未知用户 / unknown user: ${username}`);
  return view(u);
}

/** The account behind a login name with its hash, for the password check (null: none). */
export async function loginAccount(
  db: Db,
  username: string,
): Promise<{ actor: AccountActor; passwordHash: string | null; disabled: boolean } | null> {
  const u = await db.user.findUnique({ where: { username }, include: { units: true } });
  return u ? { actor: actorOfUser(u), passwordHash: u.passwordHash, disabled: u.disabled } : null;
}

/** The live account of a user id, or null when it is gone or disabled. */
export async function activeActor(db: Db, userId: string): Promise<AccountActor | null> {
  const u = await db.user.findUnique({ where: { id: userId }, include: { units: true } });
  return u && !u.disabled ? actorOfUser(u) : null;
}

export async function setDisabled(db: Db, username: string, disabled: boolean): Promise<UserView> {
  const before = await findUser(db, username);
  await db.$transaction([
    db.user.update({ where: { id: before.userId }, data: { disabled } }),
    // Sessions end with the account; tokens are refused by the disabled check.
    ...(disabled ? [db.userSession.deleteMany({ where: { userId: before.userId } })] : []),
  ]);
  return findUser(db, username);
}

/** Sets a user's role and unit scope (replacing the old scope). */
export async function setRole(
  db: Db,
  username: string,
  role: string,
  unitIds: string[] = [],
): Promise<UserView> {
  const user = await findUser(db, username);
  const r = parseRole(role);
  const ids = await checkedUnits(db, r, unitIds);
  await db.$transaction([
    db.userUnit.deleteMany({ where: { userId: user.userId } }),
    db.user.update({
      where: { id: user.userId },
      data: { role: r, units: { create: ids.map((unitId) => ({ unitId })) } },
    }),
  ]);
  return findUser(db, username);
}

export async function setPassword(db: Db, username: string, password: string): Promise<void> {
  if (password.length < 10)
    throw new InputError('密码至少 10 个字符 / password must be at least 10 characters');
  const user = await findUser(db, username);
  await db.user.update({
    where: { id: user.userId },
    data: { passwordHash: await hashPassword(password) },
  });
}
