/**
 * `POST /admin/backup` (admins only): `yz backup` over HTTP, into the data folder's backups/ (a
 * caller never names a path on the server). Restoring stays on the command line: it replaces
 * the database this server is serving from.
 */
import type { FastifyInstance } from 'fastify';
import { backupDatabase } from '../operations/admin/backup';
import type { YzContext } from '../operations/context';

export async function backupRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  api.post(
    '/admin/backup',
    {
      // The operation writes its own audit row.
      config: { audited: true },
      schema: {
        tags: ['admin'],
        summary:
          '备份数据库（仅管理员）/ a consistent copy of the database into the data folder’s backups/, admin only',
      },
    },
    async (request) =>
      backupDatabase({ db: ctx.db, config: ctx.config, ip: request.ip }, request.actor),
  );
}
