/**
 * The first admin (初始管理员). `npm start` makes it when there is no account (password from
 * YZ_ADMIN_PASSWORD or generated and printed once). The single API_TOKEN of earlier versions acts
 * as this account, so scripts and tests that use it keep working and are recorded by its name.
 */
import type { Db } from '../db';
import { actorOfUser, createUser, type AccountActor } from './users';
import { generatePassword, hashPassword } from './password';

export const BOOTSTRAP_USERNAME = 'admin';

/**
 * Makes the first admin (the account API_TOKEN acts as) when there is none yet. Answers the password when one was generated or
 * set now (to print once), else null. Idempotent: once it exists, nothing happens.
 */
export async function ensureBootstrapAdmin(
  db: Db,
  options: { password?: string; generate?: boolean } = {},
): Promise<{ created: boolean; password: string | null }> {
  const exists = async () => (await db.user.count({ where: { bootstrap: true } })) > 0;
  if (await exists()) return { created: false, password: null };
  const password = options.password ?? (options.generate ? generatePassword() : undefined);
  try {
    await createUser(db, {
      username: BOOTSTRAP_USERNAME,
      displayName: '管理员 / administrator',
      role: 'admin',
      password,
      bootstrap: true,
      createdBy: 'system',
    });
  } catch (e) {
    // Two processes starting at once: the other one made it.
    if (await exists()) return { created: false, password: null };
    throw e;
  }
  return { created: true, password: password ?? null };
}

/** The bootstrap admin as actor (API_TOKEN's account), or null when disabled or absent. */
export async function bootstrapActor(db: Db): Promise<AccountActor | null> {
  const u = await db.user.findFirst({
    where: { bootstrap: true },
    include: { units: true },
    orderBy: { createdAt: 'asc' },
  });
  return u && !u.disabled ? actorOfUser(u) : null;
}

/**
 * For `npm start`: the first admin exists and can sign in. Answers the password when it was set
 * now (generated, or YZ_ADMIN_PASSWORD), to print once; null when the admin already had one.
 */
export async function bootstrapLogin(db: Db, password?: string): Promise<string | null> {
  const made = await ensureBootstrapAdmin(db, { password, generate: true });
  if (made.created) return made.password;
  const admin = await db.user.findFirst({
    where: { bootstrap: true },
    orderBy: { createdAt: 'asc' },
  });
  if (!admin || admin.passwordHash) return null;
  const chosen = password ?? generatePassword();
  await db.user.update({
    where: { id: admin.id },
    data: { passwordHash: await hashPassword(chosen) },
  });
  return chosen;
}
