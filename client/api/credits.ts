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
import * as registrations from '../operations/credits/registrations';
import * as startAll from '../operations/credits/startAll';
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

  api.post<{ Body: { unitId?: string } }>(
    '/credits/start-all',
    {
      schema: {
        tags,
        summary: '开启全部已登记人员的台账 / start every registered person’s ledger',
        body: obj([], { unitId: text }),
      },
    },
    async (request) =>
      startAll.startAllLedgers(c, request.body?.unitId ? { unitId: request.body.unitId } : {}),
  );

  api.post<
    P<{ personId: string }> & {
      Body: { on?: string; expires?: string; level?: string; recordedBy?: string };
    }
  >(
    '/credits/:personId/registrations',
    {
      schema: {
        tags,
        summary: '记录证书登记或续期 / record a certificate’s registration (登记) or renewal',
        params: personParams,
        body: obj([], { on: text, expires: text, level: text, recordedBy: text }),
      },
    },
    async (request, reply) => {
      // The authenticated actor (accounts, h2-auth) when there is one; else the body's name.
      const actor = (request as unknown as { actor?: { username: string } }).actor;
      const r = await registrations.registerCertificate(c, {
        ...request.body,
        recordedBy: actor?.username ?? request.body.recordedBy ?? '',
        personId: request.params.personId,
      });
      await reply.status(r.registration.created ? 201 : 200).send(r);
    },
  );

  api.get<P<{ personId: string }>>(
    '/credits/:personId/registrations',
    {
      schema: { tags, summary: '证书登记记录 / a person’s registrations', params: personParams },
    },
    async (request) => registrations.registrations(c, request.params.personId),
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

  api.get<{
    Querystring: {
      status?: 'pending' | 'approved' | 'rejected';
      personId?: string;
      limit?: number;
    };
  }>(
    '/credit-claims',
    {
      schema: {
        tags,
        summary: '学时申报（待审核等）/ self-reported credits, e.g. those awaiting review',
        querystring: obj([], {
          status: { type: 'string', enum: ['pending', 'approved', 'rejected'] },
          personId: text,
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
        }),
      },
    },
    async (request) => claims.listClaims(c, request.query),
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
