/**
 * A unit coordinator's reach over HTTP (单位范围). Routes are closed to unit coordinators unless
 * listed in UNIT_ROUTES; on a listed route every person and unit the request names (path,
 * query, body) must be in their units or below, else 404 naming the id, the same answer as for an
 * id that does not exist. A report or list without `unitId` takes the coordinator's unit (or asks
 * for one when they hold several). Admins, district coordinators and viewers pass untouched.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/db';
import { peopleOutside, scopeOf, unitsOutside, type Scope } from '../../store/auth/scope';

/**
 * `unit`: a list or report narrowed by `?unitId=` (defaulted to the coordinator's unit);
 * `ids`: the request names its people or units, each checked; `scoped`: the operation narrows
 * its answer to the caller's units (requestScope), and the ids named are checked as for `ids`;
 * `own`: the caller's own things. Routes left out are district-wide controls (pause, start,
 * workflows, mail, users, vocabularies, the organisation above a unit): 403.
 */
export const UNIT_ROUTES: Record<string, 'unit' | 'ids' | 'scoped' | 'own'> = {
  'GET /auth/me': 'own',
  'GET /tokens': 'own',
  'POST /tokens': 'own',
  'POST /tokens/:id/revoke': 'own',
  'POST /users/:username/password': 'own',
  'GET /units': 'ids',
  'GET /people': 'unit',
  'GET /people/:personId': 'ids',
  'GET /people/:personId/profile': 'ids',
  'GET /people/:personId/overview': 'ids',
  'GET /programs': 'scoped',
  'GET /notices': 'scoped',
  'GET /announcements/:id': 'scoped',
  'GET /exam-campaigns/:id/progress': 'scoped',
  'GET /exam-campaigns/:id/funnel': 'scoped',
  'GET /courses/:id/roll': 'scoped',
  'GET /mentoring/pairs/:id': 'scoped',
  'GET /registry/people/export': 'unit',
  'GET /registry/census': 'unit',
  'GET /registry/rate': 'unit',
  'POST /exam-campaigns/:id/registrations': 'ids',
  'POST /exam-campaigns/:id/withdrawals': 'ids',
  'GET /exam-campaigns/:id/report': 'unit',
  'POST /exam-campaigns/:id/rewards/:personId/decision': 'ids',
  'POST /courses/:id/enrolments': 'ids',
  'POST /courses/:id/withdrawals': 'ids',
  'POST /courses/:id/attendance': 'ids',
  'POST /courses/:id/sessions/:sessionId/checkin': 'ids',
  'GET /courses/:id/certificates/:personId': 'ids',
  'GET /reports/courses': 'unit',
  'POST /censuses/:id/units/:unitId/submit': 'ids',
  'GET /credits/:personId': 'ids',
  'POST /credits/:personId/claims': 'ids',
  'GET /reports/ce': 'unit',
};

const PERSON_FIELDS = ['personId', 'personIds', 'menteeId', 'mentorId', 'traineeIds', 'mentorIds'];
const UNIT_FIELDS = ['unitId', 'unitIds'];

function collect(from: unknown, fields: string[], into: Set<string>): void {
  if (!from || typeof from !== 'object') return;
  const o = from as Record<string, unknown>;
  for (const f of fields) {
    const v = o[f];
    if (typeof v === 'string') into.add(v);
    else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') into.add(x);
  }
  // Attendance marks and similar rows name one person each.
  for (const rows of [o.marks, o.rows])
    if (Array.isArray(rows)) for (const row of rows) collect(row, PERSON_FIELDS, into);
}

/** The reach of the request's actor, for operations that narrow their answer (null: everything). */
export async function requestScope(db: Db, request: FastifyRequest): Promise<Scope> {
  return request.actor ? scopeOf(db, request.actor) : null;
}

const NOT_FOUND = (id: string) => `未找到 / not found: ${id}`;

/** The preHandler hook of the guarded routes. */
export function unitScope(db: Db) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const actor = request.actor;
    if (actor?.role !== 'unit') return;
    const key = `${request.method} ${request.routeOptions.url ?? ''}`;
    const kind = UNIT_ROUTES[key];
    if (!kind) {
      await reply.status(403).send({
        error: '单位协调员暂不能使用此功能 / not open to unit coordinators',
        statusCode: 403,
      });
      return;
    }
    if (kind === 'own') return;
    const scope = await scopeOf(db, actor);
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (kind === 'unit' && query.unitId === undefined) {
      if (actor.unitIds.length !== 1) {
        await reply.status(400).send({
          error: `请指定单位 / give unitId: one of ${actor.unitIds.join(', ')}`,
          statusCode: 400,
        });
        return;
      }
      query.unitId = actor.unitIds[0];
    }
    const people = new Set<string>();
    const units = new Set<string>();
    for (const part of [request.params, request.query, request.body]) {
      collect(part, PERSON_FIELDS, people);
      collect(part, UNIT_FIELDS, units);
    }
    const outside = [
      ...(await unitsOutside(db, scope, [...units])),
      ...(await peopleOutside(db, scope, [...people])),
    ];
    if (outside.length)
      await reply.status(404).send({ error: NOT_FOUND(outside.join(', ')), statusCode: 404 });
  };
}
