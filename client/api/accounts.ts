/**
 * Users (admin only) and personal tokens (each user their own) over HTTP, the same operations as
 * `yz user …` and `yz token …`. These routes write their own audit rows (with before → after).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { YzContext } from '../operations/context';
import * as users from '../operations/accounts/users';
import * as tokens from '../operations/accounts/tokens';
import { ROLES } from '../../workflows/rules/roles';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route writes its own audit row (recording.ts skips it). */
    audited?: boolean;
  }
}

const text = { type: 'string', minLength: 1 } as const;
const unitIds = { type: 'array', items: text } as const;
const role = { type: 'string', enum: [...ROLES] } as const;
const config = { audited: true };

export async function accountRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const tags = ['accounts'];
  const c = (request: FastifyRequest) => ({ db: ctx.db, ip: request.ip });
  const name = { type: 'object', required: ['username'], properties: { username: text } } as const;

  api.get('/users', { schema: { tags, summary: '用户列表 / users (admin)' } }, async (request) =>
    users.listUsers(c(request), request.actor),
  );

  api.post<{
    Body: {
      username: string;
      displayName?: string;
      role: string;
      unitIds?: string[];
      password?: string;
    };
  }>(
    '/users',
    {
      config,
      schema: {
        tags,
        summary: '新增用户 / add a user (admin)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'role'],
          properties: { username: text, displayName: text, role, unitIds, password: text },
        },
      },
    },
    async (request, reply) => {
      const created = await users.addUser(c(request), request.actor, request.body);
      return reply.status(201).send(created);
    },
  );

  api.post<{ Params: { username: string }; Body: { role: string; unitIds?: string[] } }>(
    '/users/:username/roles',
    {
      config,
      schema: {
        tags,
        summary: '设置角色与单位范围 / set role and unit scope (admin)',
        params: name,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          properties: { role, unitIds },
        },
      },
    },
    async (request) =>
      users.setUserRole(
        c(request),
        request.actor,
        request.params.username,
        request.body.role,
        request.body.unitIds,
      ),
  );

  for (const [path, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const)
    api.post<{ Params: { username: string } }>(
      `/users/:username/${path}`,
      {
        config,
        schema: {
          tags,
          summary: disabled
            ? '停用用户（会话与令牌即时失效）/ disable a user: sessions and tokens stop at once (admin)'
            : '启用用户 / enable a user (admin)',
          params: name,
        },
      },
      async (request) =>
        users.setUserDisabled(c(request), request.actor, request.params.username, disabled),
    );

  api.post<{ Params: { username: string }; Body: { password: string } }>(
    '/users/:username/password',
    {
      config,
      schema: {
        tags,
        summary: '设置密码 / set a password (admin, or your own)',
        params: name,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['password'],
          properties: { password: text },
        },
      },
    },
    async (request) => {
      await users.setUserPassword(
        c(request),
        request.actor,
        request.params.username,
        request.body.password,
      );
      return { ok: true };
    },
  );

  api.get<{ Querystring: { all?: boolean } }>(
    '/tokens',
    {
      schema: {
        tags,
        summary: '我的令牌 / your tokens (all=true: everyone’s, admin)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { all: { type: 'boolean' } },
        },
      },
    },
    async (request) => tokens.listTokens(c(request), request.actor, request.query.all),
  );

  api.post<{ Body: { name: string; username?: string } }>(
    '/tokens',
    {
      config,
      schema: {
        tags,
        summary: '创建令牌（只显示一次）/ create a token, shown once',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: text, username: text },
        },
      },
    },
    async (request, reply) => {
      const made = await tokens.createToken(
        c(request),
        request.actor,
        request.body.name,
        request.body.username,
      );
      return reply.status(201).send({ token: made.token, ...made.view });
    },
  );

  api.post<{ Params: { id: string } }>(
    '/tokens/:id/revoke',
    {
      config,
      schema: {
        tags,
        summary: '吊销令牌 / revoke a token (your own; an admin any)',
        params: { type: 'object', required: ['id'], properties: { id: text } },
      },
    },
    async (request) => tokens.revokeToken(c(request), request.actor, request.params.id),
  );
}
