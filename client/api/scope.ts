/**
 * A unit coordinator's reach over HTTP (单位范围). Routes are closed to unit coordinators unless
 * listed in UNIT_ROUTES; on a listed route every person and unit the request names (path,
 * query, body) must be in their units or below, else 404 naming the id, the same answer as for an
 * id that does not exist. A report or list without `unitId` takes the coordinator's unit (or asks
 * for one when they hold several). Admins, district coordinators and viewers pass untouched.
 */
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../store/db';
import type { Scope } from '../../store/auth/scope';
import { checkReach, scopeOfActor, type UnitReach } from '../operations/unitScope';

/**
 * How each route open to unit coordinators is narrowed (UnitReach, client/operations/unitScope.ts).
 * Routes left out are district-wide controls (pause, start, workflows, mail, users, vocabularies,
 * the organisation above a unit): 403.
 */
export const UNIT_ROUTES: Record<string, UnitReach> = {
  'GET /auth/me': 'own',
  'GET /tokens': 'own',
  'POST /tokens': 'own',
  'POST /tokens/:id/revoke': 'own',
  'POST /users/:username/password': 'own',
  'GET /units': 'unit',
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
export const requestScope = (db: Db, request: FastifyRequest): Promise<Scope> =>
  scopeOfActor(db, request.actor);

/** The preHandler hook of the guarded routes; a refusal is thrown, answered 403/404/400. */
export function unitScope(db: Db) {
  return async (request: FastifyRequest): Promise<void> => {
    const actor = request.actor;
    if (actor?.role !== 'unit') return;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const people = new Set<string>();
    const units = new Set<string>();
    for (const part of [request.params, request.body]) {
      collect(part, PERSON_FIELDS, people);
      collect(part, UNIT_FIELDS, units);
    }
    collect(query, PERSON_FIELDS, people);
    collect(query, ['unitIds'], units);
    const unitId = await checkReach(
      db,
      actor,
      UNIT_ROUTES[`${request.method} ${request.routeOptions.url ?? ''}`],
      {
        people: [...people],
        units: [...units],
        ...(typeof query.unitId === 'string' ? { unitId: query.unitId } : {}),
      },
    );
    if (unitId !== undefined) query.unitId = unitId;
  };
}
