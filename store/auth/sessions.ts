/**
 * Console sessions: server-side rows behind the `yz_session` cookie, expiring. The cookie holds a
 * random secret; the row's id is its SHA-256, so a copy of the database opens no session.
 */
import type { Db } from '../db';
import { activeActor, type AccountActor } from './users';
import { digestOf, newSecret } from './secret';

export interface NewSession {
  /** The cookie's value (shown once, never stored). */
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  userId: string,
  ttlMs: number,
  ip?: string,
  now = new Date(),
): Promise<NewSession> {
  const secret = newSecret();
  const csrfToken = newSecret(24);
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.userSession.create({
    data: { id: digestOf(secret), userId, csrfToken, expiresAt, ip: ip ?? null },
  });
  return { secret, csrfToken, expiresAt };
}

export type SessionCheck =
  | { ok: true; actor: AccountActor; csrfToken: string }
  | { ok: false; why: 'unknown' | 'expired' | 'disabled' };

/** The session behind a cookie value: its actor and CSRF token, or why it is refused. */
export async function readSession(db: Db, secret: string, now = new Date()): Promise<SessionCheck> {
  const row = await db.userSession.findUnique({ where: { id: digestOf(secret) } });
  if (!row) return { ok: false, why: 'unknown' };
  if (row.expiresAt <= now) {
    await db.userSession.deleteMany({ where: { id: row.id } });
    return { ok: false, why: 'expired' };
  }
  const actor = await activeActor(db, row.userId);
  if (!actor) return { ok: false, why: 'disabled' };
  return { ok: true, actor, csrfToken: row.csrfToken };
}

export async function endSession(db: Db, secret: string): Promise<void> {
  await db.userSession.deleteMany({ where: { id: digestOf(secret) } });
}
