/**
 * The programs under way (GET /programs) for the console's dashboard, and the notices outbox
 * (GET /notices, and an admin's resend of a failed or unconfirmed notice): views over the
 * operations in client/operations/overview and admin.
 */
import type { FastifyInstance } from 'fastify';
import { announcementContext, type YzContext } from '../operations/context';
import { listPrograms } from '../operations/overview/programs';
import { listNotices, resendNotice, type NoticeFilter } from '../operations/admin/notices';
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

  api.post<{ Params: { id: string } }>(
    '/notices/:id/resend',
    {
      schema: {
        tags: ['notices'],
        summary:
          '重发失败或未确认的通知（仅管理员）/ resend a failed or unconfirmed notice, admin only; a sent one never again',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: '^[0-9]+$' } },
        },
      },
    },
    async (request) =>
      resendNotice(announcementContext(ctx), request.actor, Number(request.params.id)),
  );
}
