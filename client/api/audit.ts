/** The audit trail over HTTP (admin): `GET /audit` as JSON, or CSV with `format=csv`. */
import type { FastifyInstance } from 'fastify';
import type { YzContext } from '../operations/context';
import { auditCsv, auditList, type AuditFilter } from '../operations/accounts/audit';

export async function auditRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const text = { type: 'string', minLength: 1 } as const;
  api.get<{ Querystring: AuditFilter & { format?: 'json' | 'csv' } }>(
    '/audit',
    {
      config: { audited: true },
      schema: {
        tags: ['accounts'],
        summary: '审计记录 / the audit trail, newest first (admin); format=csv to export',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            actor: { ...text, description: '操作人用户名 / username' },
            action: { ...text, description: '操作（前缀）/ action, or its start' },
            from: { ...text, description: 'ISO date or date-time, inclusive' },
            to: { ...text, description: 'ISO date or date-time, exclusive' },
            limit: { type: 'integer', minimum: 1, maximum: 10000 },
            format: { type: 'string', enum: ['json', 'csv'] },
          },
        },
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const c = { db: ctx.db, ip: request.ip };
      if (format !== 'csv') return auditList(c, request.actor, filter);
      const file = await auditCsv(c, request.actor, filter);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', 'attachment; filename="audit.csv"')
        .send(file.bytes);
    },
  );
}
