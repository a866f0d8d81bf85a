/**
 * The programs under way (GET /programs) for the console's dashboard, and the notices outbox
 * (GET /notices): read-only views over the operations in client/operations/overview and admin.
 */
import type { FastifyInstance } from 'fastify';
import type { YzContext } from '../operations/context';
import { listPrograms } from '../operations/overview/programs';
import { listNotices, type NoticeFilter } from '../operations/admin/notices';
import type { ProgramKind } from '../../workflows/rules/programProgress';
import { requestScope } from './scope';

const text = { type: 'string', minLength: 1 } as const;

export async function programRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  api.get<{ Querystring: { kind?: ProgramKind; all?: boolean } }>(
    '/programs',
    {
      schema: {
        tags: ['overview'],
        summary: '进行中的项目及进度 / programs under way with their progress',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['exam', 'course', 'census', 'mentoring'] },
            all: { type: 'boolean', description: 'finished programs too' },
          },
        },
      },
    },
    async (request) => listPrograms(ctx, request.query, await requestScope(ctx.db, request)),
  );

  api.get<{ Querystring: NoticeFilter }>(
    '/notices',
    {
      schema: {
        tags: ['notices'],
        summary: '通知记录 / the notices outbox by person, template, status',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            personId: text,
            template: text,
            status: text,
            limit: { type: 'integer', minimum: 1, maximum: 1000 },
          },
        },
      },
    },
    async (request) => listNotices(ctx, request.query, await requestScope(ctx.db, request)),
  );
}
