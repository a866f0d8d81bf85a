/**
 * The mentoring routes of the HTTP API (督导孵化 / 高级社工师辅导), registered behind the bearer
 * guard in client/api.ts. Pair ids hold a slash: send them URL-encoded
 * (`/mentoring/pairs/pudong-2026%2Fp-000001/sessions`). The report answers JSON, or a file with
 * `format=xlsx|csv`.
 */
import type { FastifyInstance } from 'fastify';
import { requestScope } from './scope';
import { dateTimeField } from './timeSchema';
import { cancelRoute } from './courseSchemas';
import * as mentoring from '../operations/mentoring';
import { announcementContext, type YzContext } from '../operations/context';

const text = { type: 'string', minLength: 1 } as const;
const ids = { type: 'array', minItems: 1, items: text } as const;
const whole = (minimum: number, maximum: number) =>
  ({ type: 'integer', minimum, maximum }) as const;
const idParams = { type: 'object', required: ['id'], properties: { id: text } } as const;

const programBody = {
  type: 'object',
  required: ['id', 'title', 'coordinatorId', 'traineeIds', 'mentorIds', 'end'],
  additionalProperties: false,
  properties: {
    id: { ...text, description: 'business key; the workflow is mentoring/<id>' },
    title: text,
    kind: { type: 'string', enum: ['supervisor', 'senior_exam'] },
    coordinatorId: text,
    traineeIds: ids,
    mentorIds: ids,
    start: dateTimeField,
    end: dateTimeField,
    plan: {
      type: 'object',
      additionalProperties: false,
      properties: {
        sessions: whole(1, 200),
        cadenceDays: whole(1, 365),
        sessionTime: text,
        proposalOffset: text,
        reminderOffsets: { type: 'array', items: text },
        inactivityDays: whole(1, 3650),
        graceDays: whole(0, 365),
        passScore: whole(0, 100),
        checklist: { type: 'array', items: text },
        checklistEveryDays: whole(1, 365),
      },
    },
    groupSupervisionTime: { type: ['string', 'null'], description: '"09:30", or null for none' },
    reviewDeadline: dateTimeField,
    lectureSeries: {
      type: 'array',
      items: text,
      description: 'course series ids of the optional lectures; the trainees are enrolled',
    },
    lecturesForMentors: { type: 'boolean', description: 'enrol the mentors in the lectures too' },
    createdBy: text,
  },
} as const;

const object = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

export async function mentoringRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const mctx = announcementContext(ctx);
  const tags = ['mentoring'];

  api.post<{ Body: mentoring.StartProgramRequest }>(
    '/mentoring/programs',
    { schema: { tags, summary: '发起带教项目 / start a mentoring program', body: programBody } },
    async (request, reply) => {
      const r = await mentoring.startProgram(mctx, {
        ...request.body,
        createdBy: request.body.createdBy ?? 'api',
      });
      return reply.code(201).send(r);
    },
  );
  api.get<{ Params: { id: string } }>(
    '/mentoring/programs/:id',
    { schema: { tags, summary: '项目进度 / program progress', params: idParams } },
    async (request) => mentoring.programProgress(ctx, request.params.id),
  );
  api.get<{ Params: { id: string }; Querystring: { format?: 'xlsx' | 'csv' } }>(
    '/mentoring/programs/:id/report',
    {
      schema: {
        tags,
        summary: '项目报表 / program report (JSON, or XLSX/CSV with format)',
        params: idParams,
        querystring: object([], { format: { type: 'string', enum: ['xlsx', 'csv'] } }),
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      if (!format) return mentoring.mentoringReport(ctx, request.params.id);
      const file = await mentoring.exportMentoringReport(ctx, request.params.id, format);
      return reply
        .header('content-type', file.contentType)
        .header(
          'content-disposition',
          `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`,
        )
        .send(file.bytes);
    },
  );
  api.get<{ Params: { id: string }; Querystring: { menteeId: string } }>(
    '/mentoring/programs/:id/suggestions',
    {
      schema: {
        tags,
        summary: '推荐导师 / ranked mentor suggestions for a trainee',
        params: idParams,
        querystring: object(['menteeId'], { menteeId: text }),
      },
    },
    async (request) => mentoring.suggestPairs(ctx, request.params.id, request.query.menteeId),
  );
  api.post<{ Params: { id: string }; Body: { menteeId: string; mentorId: string } }>(
    '/mentoring/programs/:id/pairs',
    {
      schema: {
        tags,
        summary: '结对 / pair a trainee with a mentor',
        params: idParams,
        body: object(['menteeId', 'mentorId'], { menteeId: text, mentorId: text }),
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await mentoring.pairMentee(mctx, { programId: request.params.id, ...request.body })),
  );
  api.post<{ Params: { id: string }; Body: { traineeIds?: string[]; mentorIds?: string[] } }>(
    '/mentoring/programs/:id/members',
    {
      schema: {
        tags,
        summary: '增加学员或导师 / add trainees or mentors to a running program',
        params: idParams,
        body: object([], {
          traineeIds: { type: 'array', items: text },
          mentorIds: { type: 'array', items: text },
        }),
      },
    },
    async (request) =>
      mentoring.addMembers(mctx, { programId: request.params.id, ...request.body }),
  );
  api.post<{
    Params: { id: string };
    Body: { mentorId: string; reassign?: Record<string, string> };
  }>(
    '/mentoring/programs/:id/mentor-leaves',
    {
      schema: {
        tags,
        summary: '导师退出并重新结对 / a mentor leaves; mentee → new mentor',
        params: idParams,
        body: object(['mentorId'], {
          mentorId: text,
          reassign: { type: 'object', additionalProperties: text },
        }),
      },
    },
    async (request) =>
      mentoring.mentorLeaves(mctx, {
        programId: request.params.id,
        mentorId: request.body.mentorId,
        reassign: request.body.reassign ?? {},
      }),
  );
  api.patch<{ Params: { id: string }; Body: { title?: string; end?: string } }>(
    '/mentoring/programs/:id',
    {
      schema: {
        tags,
        summary: '修改督导项目 / edit a program: title, end (group supervision follows the end)',
        params: idParams,
        body: object([], { title: text, end: dateTimeField }),
      },
    },
    async (request) =>
      mentoring.editProgram(mctx, { programId: request.params.id, ...request.body }),
  );
  cancelRoute(
    api,
    '/mentoring/programs/:id/cancel',
    {
      tags,
      summary:
        '取消督导项目 / cancel a program as a whole (its pairs closed, everyone told; the reason stays in the database)',
    },
    (id, body) => mentoring.cancelProgram(mctx, { ...body, programId: id }),
  );
  api.get<{ Params: { id: string } }>(
    '/mentoring/pairs/:id',
    { schema: { tags, summary: '结对状态 / a pair’s state (id URL-encoded)', params: idParams } },
    async (request) =>
      mentoring.pairState(ctx, request.params.id, await requestScope(ctx.db, request)),
  );
  api.post<{ Params: { id: string }; Body: Omit<mentoring.LogSessionRequest, 'pairId'> }>(
    '/mentoring/pairs/:id/sessions',
    {
      schema: {
        tags,
        summary: '记录带教 / log a session; notes stay in the database',
        params: idParams,
        body: object(['status', 'recordedBy'], {
          seq: whole(1, 200),
          status: { type: 'string', enum: ['held', 'missed', 'rescheduled'] },
          durationMinutes: whole(1, 600),
          topics: { type: 'array', items: text },
          rescheduledTo: dateTimeField,
          notes: text,
          recordedBy: text,
          backfill: { type: 'boolean' },
        }),
      },
    },
    async (request) => mentoring.logSession(mctx, { ...request.body, pairId: request.params.id }),
  );
  api.post<{ Params: { id: string }; Body: { goalId: string; title?: string; progress: number } }>(
    '/mentoring/pairs/:id/goals',
    {
      schema: {
        tags,
        summary: '目标进度 / set a goal’s progress',
        params: idParams,
        body: object(['goalId', 'progress'], {
          goalId: text,
          title: text,
          progress: { type: 'integer' },
        }),
      },
    },
    async (request) => {
      await mentoring.setGoal(mctx, { ...request.body, pairId: request.params.id });
      return { ok: true };
    },
  );
  api.post<{
    Params: { id: string };
    Body: {
      stage: 'midterm' | 'final';
      mentorId: string;
      scores: Record<string, number>;
      comment?: string;
    };
  }>(
    '/mentoring/pairs/:id/evaluations',
    {
      schema: {
        tags,
        summary: '导师评估 / the mentor’s midterm or final evaluation (scores 0–100)',
        params: idParams,
        body: object(['stage', 'mentorId', 'scores'], {
          stage: { type: 'string', enum: ['midterm', 'final'] },
          mentorId: text,
          scores: { type: 'object', additionalProperties: { type: 'number' } },
          comment: text,
        }),
      },
    },
    async (request) => mentoring.evaluate(mctx, { ...request.body, pairId: request.params.id }),
  );
  api.post<{ Params: { id: string }; Body: { reason: string; closedBy: string } }>(
    '/mentoring/pairs/:id/close',
    {
      schema: {
        tags,
        summary: '协调人关闭结对 / the coordinator closes a pair (reason kept in the database)',
        params: idParams,
        body: object(['reason', 'closedBy'], { reason: text, closedBy: text }),
      },
    },
    async (request) => mentoring.closePair(mctx, { ...request.body, pairId: request.params.id }),
  );
  api.post<{ Params: { id: string }; Body: { item: string } }>(
    '/mentoring/pairs/:id/checklist',
    {
      schema: {
        tags,
        summary: '提交评审材料 / mark a review material submitted',
        params: idParams,
        body: object(['item'], { item: text }),
      },
    },
    async (request) => {
      await mentoring.submitChecklistItem(mctx, {
        pairId: request.params.id,
        item: request.body.item,
      });
      return { ok: true };
    },
  );
}
