/**
 * Mail routes of the HTTP API: the local SMTP sink's messages (邮件箱), as `yz mail …` shows them.
 */
import type { FastifyInstance } from 'fastify';
import { listMail, readMailFile } from '../operations/admin/mail';
import type { YzContext } from '../operations/context';

const text = { type: 'string', minLength: 1 } as const;
const limit = { type: 'integer', minimum: 1, maximum: 1000 } as const;

export async function mailRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const { mailDir } = ctx.config;

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
}
