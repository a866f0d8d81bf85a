/**
 * The HTTP API: the CLI's operations over JSON, for the web console and other systems.
 * Every route but /health, /openapi.json, /docs and /auth/login needs a signed-in user
 * (authenticate.ts): a personal token `Authorization: Bearer yzt_…`, API_TOKEN (the bootstrap
 * admin's token), or the console's session cookie with `x-csrf-token` on writes. The actor fields
 * of a body take the user's name, and writes and personal-data exports are audited (recording.ts).
 * Bodies, parameters and query strings are checked against JSON schemas (which also make the
 * OpenAPI document); business rules stay in the operations. Errors are `{ error, statusCode }`;
 * a fault (500) also carries `requestId`, the id its line in the API log has (logging.ts).
 *
 * Each route group is its own file: announcements.ts, mail.ts, workflows.ts (workflows and their
 * histories), registry.ts, census.ts, courses.ts, mentoring.ts, exam.ts, examControls.ts,
 * programs.ts (programs under way, the notices outbox); console.ts serves the web console.
 */
import Fastify, { type FastifyInstance, type FastifySchemaValidationError } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { YzContext } from '../operations/context';
import { announcementRoutes } from './announcements';
import { mailRoutes } from './mail';
import { workflowRoutes } from './workflows';
import { registryRoutes } from './registry';
import { peopleRoutes } from './people';
import { censusRoutes } from './census';
import { courseRoutes } from './courses';
import { mentoringRoutes } from './mentoring';
import { examRoutes } from './exam';
import { codecRoutes } from './codec';
import { orgRoutes } from './org';
import { personChangeRoutes } from './personChanges';
import { examControlRoutes } from './examControls';
import { programRoutes } from './programs';
import { consoleRoutes } from './console';
import { courseRollRoutes, publicCheckInRoutes } from './courseRoll';
import { apiLogging, redactBody } from './logging';
import { authenticate } from './authenticate';
import { authRoutes } from './auth';
import { accountRoutes } from './accounts';
import { auditRoutes } from './audit';
import { backupRoutes } from './backup';
import { auditRequests, backfillByAdmin, stampActor } from './recording';
import { unitScope } from './scope';
import { ConfigError, httpStatus, isUserError } from '../../common/errors';

// ---- validation errors ----------------------------------------------------------------------

/** `body.audience.unitIds is required`-style messages naming the field. */
function schemaError(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const e = errors[0]!;
  const where = dataVar + e.instancePath.replace(/\//g, '.');
  const params = e.params as { missingProperty?: string; additionalProperty?: string };
  if (params.missingProperty) {
    const field = `${where}.${params.missingProperty}`;
    return new Error(`${field} 必填 / ${field} is required`);
  }
  if (params.additionalProperty) {
    const field = `${where}.${params.additionalProperty}`;
    return new Error(`${field} 不是可用的字段 / ${field} is not a known field`);
  }
  return new Error(`${where} 的值不合要求 / ${where} ${e.message ?? 'is invalid'}`);
}

// ---- errors ---------------------------------------------------------------------------------

function errorReply(
  error: unknown,
  requestId: string,
): { statusCode: number; error: string; requestId?: string } {
  if (isUserError(error)) return { statusCode: httpStatus(error), error: error.message };
  const e = error as { statusCode?: number; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
    return { statusCode: e.statusCode, error: e.message ?? 'bad request' };
  return {
    statusCode: 500,
    error: `内部错误，请凭请求编号查 API 日志 / internal error: see the API log for request ${requestId}`,
    requestId,
  };
}

// ---- the app ---------------------------------------------------------------------------------

export async function buildApi(
  ctx: YzContext,
  options: {
    /** Where the log's JSON lines go (default stdout), at the level of YZ_LOG_LEVEL. */
    logStream?: { write(line: string): void };
  } = {},
): Promise<FastifyInstance> {
  const token = ctx.config.api.token;
  if (!token)
    throw new ConfigError(
      '未设置 API_TOKEN：HTTP API 需要持有者令牌 / API_TOKEN is not set: the HTTP API needs a bearer token',
    );
  const app = Fastify({
    ...apiLogging(ctx.config.log.level, options.logStream),
    ajv: { customOptions: { removeAdditional: false } },
    schemaErrorFormatter: schemaError,
  });

  app.setErrorHandler(async (error, request, reply) => {
    const answer = errorReply(error, request.id);
    if (answer.statusCode === 500)
      request.log.error({ err: error, body: redactBody(request.body) }, 'request failed');
    await reply.status(answer.statusCode).send(answer);
  });
  app.setNotFoundHandler(async (request, reply) => {
    await reply.status(404).send({
      error: `没有此接口 / no route ${request.method} ${request.url.split('?')[0]}`,
      statusCode: 404,
    });
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: '雁阵 Yanzhen API',
        description: '社工培养工作流 / workflows for social-work training programs',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'yz_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(cookie);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('authVia', null);
  app.decorateRequest('csrfToken', null);

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

  // The Web UI's remote codec: its own CORS preflight, then the same sign-in as the API.
  await codecRoutes(app, ctx, authenticate(ctx.db, token));
  await authRoutes(app, ctx);
  await consoleRoutes(app);
  await publicCheckInRoutes(app, ctx);

  await app.register(async (api) => {
    api.addHook('onRequest', authenticate(ctx.db, token));
    api.addHook('preValidation', stampActor);
    api.addHook('preValidation', backfillByAdmin);
    api.addHook('preHandler', unitScope(ctx.db));
    api.addHook('onResponse', auditRequests(ctx.db));

    await accountRoutes(api, ctx);
    await auditRoutes(api, ctx);
    await backupRoutes(api, ctx);
    await announcementRoutes(api, ctx);
    await mailRoutes(api, ctx);
    await workflowRoutes(api, ctx);
    await registryRoutes(api, ctx);
    await peopleRoutes(api, ctx);
    await censusRoutes(api, ctx);
    await courseRoutes(api, ctx);
    await courseRollRoutes(api, ctx);
    await mentoringRoutes(api, ctx);
    await examRoutes(api, ctx);
    await orgRoutes(api, ctx);
    await personChangeRoutes(api, ctx);
    await examControlRoutes(api, ctx);
    await programRoutes(api, ctx);
  });

  return app;
}
