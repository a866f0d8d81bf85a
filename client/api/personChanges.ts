/**
 * People's working life over HTTP, as `yz person transfer|leave|return|merge`.
 */
import type { FastifyInstance } from 'fastify';
import type { YzContext } from '../operations/context';
import * as lifecycle from '../operations/registry/lifecycle';
import { actorName } from './actorName';

const text = { type: 'string', minLength: 1 } as const;
const date = { ...text, description: 'date, e.g. 2026-12-01' };
const by = { ...text, description: 'who acts (until accounts: recorded as given)' };
const params = { type: 'object', required: ['personId'], properties: { personId: text } } as const;
const body = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

export async function personChangeRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const tags = ['registry'];
  type P = { personId: string };

  api.post<{ Params: P; Body: { toUnitId: string; on: string; by?: string } }>(
    '/people/:personId/transfer',
    {
      schema: {
        tags,
        summary: '调动 / transfer to another unit',
        params,
        body: body(['toUnitId', 'on'], { toUnitId: text, on: date, by }),
      },
    },
    async (r) => lifecycle.transfer(ctx, { ...r.params, ...r.body, by: actorName(r, r.body.by) }),
  );

  api.post<{ Params: P; Body: { on: string; reason: string; by?: string } }>(
    '/people/:personId/leave',
    {
      schema: {
        tags,
        summary: '离职 / record leaving (the reason stays in the database)',
        params,
        body: body(['on', 'reason'], { on: date, reason: text, by }),
      },
    },
    async (r) => lifecycle.leave(ctx, { ...r.params, ...r.body, by: actorName(r, r.body.by) }),
  );

  api.post<{ Params: P; Body: { on: string; unitId?: string; by?: string } }>(
    '/people/:personId/return',
    {
      schema: {
        tags,
        summary: '返岗 / record a return',
        params,
        body: body(['on'], { on: date, unitId: text, by }),
      },
    },
    async (r) =>
      lifecycle.returnToWork(ctx, { ...r.params, ...r.body, by: actorName(r, r.body.by) }),
  );

  api.post<{ Params: P; Body: { mergeId: string; on?: string; by?: string } }>(
    '/people/:personId/merge',
    {
      schema: {
        tags,
        summary:
          '合并重复记录（并入 personId）/ merge another record of the same person into this one',
        params,
        body: body(['mergeId'], { mergeId: text, on: date, by }),
      },
    },
    async (r) =>
      lifecycle.merge(ctx, {
        keepId: r.params.personId,
        mergeId: r.body.mergeId,
        on: r.body.on ?? new Date().toISOString().slice(0, 10),
        by: actorName(r, r.body.by),
      }),
  );
}
