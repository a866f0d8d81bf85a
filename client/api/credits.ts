/**
 * Continuing-education routes of the HTTP API (继续教育学时台账): the same operations as
 * `yz credits …`.
 */
import type { FastifyInstance } from 'fastify';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext, type YzContext } from '../operations/context';
import * as ledger from '../operations/credits/ledger';
import * as claims from '../operations/credits/claims';
import * as reports from '../operations/credits/reports';
import { sendFile } from './registry';
import { format, obj, personParams, text, type P } from './courseSchemas';

export async function creditRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = announcementContext(ctx);
  const tags = ['credits'];

  api.get<{ Querystring: { unitId?: string; format?: SheetFormat } }>(
    '/reports/ce',
    {
      schema: {
        tags,
        summary: '继续教育达标情况 / CE compliance per unit',
        querystring: obj([], { unitId: text, format }),
      },
    },
    async (request, reply) => {
      const { format: f, ...req } = request.query;
      if (!f) return reports.ceReport(c, req);
      await sendFile(reply, await reports.exportCeReport(c, { ...req, format: f }));
    },
  );

  api.post<P<{ personId: string }>>(
    '/credits/:personId/start',
    { schema: { tags, summary: '开启学时台账 / start a ledger', params: personParams } },
    async (request) => ledger.startLedger(c, request.params.personId),
  );

  api.get<P<{ personId: string }>>(
    '/credits/:personId',
    { schema: { tags, summary: '学时台账 / a person’s ledger', params: personParams } },
    async (request) => ledger.ledger(c, request.params.personId),
  );

  api.post<
    P<{ personId: string }> & {
      Body: {
        source: 'external' | 'degree';
        hours?: number;
        evidence: string;
        submittedBy?: string;
      };
    }
  >(
    '/credits/:personId/claims',
    {
      schema: {
        tags,
        summary: '申报学时 / self-report a credit (awaits review)',
        params: personParams,
        body: obj(['source', 'evidence'], {
          source: { type: 'string', enum: ['external', 'degree'] },
          hours: { type: 'number' },
          evidence: text,
          submittedBy: text,
        }),
      },
    },
    async (request, reply) => {
      const personId = request.params.personId;
      const r = await claims.submitClaim(c, { submittedBy: personId, ...request.body, personId });
      await reply.status(201).send(r);
    },
  );

  api.post<
    P<{ claimId: string }> & {
      Body: { decision: 'approve' | 'reject'; reviewer: string; note?: string };
    }
  >(
    '/credit-claims/:claimId/review',
    {
      schema: {
        tags,
        summary: '审核申报 / approve or reject a self-reported credit',
        params: {
          type: 'object',
          required: ['claimId'],
          properties: { claimId: { type: 'string', pattern: '^[0-9]+$' } },
        },
        body: obj(['decision', 'reviewer'], {
          decision: { type: 'string', enum: ['approve', 'reject'] },
          reviewer: text,
          note: text,
        }),
      },
    },
    async (request) =>
      claims.reviewClaim(c, { ...request.body, claimId: Number(request.params.claimId) }),
  );
}
