/**
 * Personal API tokens (个人令牌): anyone makes, lists and revokes their own; an admin sees and
 * revokes everyone's and may make one for another user (e.g. a script's account).
 */
import { recordAudit } from '../../../store/audit';
import * as tokens from '../../../store/auth/tokens';
import { findUser } from '../../../store/auth/users';
import { requireAdmin, type Actor } from '../actor';
import type { AccountsContext } from './users';

export async function createToken(
  c: AccountsContext,
  actor: Actor,
  name: string,
  forUsername?: string,
): Promise<{ token: string; view: tokens.TokenView }> {
  let ownerId = actor.userId;
  if (forUsername && forUsername !== actor.username) {
    requireAdmin(actor);
    ownerId = (await findUser(c.db, forUsername)).userId;
  }
  const made = await tokens.createToken(c.db, ownerId, name);
  await recordAudit(c.db, {
    actor,
    action: 'token.create',
    targets: [made.view.id],
    after: { username: made.view.username, name: made.view.name, prefix: made.view.prefix },
    ip: c.ip,
  });
  return made;
}

/** Own tokens; an admin with `all` sees everyone's. */
export async function listTokens(
  c: AccountsContext,
  actor: Actor,
  all = false,
): Promise<tokens.TokenView[]> {
  if (all) requireAdmin(actor);
  return tokens.listTokens(c.db, all ? undefined : actor.userId);
}

export async function revokeToken(
  c: AccountsContext,
  actor: Actor,
  idOrPrefix: string,
): Promise<tokens.TokenView> {
  const revoked = await tokens.revokeToken(
    c.db,
    idOrPrefix,
    actor.role === 'admin' ? undefined : actor.userId,
  );
  await recordAudit(c.db, {
    actor,
    action: 'token.revoke',
    targets: [revoked.id],
    after: { revokedAt: revoked.revokedAt },
    ip: c.ip,
  });
  return revoked;
}
