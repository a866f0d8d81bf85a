/**
 * Talent census routes of the HTTP API (人才资源库普查; registered behind the bearer guard in
 * client/api/server.ts): the same operations as `yz census …`. A unit's roster comes as in
 * `/registry/import` (see registry.ts).
 */
import type { FastifyInstance } from 'fastify';
import { dateTimeField } from './timeSchema';
import {
  censusProgress,
  startCensus,
  submitCensus,
  type StartCensusRequest,
} from '../operations/census/census';
import { censusContext, type YzContext } from '../operations/context';
import { rosterBody, rosterRequest, UPLOAD_LIMIT, type RosterBody } from './registry';

const text = { type: 'string', minLength: 1 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: text } } as const;

const censusBody = {
  type: 'object',
  required: ['id', 'title', 'unitIds', 'deadline', 'coordinatorId'],
  additionalProperties: false,
  properties: {
    id: { ...text, description: 'business key; the workflow is census/<id>' },
    title: { ...text, description: '标题 / title' },
    unitIds: { type: 'array', minItems: 1, items: text },
    deadline: dateTimeField,
    reminderOffsets: {
      type: 'array',
      items: text,
      description: 'before the deadline, e.g. ["7d","3d","1d"] (the default)',
    },
    coordinatorId: { ...text, description: 'person id: escalations and the final report' },
    contacts: {
      type: 'object',
      additionalProperties: text,
      description: 'unit id → contact person id (default: the unit’s coordinator or supervisor)',
    },
    createdBy: { ...text, description: 'who starts it (default "api")' },
  },
} as const;

export async function censusRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const cctx = censusContext(ctx);

  api.post<{ Body: Omit<StartCensusRequest, 'createdBy'> & { createdBy?: string } }>(
    '/censuses',
    { schema: { tags: ['census'], summary: '发起普查 / start a census', body: censusBody } },
    async (request, reply) => {
      const started = await startCensus(cctx, {
        ...request.body,
        createdBy: request.body.createdBy ?? 'api',
      });
      await reply.status(201).send(started);
    },
  );

  api.get<{ Params: { id: string } }>(
    '/censuses/:id',
    { schema: { tags: ['census'], summary: '普查进度 / progress', params: idParams } },
    async (request) => censusProgress(cctx, request.params.id),
  );

  api.post<{ Params: { id: string; unitId: string }; Body: RosterBody }>(
    '/censuses/:id/units/:unitId/submit',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags: ['census'],
        summary: '单位报送名册 / a unit submits its roster',
        params: {
          type: 'object',
          required: ['id', 'unitId'],
          properties: { id: text, unitId: text },
        },
        body: rosterBody(),
      },
    },
    async (request) =>
      submitCensus(cctx, {
        ...rosterRequest(request.body),
        censusId: request.params.id,
        unitId: request.params.unitId,
      }),
  );
}
