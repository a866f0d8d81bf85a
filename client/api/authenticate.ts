/**
 * Who is asking (身份认证), for every route but /health, /openapi.json, /docs and /auth/login:
 * a personal token (`Authorization: Bearer yzt_…`), the configured API_TOKEN (the bootstrap
 * admin's token, kept so earlier scripts work), or the console's `yz_session` cookie, whose
 * writes must carry `x-csrf-token`. Sets `request.actor`; a viewer's write is refused (403).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../store/db';
import type { Actor } from '../operations/actor';
import { bootstrapActor, ensureBootstrapAdmin } from '../../store/auth/bootstrap';
import { tokenActor } from '../../store/auth/tokens';
import { readSession } from '../../store/auth/sessions';
import { canWrite } from '../../workflows/rules/roles';

export const SESSION_COOKIE = 'yz_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated actor: set on every route behind `authenticate`. */
    actor: Actor;
    /** How the actor was authenticated; `session` requests carry a CSRF token. */
    authVia: 'session' | 'token' | null;
    /** The session's CSRF token (session requests only). */
    csrfToken: string | null;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export const isRead = (method: string) => method === 'GET' || method === 'HEAD';

async function refuse(reply: FastifyReply, statusCode: number, error: string): Promise<void> {
  if (statusCode === 401) void reply.header('www-authenticate', 'Bearer');
  await reply.status(statusCode).send({ error, statusCode });
}

export const NOT_SIGNED_IN =
  '未登录或令牌无效 / not signed in, or a wrong, revoked or disabled token: sign in at POST /auth/login, or send Authorization: Bearer <token>';

/**
 * The actor behind a bearer token, or null. API_TOKEN on a database without accounts makes the
 * first admin (no password; `npm start` sets and prints one).
 */
async function bearerActor(db: Db, given: string, apiToken: string | undefined) {
  if (apiToken && same(given, apiToken)) {
    const actor = await bootstrapActor(db);
    if (actor) return actor;
    await ensureBootstrapAdmin(db);
    return bootstrapActor(db);
  }
  return tokenActor(db, given);
}

export type Resolved =
  | { ok: true; actor: Actor; via: 'session' | 'token'; csrfToken: string | null }
  | { ok: false; statusCode: number; error: string };

/** Authenticates a request without answering it (also used by GET /auth/me). */
export async function resolveActor(
  db: Db,
  request: FastifyRequest,
  apiToken: string | undefined,
): Promise<Resolved> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const actor = given ? await bearerActor(db, given, apiToken) : null;
    return actor
      ? { ok: true, actor, via: 'token', csrfToken: null }
      : { ok: false, statusCode: 401, error: NOT_SIGNED_IN };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return { ok: false, statusCode: 401, error: NOT_SIGNED_IN };
  const session = await readSession(db, cookie);
  if (!session.ok)
    return {
      ok: false,
      statusCode: 401,
      error:
        session.why === 'expired'
          ? '会话已过期，请重新登录 / session expired: sign in again'
          : session.why === 'disabled'
            ? '账号已停用 / this account is disabled'
            : '会话无效，请重新登录 / unknown session: sign in again',
    };
  return { ok: true, actor: session.actor, via: 'session', csrfToken: session.csrfToken };
}

/** The onRequest hook of the guarded routes. */
export function authenticate(db: Db, apiToken: string | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const r = await resolveActor(db, request, apiToken);
    if (!r.ok) return refuse(reply, r.statusCode, r.error);
    request.actor = r.actor;
    request.authVia = r.via;
    request.csrfToken = r.csrfToken;
    if (isRead(request.method)) return;
    if (r.via === 'session') {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !r.csrfToken || !same(sent, r.csrfToken))
        return refuse(
          reply,
          403,
          `缺少或错误的 CSRF 令牌 / missing or wrong ${CSRF_HEADER} header (the csrfToken from /auth/login or /auth/me)`,
        );
    }
    if (!canWrite(r.actor.role))
      return refuse(reply, 403, '只读账号不能修改 / a viewer account is read-only');
  };
}
