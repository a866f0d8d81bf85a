/**
 * People and units routes of the HTTP API, as `yz person list` and `yz unit list` show them.
 */
import type { FastifyInstance } from 'fastify';
import { announcementContext, type YzContext } from '../operations/context';
import { showPersonProfile } from '../operations/registry/personProfile';
import {
  listPeople,
  listUnits,
  showPerson,
  MAX_PERSON_LIMIT,
  type PersonQuery,
} from '../operations/registry/people';
import { erasePersonalData } from '../operations/admin/erasure';

const text = { type: 'string', minLength: 1 } as const;
const unitId = { ...text, description: '单位编号（含下级）/ unit id, sub-units included' };

export async function peopleRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const tags = ['registry'];

  api.get<{ Querystring: PersonQuery }>(
    '/people',
    {
      schema: {
        tags,
        summary: '人员查询 / people by name, unit, role, certificate level',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { ...text, description: '姓名包含 / name contains' },
            unitId,
            role: { ...text, description: 'role code or its Chinese word, e.g. supervisor / 督导' },
            level: {
              ...text,
              description: 'certificate level held, e.g. social_worker / 社会工作师',
            },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PERSON_LIMIT },
            all: { type: 'boolean', description: 'inactive people too' },
          },
        },
      },
    },
    async (request) => listPeople(ctx, request.query),
  );

  api.get<{ Params: { personId: string } }>(
    '/people/:personId',
    {
      schema: {
        tags,
        summary: '人员信息 / one person: unit, role, certificate levels',
        params: { type: 'object', required: ['personId'], properties: { personId: text } },
      },
    },
    async (request) => showPerson(ctx, request.params.personId),
  );

  // One timeline for the console (/profile) and the CLI (/overview, `yz person show`).
  for (const url of ['/people/:personId/profile', '/people/:personId/overview'])
    api.get<{ Params: { personId: string } }>(
      url,
      {
        schema: {
          tags,
          summary:
            '人员档案：登记、证书、继续教育与各项目时间线 / one person: registry data, certificates and registrations, CE status, timeline across programs',
          params: { type: 'object', required: ['personId'], properties: { personId: text } },
        },
      },
      async (request) =>
        showPersonProfile(announcementContext(ctx), request.params.personId, request.actor),
    );

  api.get<{ Querystring: { unitId?: string } }>(
    '/units',
    {
      schema: {
        tags,
        summary: '组织树 / the organisation tree, parents before children',
        querystring: { type: 'object', additionalProperties: false, properties: { unitId } },
      },
    },
    async (request) => listUnits(ctx, request.query),
  );

  api.post<{ Params: { id: string }; Body: { by?: string } | undefined }>(
    '/people/:id/erase',
    {
      // The erasure writes its own audit row, in its transaction.
      config: { audited: true },
      schema: {
        tags,
        summary:
          "删除个人信息（仅管理员）/ erase a person's personal data everywhere, admin only (recorded as the signed-in account)",
        params: { type: 'object', required: ['id'], properties: { id: text } },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { by: text },
        },
      },
    },
    async (request) =>
      erasePersonalData(
        {
          db: ctx.db,
          mailDirs: [ctx.config.mailDir, ...(ctx.config.sinkDir ? [ctx.config.sinkDir] : [])],
          ip: request.ip,
        },
        request.actor,
        request.params.id,
      ),
  );
}
