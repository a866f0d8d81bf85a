/**
 * What the API records of each request, once for every route:
 * - the actor fields of a body (`createdBy`, `recordedBy`, `by` …) take the signed-in user's
 *   username before validation, whatever the caller typed (the fields are still accepted, so
 *   earlier callers keep working, but ignored);
 * - every successful write, and every read that exports personal data, is one audit row.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/db';
import { BACKFILL_ACTION, recordAudit } from '../../store/audit';
import { requireBackfill } from '../operations/actor';
import { redactBody } from './logging';
import { isRead } from './authenticate';

/** Body fields that name who acts (操作人). */
export const ACTOR_FIELDS = [
  'by',
  'createdBy',
  'recordedBy',
  'decidedBy',
  'cancelledBy',
  'enrolledBy',
  'addedBy',
  'closedBy',
  'submittedBy',
  'reviewer',
] as const;

/**
 * Fields that name a registry person (an id checked against the registry, part of the record's
 * business: the mentoring coordinator who closed a pair), not the signed-in account. The audit
 * row still names the account.
 */
const PERSON_REFERENCES: Record<string, readonly string[]> = {
  'POST /mentoring/pairs/:id/close': ['closedBy'],
};

/**
 * Reads that hand out people's names or details as a list or a file (导出个人信息): audited like
 * writes. Route patterns as registered.
 */
export const PERSONAL_EXPORTS = new Set([
  '/people',
  '/people/:personId',
  '/people/:personId/profile',
  '/people/:personId/overview',
  '/registry/people/export',
  '/courses/:id/roll',
  '/notices',
  '/mentoring/pairs/:id',
  '/exam-campaigns/:id/report',
  '/exam-campaigns/:id/rewards',
  '/mentoring/programs/:id/report',
  '/reports/ce',
  '/credit-claims',
  '/reports/courses',
  '/cohorts/:id/progress',
  '/courses/:id/certificates/:personId',
]);

function bodyProperties(request: FastifyRequest): Record<string, unknown> | undefined {
  const schema = request.routeOptions.schema?.body as
    | { properties?: Record<string, unknown> }
    | undefined;
  return schema?.properties;
}

/** preValidation hook: the actor fields the route's body declares take the actor's username. */
export async function stampActor(request: FastifyRequest): Promise<void> {
  const props = bodyProperties(request);
  if (!props || !request.actor) return;
  const kept = PERSON_REFERENCES[`${request.method} ${request.routeOptions.url ?? ''}`] ?? [];
  const fields = ACTOR_FIELDS.filter((f) => f in props && !kept.includes(f));
  if (!fields.length) return;
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
    string,
    unknown
  >;
  for (const f of fields) body[f] = request.actor.username;
  request.body = body;
}

/** Whether a request asks for a backfill (`backfill: true` in its body). */
function backfills(request: FastifyRequest): boolean {
  const body = request.body as Record<string, unknown> | null | undefined;
  return Boolean(body && typeof body === 'object' && body.backfill === true);
}

/** preValidation hook: a backfill is an admin's alone (403 before anything is written). */
export async function backfillByAdmin(request: FastifyRequest): Promise<void> {
  if (request.actor && backfills(request)) requireBackfill(request.actor);
}

const ID_FIELDS = ['id', 'personId', 'personIds', 'unitIds', 'seriesIds', 'menteeId', 'mentorId'];

/** The record ids a request names: its path parameters, then ids in its body. */
export function targetsOf(request: FastifyRequest): string[] {
  const out = Object.values((request.params ?? {}) as Record<string, string>).map(String);
  const body = request.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object')
    for (const f of ID_FIELDS) {
      const v = body[f];
      if (typeof v === 'string') out.push(v);
      else if (Array.isArray(v)) out.push(...v.filter((x): x is string => typeof x === 'string'));
    }
  const query = request.query as Record<string, unknown> | undefined;
  if (typeof query?.unitId === 'string') out.push(query.unitId);
  return [...new Set(out)];
}

/** onResponse hook: one audit row per successful write or personal-data export. */
export function auditRequests(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.actor || reply.statusCode >= 400 || request.routeOptions.config.audited) return;
    const url = request.routeOptions.url ?? request.url;
    const read = isRead(request.method);
    if (read && !PERSONAL_EXPORTS.has(url)) return;
    try {
      await recordAudit(db, {
        actor: request.actor,
        action: read
          ? `export ${url}`
          : `${request.method} ${url}${backfills(request) ? BACKFILL_ACTION : ''}`,
        targets: targetsOf(request),
        // What was asked, with names and free text replaced (those stay in their own tables).
        after: read ? { query: request.query } : redactBody(request.body ?? null),
        ip: request.ip,
      });
    } catch (e) {
      request.log.error({ err: e }, 'audit row not written');
    }
  };
}
