/**
 * Sign-in routes of the console (登录): POST /auth/login sets the `yz_session` cookie (HttpOnly,
 * SameSite=Strict, Path=/) and answers the user and the CSRF token its writes must send;
 * GET /auth/me answers the same for a live session or token; POST /auth/logout ends the session.
 */
import type { FastifyInstance } from 'fastify';
import type { YzContext } from '../operations/context';
import type { Actor } from '../operations/actor';
import { loginAccount } from '../../store/auth/users';
import { verifyPassword } from '../../store/auth/password';
import { createSession, endSession } from '../../store/auth/sessions';
import { recordAudit } from '../../store/audit';
import { LoginLimiter } from './loginLimiter';
import { resolveActor, SESSION_COOKIE } from './authenticate';

export interface SignedIn {
  user: { id: string; username: string; displayName: string; role: string; unitIds: string[] };
  csrfToken: string | null;
}

export const signedIn = (a: Actor, csrfToken: string | null): SignedIn => ({
  user: {
    id: a.userId,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    unitIds: a.unitIds,
  },
  csrfToken,
});

const WRONG = '用户名或密码错误 / wrong username or password';

const userSchema = {
  type: 'object',
  properties: {
    user: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        username: { type: 'string' },
        displayName: { type: 'string' },
        role: { type: 'string', enum: ['admin', 'district', 'unit', 'viewer'] },
        unitIds: { type: 'array', items: { type: 'string' } },
      },
    },
    csrfToken: { type: ['string', 'null'] },
  },
} as const;

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, statusCode: { type: 'integer' } },
} as const;

export async function authRoutes(app: FastifyInstance, ctx: YzContext): Promise<void> {
  const { auth } = ctx.config;
  const limiter = new LoginLimiter(auth.loginAttempts);
  const tags = ['auth'];
  const cookie = {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure: auth.cookieSecure,
  };

  app.post<{ Body: { username: string; password: string } }>(
    '/auth/login',
    {
      schema: {
        tags,
        security: [],
        summary: '登录 / sign in: sets the yz_session cookie, answers the CSRF token',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 100 },
            password: { type: 'string', minLength: 1, maxLength: 1000 },
          },
        },
        response: { 200: userSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const wait = limiter.retryAfter(username, request.ip);
      if (wait > 0)
        return reply
          .status(429)
          .header('retry-after', String(wait))
          .send({
            error: `尝试次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试 / too many wrong passwords: try again in ${wait} s`,
            statusCode: 429,
          });
      const account = await loginAccount(ctx.db, username);
      const ok = await verifyPassword(password, account?.passwordHash ?? null);
      if (!account || !ok || account.disabled) {
        limiter.fail(username, request.ip);
        request.log.warn({ ip: request.ip }, 'sign-in refused');
        return reply.status(401).send({ error: WRONG, statusCode: 401 });
      }
      limiter.succeed(username, request.ip);
      const session = await createSession(
        ctx.db,
        account.actor.userId,
        auth.sessionTtlMs,
        request.ip,
      );
      await recordAudit(ctx.db, {
        actor: account.actor,
        action: 'auth.login',
        targets: [account.actor.userId],
        ip: request.ip,
      });
      void reply.setCookie(SESSION_COOKIE, session.secret, {
        ...cookie,
        expires: session.expiresAt,
      });
      return signedIn(account.actor, session.csrfToken);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags,
        summary: '当前用户 / who is signed in (401 when not)',
        response: { 200: userSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const r = await resolveActor(ctx.db, request, ctx.config.api.token);
      if (!r.ok) return reply.status(401).send({ error: r.error, statusCode: r.statusCode });
      return signedIn(r.actor, r.csrfToken);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, security: [], summary: '退出登录 / sign out: ends the session' } },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await endSession(ctx.db, secret);
      void reply.clearCookie(SESSION_COOKIE, cookie);
      return { ok: true };
    },
  );
}
