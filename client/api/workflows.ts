/**
 * Workflow routes of the HTTP API: find workflows (Temporal visibility) and read one's history
 * as a timeline, as `yz workflows` and `yz history` do. Workflow ids hold slashes: send them
 * URL-encoded (`/workflows/announcement%2Froom-302/history`).
 */
import type { FastifyInstance } from 'fastify';
import { listWorkflows, stuckWorkflows, workflowTimeline } from '../operations/admin/workflows';
import type { YzContext } from '../operations/context';

const text = { type: 'string', minLength: 1 } as const;
const limit = { type: 'integer', minimum: 1, maximum: 1000 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: text } } as const;

export async function workflowRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const { temporal: t, timeZone } = ctx.config;

  api.get<{
    Querystring: {
      type?: string;
      status?: string;
      key?: string;
      campaign?: string;
      step?: string;
      limit?: number;
    };
  }>(
    '/workflows',
    {
      schema: {
        tags: ['workflows'],
        summary:
          '查找工作流 / find workflows by type, status, id prefix, program (campaign) and business step (step)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { type: text, status: text, key: text, campaign: text, step: text, limit },
        },
      },
    },
    async (request) => {
      const { key, step, ...rest } = request.query;
      return listWorkflows(ctx.temporal, { ...rest, keyPrefix: key, businessStatus: step });
    },
  );

  api.get<{ Querystring: { limit?: number } }>(
    '/workflows/stuck',
    {
      schema: {
        tags: ['workflows'],
        summary: '卡住的工作流：某一步在重试 / running workflows whose step is being retried',
        querystring: { type: 'object', additionalProperties: false, properties: { limit } },
      },
    },
    async (request) => stuckWorkflows(ctx.temporal, request.query),
  );

  api.get<{ Params: { id: string }; Querystring: { steps?: string } }>(
    '/workflows/:id/history',
    {
      schema: {
        tags: ['workflows'],
        summary:
          '工作流经过（业务用语），?steps=1 列出内部步骤 / what happened, in business words; ?steps=1 for every internal step (id URL-encoded)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { steps: { type: 'string', enum: ['0', '1', 'false', 'true'] } },
        },
      },
    },
    async (request) =>
      workflowTimeline(ctx.temporal, { uiUrl: t.uiUrl, timeZone }, request.params.id, {
        steps: request.query.steps === '1' || request.query.steps === 'true',
      }),
  );
}
