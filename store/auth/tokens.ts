/**
 * Personal API tokens (个人令牌) for the CLI and scripts: `yzt_` and 43 random characters, shown
 * once; only the SHA-256 is stored. Revocable; a disabled owner's tokens are refused.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../db';
import { InputError, NotFound } from '../../common/errors';
import { activeActor, type AccountActor } from './users';
import { digestOf, newSecret } from './secret';

export const TOKEN_PREFIX = 'yzt_';

export interface TokenView {
  id: string;
  username: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function createToken(
  db: Db,
  userId: string,
  name: string,
): Promise<{ token: string; view: TokenView }> {
  const label = name.trim();
  if (!label || label.length > 80)
    throw new InputError('令牌名称需为 1–80 个字符 / token name must be 1–80 characters');
  const token = TOKEN_PREFIX + newSecret();
  const row = await db.apiToken.create({
    data: {
      id: randomUUID(),
      userId,
      name: label,
      prefix: token.slice(0, 10),
      tokenHash: digestOf(token),
    },
    include: { user: { select: { username: true } } },
  });
  return { token, view: viewOf(row) };
}

function viewOf(row: {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  user: { username: string };
}): TokenView {
  const { user, ...rest } = row;
  return { ...rest, username: user.username };
}

/** The live actor a token stands for, or null (unknown, revoked, owner disabled). */
export async function tokenActor(db: Db, token: string): Promise<AccountActor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: digestOf(token) } });
  if (!row || row.revokedAt) return null;
  const actor = await activeActor(db, row.userId);
  if (!actor) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return actor;
}

/** Tokens of one user, or of everyone (userId absent). */
export async function listTokens(db: Db, userId?: string): Promise<TokenView[]> {
  const rows = await db.apiToken.findMany({
    where: userId ? { userId } : {},
    include: { user: { select: { username: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(viewOf);
}

/**
 * Revokes a token by id (or its shown prefix). `ownerId`: only that user's token (a non-admin
 * revoking their own); another's answers NotFound. Revoking twice keeps the first time.
 */
export async function revokeToken(
  db: Db,
  idOrPrefix: string,
  ownerId?: string,
): Promise<TokenView> {
  const rows = await db.apiToken.findMany({
    where: {
      OR: [{ id: idOrPrefix }, { prefix: idOrPrefix }],
      ...(ownerId ? { userId: ownerId } : {}),
    },
    include: { user: { select: { username: true } } },
  });
  if (rows.length !== 1)
    throw new NotFound(
      rows.length
        ? `前缀对应多个令牌，请用编号 / prefix matches ${rows.length} tokens: give the id`
        : `未知令牌 / unknown token: ${idOrPrefix}`,
    );
  const row = rows[0]!;
  if (row.revokedAt) return viewOf(row);
  const updated = await db.apiToken.update({
    where: { id: row.id },
    data: { revokedAt: new Date() },
    include: { user: { select: { username: true } } },
  });
  return viewOf(updated);
}
