/**
 * The authenticated actor (操作人): who asks, with which role and unit scope. The HTTP server puts
 * it on every authenticated request (`request.actor`), the CLI resolves it from its token; every
 * recorded "by" field takes `actor.username`, never a typed name.
 */
import { Forbidden } from '../../common/errors';
import { canWrite, type Role } from '../../workflows/rules/roles';

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** A unit coordinator's units (each with its sub-units); empty for the other roles. */
  unitIds: string[];
}

export type { Role };

/** Refuses anyone but an admin (users, the audit trail). */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden('仅管理员可操作 / admins only');
}

/**
 * Refuses a backfill (补录: attendance, results or a session recorded before what it is about)
 * to anyone but an admin; the adapters check it before the operation runs.
 */
export function requireBackfill(actor: Actor): void {
  if (actor.role !== 'admin')
    throw new Forbidden('补录仅限管理员 / only an admin may backfill (--backfill, backfill: true)');
}

/** Refuses a viewer's write. */
export function requireWrite(actor: Actor): void {
  if (!canWrite(actor.role))
    throw new Forbidden('只读账号不能修改 / a viewer account is read-only');
}
