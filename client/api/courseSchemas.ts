/**
 * JSON schema pieces the course, cohort and credits routes share (client/api/courses.ts,
 * cohorts.ts, credits.ts).
 */
import type { FastifyInstance } from 'fastify';

export const text = { type: 'string', minLength: 1 } as const;
export const format = { type: 'string', enum: ['xlsx', 'csv'] } as const;
export const ids = { type: 'array', items: text } as const;
export const seriesParams = { type: 'object', required: ['id'], properties: { id: text } } as const;
export const sessionParams = {
  type: 'object',
  required: ['id', 'sessionId'],
  properties: { id: text, sessionId: text },
} as const;
export const personParams = {
  type: 'object',
  required: ['personId'],
  properties: { personId: text },
} as const;
export const obj = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

/** Cancelling as a whole: who (recorded; default "api") and why (kept in the database only). */
export const cancelBody = obj([], {
  by: text,
  reason: {
    type: 'string',
    description: '原因（仅存于数据库）/ reason, kept in the database only',
  },
});

/** Route parameters by name (all strings). */
export type P<T = Record<string, string>> = { Params: T };

/** `POST <url>` (`url` ends in /:id/cancel): cancels a whole series or cohort by `run`. */
export function cancelRoute(
  api: FastifyInstance,
  url: string,
  schema: { tags: string[]; summary: string },
  run: (id: string, body: { by: string; reason?: string }) => Promise<unknown>,
): void {
  api.post<P<{ id: string }> & { Body: { by?: string; reason?: string } }>(
    url,
    { schema: { ...schema, params: seriesParams, body: cancelBody } },
    async (request) => run(request.params.id, { by: 'api', ...request.body }),
  );
}
