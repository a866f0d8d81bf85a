/**
 * Announcement routes of the HTTP API (通知; registered behind the bearer guard in
 * client/api/server.ts): the same operations as `yz announce …`.
 */
import type { FastifyInstance } from 'fastify';
import { requestScope } from './scope';
import { LOCAL_OR_ISO } from './timeSchema';
import {
  announcementStatus,
  cancelAnnouncement,
  createAnnouncement,
  listAnnouncements,
} from '../operations/announcements/announcements';
import { announcementContext, type YzContext } from '../operations/context';
import { workflowUiUrl } from '../operations/admin/history';

const text = { type: 'string', minLength: 1 } as const;
const ids = { type: 'array', items: text } as const;
const limit = { type: 'integer', minimum: 1, maximum: 1000 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: text } } as const;

const announcementBody = {
  type: 'object',
  required: ['id', 'title', 'body', 'audience'],
  additionalProperties: false,
  properties: {
    id: { ...text, description: 'business key, e.g. room-302; the workflow is announcement/<id>' },
    title: { ...text, description: '标题 (zh-CN)' },
    body: { ...text, description: '正文 (zh-CN); {name} becomes each person’s name' },
    titleEn: text,
    bodyEn: text,
    audience: {
      type: 'object',
      additionalProperties: false,
      description: 'people by id, plus people in these units (sub-units included) with these roles',
      properties: { personIds: ids, unitIds: ids, roles: ids, notCertifiedAt: text },
    },
    sendAt: { type: 'string', minLength: 1, description: `${LOCAL_OR_ISO}; absent: now` },
    createdBy: { ...text, description: 'who sends it (default "api")' },
  },
} as const;

interface AnnouncementBody {
  id: string;
  title: string;
  body: string;
  titleEn?: string;
  bodyEn?: string;
  audience: { personIds?: string[]; unitIds?: string[]; roles?: string[] };
  sendAt?: string;
  createdBy?: string;
}

export async function announcementRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const t = ctx.config.temporal;
  const actx = announcementContext(ctx);

  api.post<{ Body: AnnouncementBody }>(
    '/announcements',
    {
      schema: {
        tags: ['announcements'],
        summary: '发送通知 / send an announcement',
        body: announcementBody,
      },
    },
    async (request, reply) => {
      const { createdBy, ...req } = request.body;
      const started = await createAnnouncement(actx, { ...req, createdBy: createdBy ?? 'api' });
      const url = workflowUiUrl(t.uiUrl, t.namespace, started.workflowId);
      await reply.status(201).send({ ...started, url });
    },
  );

  api.get<{ Querystring: { limit?: number } }>(
    '/announcements',
    {
      schema: {
        tags: ['announcements'],
        summary: '列出通知 / list announcements, newest first',
        querystring: { type: 'object', additionalProperties: false, properties: { limit } },
      },
    },
    async (request) => listAnnouncements(actx, { limit: request.query.limit }),
  );

  api.get<{ Params: { id: string } }>(
    '/announcements/:id',
    { schema: { tags: ['announcements'], summary: '通知进度 / progress', params: idParams } },
    async (request) =>
      announcementStatus(actx, request.params.id, await requestScope(ctx.db, request)),
  );

  api.post<{ Params: { id: string }; Body: { by?: string } | undefined }>(
    '/announcements/:id/cancel',
    {
      schema: {
        tags: ['announcements'],
        summary: '取消通知 / cancel what is not yet sent (by: who cancels, recorded)',
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { by: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request) => cancelAnnouncement(actx, request.params.id, request.body?.by ?? 'api'),
  );
}
