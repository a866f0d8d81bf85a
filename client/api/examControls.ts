/**
 * Controls and live progress of a running exam campaign over HTTP, as `yz exam pause|resume|
 * cancel|add|progress` do: each route calls the operation in client/operations/exam/controls.ts.
 */
import type { FastifyInstance } from 'fastify';
import { requestScope } from './scope';
import { censusContext, type YzContext } from '../operations/context';
import {
  addToExamCampaign,
  cancelExamCampaign,
  pauseExamCampaign,
  resumeExamCampaign,
} from '../operations/exam/controls';
import { examCampaignProgress } from '../operations/exam/progress';

const text = { type: 'string', minLength: 1 } as const;
const params = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: text },
} as const;

type Id = { Params: { id: string } };

export async function examControlRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = censusContext(ctx);
  const tags = ['exam'];

  api.get<Id>(
    '/exam-campaigns/:id/progress',
    { schema: { tags, summary: '实时进度、指标与通知批次 / live progress, KPIs, waves', params } },
    async (request) =>
      examCampaignProgress(c, request.params.id, await requestScope(ctx.db, request)),
  );

  const controls = [
    ['pause', '暂停 / pause', pauseExamCampaign],
    ['resume', '恢复 / resume', resumeExamCampaign],
    ['cancel', '取消 / cancel', cancelExamCampaign],
  ] as const;
  for (const [verb, summary, control] of controls)
    api.post<Id>(
      `/exam-campaigns/:id/${verb}`,
      { schema: { tags, summary, params } },
      async (request) => {
        await control(c, request.params.id);
        return examCampaignProgress(c, request.params.id);
      },
    );

  api.post<Id & { Body: { personIds: string[] } }>(
    '/exam-campaigns/:id/additions',
    {
      schema: {
        tags,
        summary: '追加动员对象 / add people mid-campaign',
        params,
        body: {
          type: 'object',
          required: ['personIds'],
          additionalProperties: false,
          properties: { personIds: { type: 'array', minItems: 1, items: text } },
        },
      },
    },
    async (request) =>
      addToExamCampaign(c, { campaignId: request.params.id, personIds: request.body.personIds }),
  );
}
