/**
 * Reading the audit trail (审计记录), admin only; the CSV export is itself audited. There is no
 * operation that edits or deletes a row.
 */
import { listAudit, recordAudit, type AuditQuery, type AuditRow } from '../../../store/audit';
import { CONTENT_TYPES, writeTable } from '../../../store/registry/table';
import { InputError } from '../../../common/errors';
import { requireAdmin, type Actor } from '../actor';
import type { AccountsContext } from './users';

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** ISO date or date-time; a date alone is read as UTC midnight. */
  from?: string;
  to?: string;
  limit?: number;
}

function instant(value: string | undefined, field: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new InputError(`${field} 不是有效日期 / ${field} is not a date: "${value}"`);
  return d;
}

function query(f: AuditFilter): AuditQuery {
  if (f.limit !== undefined && (!Number.isInteger(f.limit) || f.limit < 1 || f.limit > 10_000))
    throw new InputError(
      'limit 需为 1–10000 的整数 / limit must be a whole number from 1 to 10000',
    );
  return {
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    from: instant(f.from, 'from'),
    to: instant(f.to, 'to'),
    ...(f.limit ? { limit: f.limit } : {}),
  };
}

export async function auditList(
  c: AccountsContext,
  actor: Actor,
  filter: AuditFilter = {},
): Promise<AuditRow[]> {
  requireAdmin(actor);
  return listAudit(c.db, query(filter));
}

const HEADERS = [
  '编号 / id',
  '时间 / at',
  '操作人 / actor',
  '操作 / action',
  '对象 / targets',
  '修改前 / before',
  '修改后 / after',
  '地址 / address',
];

/** The filtered trail as CSV (UTF-8 with BOM); recorded as an export. */
export async function auditCsv(
  c: AccountsContext,
  actor: Actor,
  filter: AuditFilter = {},
): Promise<{ bytes: Buffer; contentType: string }> {
  const rows = await auditList(c, actor, { limit: 10_000, ...filter });
  const j = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const bytes = await writeTable(
    {
      title: 'audit',
      headers: HEADERS,
      rows: rows.map((r) => [
        r.id,
        r.at.toISOString(),
        r.actor,
        r.action,
        r.targets.join(' '),
        j(r.before),
        j(r.after),
        r.ip,
      ]),
    },
    'csv',
  );
  await recordAudit(c.db, {
    actor,
    action: 'audit.export',
    targets: [],
    after: { filter, rows: rows.length },
    ip: c.ip,
  });
  return { bytes, contentType: CONTENT_TYPES.csv };
}
