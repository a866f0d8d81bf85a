/**
 * Course series, cohort and continuing-education routes of the HTTP API (registered behind the
 * bearer guard in client/api.ts): the same operations as `yz course …`, `yz cohort …` and
 * `yz credits …`.
 */
import type { FastifyInstance } from 'fastify';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext, type YzContext } from '../operations/context';
import * as courses from '../operations/courses/courses';
import * as credits from '../operations/credits/credits';
import * as cohorts from '../operations/courses/cohorts';
import { sendFile } from './registry';
import { InputError } from '../../common/errors';

const text = { type: 'string', minLength: 1 } as const;
const format = { type: 'string', enum: ['xlsx', 'csv'] } as const;
const ids = { type: 'array', items: text } as const;
const seriesParams = { type: 'object', required: ['id'], properties: { id: text } } as const;
const sessionParams = {
  type: 'object',
  required: ['id', 'sessionId'],
  properties: { id: text, sessionId: text },
} as const;
const personParams = {
  type: 'object',
  required: ['personId'],
  properties: { personId: text },
} as const;
const obj = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

const session = obj(['sessionId', 'title', 'mode', 'startsAt', 'endsAt', 'hours', 'teacher'], {
  sessionId: text,
  title: text,
  mode: { type: 'string', enum: ['online', 'offline'] },
  startsAt: { type: 'string', format: 'date-time' },
  endsAt: { type: 'string', format: 'date-time' },
  place: text,
  link: text,
  hours: { type: 'number', description: '课时 / class hours, one decimal at most' },
  teacher: text,
});

type P<T = Record<string, string>> = { Params: T };

export async function courseRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = announcementContext(ctx);
  const tags = ['courses'];
  const ctags = ['credits'];

  api.post<{ Body: courses.CreateSeriesRequest }>(
    '/courses',
    {
      schema: {
        tags,
        summary: '创建课程系列 / create a course series (workflow course/<id>)',
        body: obj(['id', 'title', 'coordinatorId', 'minHours', 'sessions'], {
          id: text,
          title: text,
          coordinatorId: text,
          capacity: { type: 'integer', minimum: 1 },
          reminderOffsets: ids,
          minHours: { type: 'number' },
          requiredSessions: ids,
          absenceWarnAfter: { type: 'integer', minimum: 0 },
          sessions: { type: 'array', minItems: 1, items: session },
          createdBy: text,
        }),
      },
    },
    async (request, reply) => {
      const r = await courses.createSeries(c, {
        ...request.body,
        createdBy: request.body.createdBy ?? 'api',
      });
      await reply.status(201).send(r);
    },
  );

  api.get<P<{ id: string }>>(
    '/courses/:id',
    { schema: { tags, summary: '查看课程 / a series', params: seriesParams } },
    async (request) => courses.courseStatus(c, request.params.id),
  );

  api.post<
    P<{ id: string }> & { Body: { personIds?: string[]; unitIds?: string[]; enrolledBy?: string } }
  >(
    '/courses/:id/enrolments',
    {
      schema: {
        tags,
        summary: '报名 / enrol people or units (capacity, then waitlist)',
        params: seriesParams,
        body: obj([], { personIds: ids, unitIds: ids, enrolledBy: text }),
      },
    },
    async (request) =>
      courses.enrol(c, { enrolledBy: 'api', ...request.body, seriesId: request.params.id }),
  );

  api.post<P<{ id: string }> & { Body: { personId: string } }>(
    '/courses/:id/withdrawals',
    {
      schema: {
        tags,
        summary: '退出 / withdraw (the waitlist moves up)',
        params: seriesParams,
        body: obj(['personId'], { personId: text }),
      },
    },
    async (request) =>
      courses.withdraw(c, { seriesId: request.params.id, personId: request.body.personId }),
  );

  api.post<P & { Body: { startsAt: string; endsAt: string; place?: string; link?: string } }>(
    '/courses/:id/sessions/:sessionId/reschedule',
    {
      schema: {
        tags,
        summary: '调整场次 / reschedule a session',
        params: sessionParams,
        body: obj(['startsAt', 'endsAt'], {
          startsAt: { type: 'string', format: 'date-time' },
          endsAt: { type: 'string', format: 'date-time' },
          place: text,
          link: text,
        }),
      },
    },
    async (request) =>
      courses.rescheduleSession(c, {
        ...request.body,
        seriesId: request.params.id!,
        sessionId: request.params.sessionId!,
      }),
  );

  api.post<P>(
    '/courses/:id/sessions/:sessionId/cancel',
    { schema: { tags, summary: '取消场次 / cancel a session', params: sessionParams } },
    async (request) =>
      courses.cancelSession(c, {
        seriesId: request.params.id!,
        sessionId: request.params.sessionId!,
      }),
  );

  api.post<P & { Body: { minutes?: number } }>(
    '/courses/:id/sessions/:sessionId/checkin-code',
    {
      schema: {
        tags,
        summary: '生成签到码 / open check-in',
        params: sessionParams,
        body: obj([], { minutes: { type: 'integer' } }),
      },
    },
    async (request) =>
      courses.openCheckIn(c, {
        seriesId: request.params.id!,
        sessionId: request.params.sessionId!,
        ...(request.body?.minutes !== undefined ? { minutes: request.body.minutes } : {}),
      }),
  );

  api.post<P & { Body: { personId: string; code: string } }>(
    '/courses/:id/sessions/:sessionId/checkin',
    {
      schema: {
        tags,
        summary: '签到 / check in with the code',
        params: sessionParams,
        body: obj(['personId', 'code'], { personId: text, code: text }),
      },
    },
    async (request) =>
      courses.checkIn(c, {
        seriesId: request.params.id!,
        sessionId: request.params.sessionId!,
        ...request.body,
      }),
  );

  api.post<P<{ id: string }> & { Body: { marks: courses.AttendanceMark[]; recordedBy?: string } }>(
    '/courses/:id/attendance',
    {
      schema: {
        tags,
        summary: '记录考勤 / mark attendance (all or none)',
        params: seriesParams,
        body: obj(['marks'], {
          marks: {
            type: 'array',
            minItems: 1,
            items: obj(['sessionId', 'personId', 'status'], {
              sessionId: text,
              personId: text,
              status: { type: 'string', enum: ['present', 'late', 'excused', 'absent'] },
            }),
          },
          recordedBy: text,
        }),
      },
    },
    async (request) =>
      courses.markAttendance(c, {
        seriesId: request.params.id,
        marks: request.body.marks,
        recordedBy: request.body.recordedBy ?? 'api',
      }),
  );

  api.post<
    P<{ id: string }> & {
      Body: { fileName: string; contentBase64: string; sessionId?: string; recordedBy?: string };
    }
  >(
    '/courses/:id/attendance/import',
    {
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags,
        summary: '导入签到表 / import a sign-in sheet (CSV or XLSX in base64)',
        params: seriesParams,
        body: obj(['fileName', 'contentBase64'], {
          fileName: text,
          contentBase64: text,
          sessionId: text,
          recordedBy: text,
        }),
      },
    },
    async (request) => {
      const b = request.body;
      const base64 = b.contentBase64.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
        throw new InputError('body.contentBase64 is not base64');
      return courses.importAttendance(c, {
        seriesId: request.params.id,
        file: { name: b.fileName, bytes: Buffer.from(base64, 'base64') },
        ...(b.sessionId ? { sessionId: b.sessionId } : {}),
        recordedBy: b.recordedBy ?? 'api',
      });
    },
  );

  api.get<P>(
    '/courses/:id/certificates/:personId',
    {
      schema: {
        tags,
        summary: '结业证书 / a completion certificate (application/pdf)',
        params: {
          type: 'object',
          required: ['id', 'personId'],
          properties: { id: text, personId: text },
        },
        response: {
          200: {
            description: 'PDF',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const file = await courses.completionCertificate(c, {
        seriesId: request.params.id!,
        personId: request.params.personId!,
        font: ctx.config.certificateFont,
      });
      await sendFile(reply.header('x-certificate-no', file.certificateNo), file);
    },
  );

  api.post<P<{ id: string }>>(
    '/courses/:id/close',
    { schema: { tags, summary: '结束课程系列 / close a series', params: seriesParams } },
    async (request) => {
      await courses.closeSeries(c, request.params.id);
      return { id: request.params.id, closing: true };
    },
  );

  api.get<{
    Querystring: { seriesId?: string; unitId?: string; year?: number; format?: SheetFormat };
  }>(
    '/reports/courses',
    {
      schema: {
        tags,
        summary: '人次与课时 / person-times and class hours per series, unit, year',
        querystring: obj([], { seriesId: text, unitId: text, year: { type: 'integer' }, format }),
      },
    },
    async (request, reply) => {
      const { format: f, ...req } = request.query;
      if (!f) return courses.courseReport(c, req);
      await sendFile(reply, await courses.exportCourseReport(c, { ...req, format: f }));
    },
  );

  const cohortTags = ['cohorts'];
  api.post<{ Body: Omit<cohorts.CreateCohortRequest, 'createdBy'> & { createdBy?: string } }>(
    '/cohorts',
    {
      schema: {
        tags: cohortTags,
        summary: '创建梯队 / create a cohort (雏雁, 头雁) and enrol its members in its series',
        body: obj(['id', 'title', 'kind', 'coordinatorId', 'seriesIds'], {
          id: text,
          title: text,
          kind: { type: 'string', enum: [...cohorts.COHORT_KINDS] },
          coordinatorId: text,
          seriesIds: { type: 'array', minItems: 1, items: text },
          personIds: ids,
          unitIds: ids,
          createdBy: text,
        }),
      },
    },
    async (request, reply) => {
      const r = await cohorts.createCohort(c, { createdBy: 'api', ...request.body });
      await reply.status(201).send(r);
    },
  );

  api.post<
    P<{ id: string }> & { Body: { personIds?: string[]; unitIds?: string[]; addedBy?: string } }
  >(
    '/cohorts/:id/members',
    {
      schema: {
        tags: cohortTags,
        summary: '加入成员 / add members (enrolled in every series of the cohort)',
        params: seriesParams,
        body: obj([], { personIds: ids, unitIds: ids, addedBy: text }),
      },
    },
    async (request) =>
      cohorts.addCohortMembers(c, { addedBy: 'api', ...request.body, cohortId: request.params.id }),
  );

  api.post<P<{ id: string }> & { Body: { seriesIds: string[] } }>(
    '/cohorts/:id/series',
    {
      schema: {
        tags: cohortTags,
        summary: '增加课程 / add course series (every member enrolled)',
        params: seriesParams,
        body: obj(['seriesIds'], { seriesIds: { type: 'array', minItems: 1, items: text } }),
      },
    },
    async (request) =>
      cohorts.addCohortSeries(c, {
        cohortId: request.params.id,
        seriesIds: request.body.seriesIds,
      }),
  );

  api.get<P<{ id: string }> & { Querystring: { format?: SheetFormat; by?: 'member' | 'agency' } }>(
    '/cohorts/:id/progress',
    {
      schema: {
        tags: cohortTags,
        summary: '梯队进度 / progress per member and agency (format=xlsx: both sheets)',
        params: seriesParams,
        querystring: obj([], { format, by: { type: 'string', enum: ['member', 'agency'] } }),
      },
    },
    async (request, reply) => {
      const { format: f, by } = request.query;
      if (!f) return cohorts.cohortReport(c, request.params.id);
      await sendFile(
        reply,
        await cohorts.exportCohortReport(c, {
          cohortId: request.params.id,
          format: f,
          ...(by ? { by } : {}),
        }),
      );
    },
  );

  api.get<{ Querystring: { unitId?: string; format?: SheetFormat } }>(
    '/reports/ce',
    {
      schema: {
        tags: ctags,
        summary: '继续教育达标情况 / CE compliance per unit',
        querystring: obj([], { unitId: text, format }),
      },
    },
    async (request, reply) => {
      const { format: f, ...req } = request.query;
      if (!f) return courses.ceReport(c, req);
      await sendFile(reply, await courses.exportCeReport(c, { ...req, format: f }));
    },
  );

  api.post<P<{ personId: string }>>(
    '/credits/:personId/start',
    { schema: { tags: ctags, summary: '开启学时台账 / start a ledger', params: personParams } },
    async (request) => credits.startLedger(c, request.params.personId),
  );

  api.get<P<{ personId: string }>>(
    '/credits/:personId',
    { schema: { tags: ctags, summary: '学时台账 / a person’s ledger', params: personParams } },
    async (request) => credits.ledger(c, request.params.personId),
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
        tags: ctags,
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
      const r = await credits.submitClaim(c, { submittedBy: personId, ...request.body, personId });
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
        tags: ctags,
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
      credits.reviewClaim(c, { ...request.body, claimId: Number(request.params.claimId) }),
  );
}
