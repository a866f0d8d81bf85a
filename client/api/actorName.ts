/**
 * Who acts in a request: the authenticated actor's username once the accounts layer decorates
 * requests with `request.actor`; until then the body's `by`, else "api".
 */
import type { FastifyRequest } from 'fastify';

export function actorName(request: FastifyRequest, by?: string): string {
  const actor = (request as FastifyRequest & { actor?: { username?: string } }).actor;
  return actor?.username ?? by ?? 'api';
}
