/**
 * Exam mobilization routes of the HTTP API (registered behind the bearer guard in client/api.ts):
 * the same operations as `yz exam …` — start a campaign from its definition, record
 * registrations (by id, or an uploaded registered list), withdraw a person, upload results, the
 * funnel, the report (JSON or a file), and the certification-reward applications with their
 * decisions. The schemas check the shape; the definition itself is checked field by field by
 * the operation.
 */
import type { FastifyInstance } from 'fastify';
import { requestScope } from './scope';
import { dateTimeField } from './timeSchema';
import type { SheetFormat } from '../../store/registry/roster/read';
import { censusContext, type YzContext } from '../operations/context';
import { examFunnel } from '../operations/exam/progress';
import { importExamRegistrations, registerForExam } from '../operations/exam/registrations';
import { importCampaignResults } from '../operations/exam/results';
import { startExamCampaign } from '../operations/exam/start';
import { withdrawFromExam } from '../operations/exam/withdrawals';
import { examCampaignReport, exportExamReport } from '../operations/exam/reports';
import { decideReward, listRewards, type RewardStatus } from '../operations/exam/rewards';
import { base64Bytes, sendFile } from './registry';

const text = { type: 'string', minLength: 1 } as const;
const ids = { type: 'array', minItems: 1, items: text } as const;
const dateTime = dateTimeField;
const open = (properties: object, required: string[] = [], description?: string) =>
  ({ type: 'object', required, properties, ...(description ? { description } : {}) }) as const;
const obj = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;
const campaignParams = obj(['id'], { id: text });
const rewardParams = obj(['id', 'personId'], { id: text, personId: text });

/** The definition's shape (workflows/rules/campaignDefinition.ts checks every field's meaning). */
const definitionBody = open(
  {
    id: { ...text, description: 'business key; the workflow is exam-mobilization/<id>' },
    name: { ...text, description: '动员名称 / name' },
    examYear: { type: 'integer', description: '考试年度 / exam year, e.g. 2025' },
    levels: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'string',
        enum: ['assistant_social_worker', 'social_worker', 'senior_social_worker'],
      },
    },
    registrationWindow: open({ opens: dateTime, closes: dateTime }, ['opens', 'closes']),
    examDates: {
      type: 'object',
      additionalProperties: dateTime,
      description:
        'subject → exam date-time, e.g. {"practice_junior": "2025-05-24T14:00:00+08:00"}',
    },
    cohort: open(
      {
        unitIds: { type: 'array', items: text },
        roles: { type: 'array', items: text },
        notCertifiedAtLevel: { type: 'boolean' },
      },
      ['unitIds'],
      '动员对象 / the people: units (sub-units included), roles, not yet certified',
    ),
    classes: {
      type: 'array',
      items: open(
        {
          id: text,
          title: text,
          kind: { type: 'string', enum: ['online_course', 'sprint_class'] },
          capacity: { type: 'integer', minimum: 1 },
          unitId: text,
          classHours: { type: 'number' },
          seriesId: { ...text, description: 'the course series whose attendance counts as prep' },
        },
        ['id', 'kind'],
      ),
    },
    reminders: open({
      beforeWindowCloses: { type: 'array', items: text },
      quietHours: { type: 'string', description: 'e.g. 21:00-08:00, or off' },
    }),
    timeZone: text,
    targets: open({
      registrations: { type: 'integer', minimum: 1 },
      passes: { type: 'integer', minimum: 1 },
      certificationRateChange: { type: 'number', description: 'percentage points' },
    }),
    createdBy: { ...text, description: '发起人 / who starts it (default "api")' },
  },
  ['id', 'name', 'examYear', 'levels', 'registrationWindow', 'examDates', 'cohort'],
  '报考动员方案 / a campaign definition',
);

type P<T> = { Params: T };
type Id = P<{ id: string }>;

export async function examRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = censusContext(ctx);
  const tags = ['exam'];

  api.post<{ Body: Record<string, unknown> & { createdBy?: string } }>(
    '/exam-campaigns',
    {
      schema: {
        tags,
        summary: '发起报考动员 / start a campaign from its definition',
        body: definitionBody,
      },
    },
    async (request, reply) => {
      const { createdBy, ...definition } = request.body;
      const r = await startExamCampaign(c, definition, createdBy ?? 'api');
      await reply.status(201).send(r);
    },
  );

  api.post<Id & { Body: { personIds: string[]; by?: string } }>(
    '/exam-campaigns/:id/registrations',
    {
      schema: {
        tags,
        summary: '登记报名 / record registrations',
        params: campaignParams,
        body: obj(['personIds'], { personIds: ids, by: text }),
      },
    },
    async (request) =>
      registerForExam(c, {
        campaignId: request.params.id,
        personIds: request.body.personIds,
        by: request.body.by ?? 'api',
      }),
  );

  api.post<Id & { Body: { fileName: string; contentBase64: string; by?: string } }>(
    '/exam-campaigns/:id/registrations/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary:
          '导入报名名单 / import the exam authority’s registered list (CSV or XLSX in base64); 422 with the problems by row (like the results upload), nobody registered',
        params: campaignParams,
        body: obj(['fileName', 'contentBase64'], {
          fileName: { ...text, description: '文件名 / e.g. registered.xlsx' },
          contentBase64: { ...text, description: 'the file’s bytes in base64' },
          by: { ...text, description: '登记人 / recorded by (default "api")' },
        }),
      },
    },
    async (request, reply) => {
      const r = await importExamRegistrations(c, {
        campaignId: request.params.id,
        bytes: base64Bytes(request.body.contentBase64),
        name: request.body.fileName,
        by: request.body.by ?? 'api',
      });
      await reply.status(r.committed ? 200 : 422).send(r);
    },
  );

  api.post<Id & { Body: { personId: string; reason: string } }>(
    '/exam-campaigns/:id/withdrawals',
    {
      schema: {
        tags,
        summary: '退出动员 / withdraw a person, with a reason',
        params: campaignParams,
        body: obj(['personId', 'reason'], { personId: text, reason: text }),
      },
    },
    async (request) => {
      await withdrawFromExam(c, { campaignId: request.params.id, ...request.body });
      return { withdrawn: request.body.personId };
    },
  );

  api.post<
    Id & {
      Body: { fileName: string; contentBase64: string; lenient?: boolean; backfill?: boolean };
    }
  >(
    '/exam-campaigns/:id/results',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: '上传考试成绩 / upload results (CSV or XLSX in base64)',
        params: campaignParams,
        body: obj(['fileName', 'contentBase64'], {
          fileName: { ...text, description: '文件名 / e.g. results.xlsx' },
          contentBase64: { ...text, description: 'the file’s bytes in base64' },
          lenient: { type: 'boolean', description: 'write the valid rows, skip the bad ones' },
          backfill: { type: 'boolean', description: 'admin: results before the exam day' },
        }),
      },
    },
    async (request, reply) => {
      const r = await importCampaignResults(c, {
        campaignId: request.params.id,
        bytes: base64Bytes(request.body.contentBase64),
        name: request.body.fileName,
        strict: request.body.lenient !== true,
        backfill: request.body.backfill,
      });
      await reply.status(r.committed ? 200 : 422).send(r);
    },
  );

  api.get<Id>(
    '/exam-campaigns/:id/funnel',
    { schema: { tags, summary: '动员漏斗 / people at each step', params: campaignParams } },
    async (request) => examFunnel(c, request.params.id, await requestScope(ctx.db, request)),
  );

  api.get<Id & { Querystring: { unitId?: string; format?: SheetFormat } }>(
    '/exam-campaigns/:id/report',
    {
      schema: {
        tags,
        summary: '动员成效 / funnel per unit, pass and certification rates (JSON or a file)',
        params: campaignParams,
        querystring: obj([], { unitId: text, format: { type: 'string', enum: ['xlsx', 'csv'] } }),
      },
    },
    async (request, reply) => {
      const { format, unitId } = request.query;
      const req = { campaignId: request.params.id, ...(unitId ? { unitId } : {}) };
      if (!format) return examCampaignReport(c, req);
      await sendFile(reply, await exportExamReport(c, { ...req, format }));
    },
  );

  api.get<Id & { Querystring: { status?: RewardStatus | 'all' } }>(
    '/exam-campaigns/:id/rewards',
    {
      schema: {
        tags,
        summary: '持证奖励申请 / certification-reward applications (pending by default)',
        params: campaignParams,
        querystring: obj([], {
          status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'all'] },
        }),
      },
    },
    async (request) =>
      listRewards(c, {
        campaignId: request.params.id,
        ...(request.query.status ? { status: request.query.status } : {}),
      }),
  );

  api.post<
    P<{ id: string; personId: string }> & {
      Body: { decision: 'approve' | 'reject'; reason?: string; by: string };
    }
  >(
    '/exam-campaigns/:id/rewards/:personId/decision',
    {
      schema: {
        tags,
        summary: '审核持证奖励 / approve or reject (a reason is required to reject)',
        params: rewardParams,
        body: obj(['decision', 'by'], {
          decision: { type: 'string', enum: ['approve', 'reject'] },
          reason: text,
          by: { ...text, description: '审核人 / the deciding coordinator' },
        }),
      },
    },
    async (request) =>
      decideReward(c, {
        campaignId: request.params.id,
        personId: request.params.personId,
        ...request.body,
      }),
  );
}
