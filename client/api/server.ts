/**
 * The HTTP API: the CLI's operations over JSON, for the web console and other systems.
 * Every route but /health, /openapi.json and /docs needs `Authorization: Bearer <API_TOKEN>`.
 * Bodies, parameters and query strings are checked against JSON schemas (which also make the
 * OpenAPI document); business rules stay in the operations. Errors are `{ error, statusCode }`.
 *
 * Registry and census routes are in client/api/registry.ts.
 *
 * Workflow ids hold slashes: send them URL-encoded (`/workflows/announcement%2Froom-302/history`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifySchemaValidationError,
} from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  announcementStatus,
  cancelAnnouncement,
  createAnnouncement,
  listAnnouncements,
} from '../operations/announcements/announcements';
import { announcementContext, type YzContext } from '../operations/context';
import { workflowUiUrl } from '../operations/admin/history';
import { listMail, readMailFile } from '../operations/admin/mail';
import { listWorkflows, workflowTimeline } from '../operations/admin/workflows';
import { registryRoutes } from './registry';
import { courseRoutes } from './courses';
import { mentoringRoutes } from './mentoring';
import { examRoutes } from './exam';
import { ConfigError, httpStatus, isUserError } from '../../common/errors';

// ---- schemas ------------------------------------------------------------------------------

const text = { type: 'string', minLength: 1 } as const;
const ids = { type: 'array', items: text } as const;
const limit = { type: 'integer', minimum: 1, maximum: 1000 } as const;

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
    sendAt: { type: 'string', format: 'date-time', description: 'absent: now' },
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

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: text },
} as const;

/** `body.audience.unitIds is required`-style messages naming the field. */
function schemaError(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const e = errors[0]!;
  const where = dataVar + e.instancePath.replace(/\//g, '.');
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (params.missingProperty) return new Error(`${where}.${params.missingProperty} is required`);
  if (params.additionalProperty)
    return new Error(`${where}.${params.additionalProperty} is not a known field`);
  return new Error(`${where} ${e.message ?? 'is invalid'}`);
}

// ---- auth and errors ---------------------------------------------------------------------------

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function bearerGuard(token: string) {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given && timingSafeEqual(digest(given), expected)) return;
    await reply.status(401).header('www-authenticate', 'Bearer').send({
      error: 'missing or wrong bearer token (Authorization: Bearer <API_TOKEN>)',
      statusCode: 401,
    });
  };
}

function errorReply(error: unknown): { statusCode: number; error: string } {
  if (isUserError(error)) return { statusCode: httpStatus(error), error: error.message };
  const e = error as { statusCode?: number; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return { statusCode: e.statusCode, error: e.message ?? 'bad request' };
  return { statusCode: 500, error: 'internal error (see the API log)' };
}

// ---- the app ---------------------------------------------------------------------------------

export async function buildApi(
  ctx: YzContext,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const token = ctx.config.api.token;
  if (!token) throw new ConfigError('API_TOKEN is not set: the HTTP API needs a bearer token');
  const { temporal: t, mailDir, timeZone } = ctx.config;
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { removeAdditional: false } },
    schemaErrorFormatter: schemaError,
  });

  app.setErrorHandler(async (error, request, reply) => {
    const answer = errorReply(error);
    if (answer.statusCode === 500) request.log.error(error);
    await reply.status(answer.statusCode).send(answer);
  });
  app.setNotFoundHandler(async (request, reply) => {
    await reply
      .status(404)
      .send({ error: `no route ${request.method} ${request.url.split('?')[0]}`, statusCode: 404 });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: '雁阵 Yanzhen API',
        description: '社工培养工作流 / workflows for social-work training programs',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get(
    '/health',
    { schema: { tags: ['system'], summary: '健康检查 / health', security: [] } },
    async (_request, reply) => {
      const check = (p: Promise<unknown>) => p.then(() => 'ok').catch((e: Error) => e.message);
      const checks = {
        database: await check(ctx.db.$queryRawUnsafe('SELECT 1')),
        temporal: await check(ctx.temporal.workflowService.getSystemInfo({})),
      };
      const ok = Object.values(checks).every((c) => c === 'ok');
      await reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', checks });
    },
  );

  await app.register(async (api) => {
    api.addHook('onRequest', bearerGuard(token));
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
      async (request) => announcementStatus(actx, request.params.id),
    );

    api.post<{ Params: { id: string } }>(
      '/announcements/:id/cancel',
      { schema: { tags: ['announcements'], summary: '取消通知 / cancel', params: idParams } },
      async (request) => cancelAnnouncement(actx, request.params.id),
    );

    api.get<{ Querystring: { to?: string; limit?: number } }>(
      '/mail',
      {
        schema: {
          tags: ['mail'],
          summary: '本地收件夹的邮件，最新在前 / messages in the SMTP sink, newest first',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { to: text, limit },
          },
        },
      },
      async (request) => listMail(mailDir, request.query),
    );

    api.get<{ Params: { file: string } }>(
      '/mail/:file',
      {
        schema: {
          tags: ['mail'],
          summary: '阅读邮件 / read one message',
          params: { type: 'object', required: ['file'], properties: { file: text } },
        },
      },
      async (request) => readMailFile(mailDir, request.params.file),
    );

    api.get<{ Querystring: { type?: string; status?: string; key?: string; limit?: number } }>(
      '/workflows',
      {
        schema: {
          tags: ['workflows'],
          summary: '查找工作流 / find workflows by type, status and id prefix',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { type: text, status: text, key: text, limit },
          },
        },
      },
      async (request) => {
        const { key, ...rest } = request.query;
        return listWorkflows(ctx.temporal, { ...rest, keyPrefix: key });
      },
    );

    api.get<{ Params: { id: string } }>(
      '/workflows/:id/history',
      {
        schema: {
          tags: ['workflows'],
          summary: '历史时间线 / a workflow’s history as a timeline (id URL-encoded)',
          params: idParams,
        },
      },
      async (request) =>
        workflowTimeline(ctx.temporal, { uiUrl: t.uiUrl, timeZone }, request.params.id),
    );

    await registryRoutes(api, ctx);
    await courseRoutes(api, ctx);
    await mentoringRoutes(api, ctx);
    await examRoutes(api, ctx);
  });

  return app;
}
