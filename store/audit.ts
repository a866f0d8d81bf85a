/**
 * The audit trail (审计记录): one row per write and per export of personal data. Append-only —
 * this module only inserts and reads; nothing in the application updates or deletes a row.
 */
import type { Db, Prisma, Tx } from './db';

export interface AuditEntry {
  /** An account; or, with no account (a participant checking in), userId null and a label. */
  actor: { userId: string | null; username: string };
  /** What was done: "POST /announcements", "people.export", "user.add" … */
  action: string;
  /** The ids of the records concerned. */
  targets: string[];
  before?: unknown;
  after?: unknown;
  ip?: string;
}

/** Marks the action of an admin's backfill (补录), so the trail says so in its own words. */
export const BACKFILL_ACTION = ' [补录 backfill]';

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** On `db`, or inside a transaction (`tx`) so the row stands or falls with the write it records. */
export async function recordAudit(db: Db | Tx, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      userId: entry.actor.userId,
      actor: entry.actor.username,
      action: entry.action,
      targets: JSON.stringify(entry.targets),
      before: json(entry.before),
      after: json(entry.after),
      ip: entry.ip ?? null,
    },
  });
}

export interface AuditQuery {
  actor?: string;
  /** An action, or its start ("POST /exam" matches every exam write). */
  action?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  targets: string[];
  before: unknown;
  after: unknown;
  ip: string | null;
}

const parsed = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));

/** Newest first. */
export async function listAudit(db: Db, q: AuditQuery = {}): Promise<AuditRow[]> {
  const where: Prisma.AuditEventWhereInput = {
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    ...(q.from || q.to
      ? { at: { ...(q.from && { gte: q.from }), ...(q.to && { lt: q.to }) } }
      : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: { id: 'desc' },
    take: q.limit ?? 500,
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    targets: parsed(r.targets) as string[],
    before: parsed(r.before),
    after: parsed(r.after),
    ip: r.ip,
  }));
}
