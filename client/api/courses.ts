/**
 * Course series routes of the HTTP API (课程系列; registered behind the bearer guard in
 * client/api/server.ts): the same operations as `yz course …`.
 */
import type { FastifyInstance } from 'fastify';
import { dateTimeField } from './timeSchema';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext, type YzContext } from '../operations/context';
import * as series from '../operations/courses/series';
import * as enrolment from '../operations/courses/enrolment';
import * as changes from '../operations/courses/seriesChanges';
import * as sessions from '../operations/courses/sessions';
import * as attendance from '../operations/courses/attendance';
import * as checkIn from '../operations/courses/checkIn';
import * as certificates from '../operations/courses/certificates';
import * as reports from '../operations/courses/reports';
import { sendFile } from './registry';
import {
  cancelRoute,
  format,
  ids,
  obj,
  seriesParams,
  sessionParams,
  text,
  type P,
} from './courseSchemas';
import { cohortRoutes } from './cohorts';
import { creditRoutes } from './credits';
import { InputError } from '../../common/errors';

const session = obj(['sessionId', 'title', 'mode', 'startsAt', 'endsAt', 'hours', 'teacher'], {
  sessionId: text,
  title: text,
  mode: { type: 'string', enum: ['online', 'offline'] },
  startsAt: dateTimeField,
  endsAt: dateTimeField,
  place: text,
  link: text,
  hours: { type: 'number', description: '课时 / class hours, one decimal at most' },
  teacher: text,
});

export async function courseRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = announcementContext(ctx);
  const tags = ['courses'];

  api.post<{ Body: series.CreateSeriesRequest }>(
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
      const r = await series.createSeries(c, {
        ...request.body,
        createdBy: request.body.createdBy ?? 'api',
      });
      await reply.status(201).send(r);
    },
  );

  api.get<P<{ id: string }>>(
    '/courses/:id',
    { schema: { tags, summary: '查看课程 / a series', params: seriesParams } },
    async (request) => series.courseStatus(c, request.params.id),
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
      enrolment.enrol(c, { enrolledBy: 'api', ...request.body, seriesId: request.params.id }),
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
      enrolment.withdraw(c, { seriesId: request.params.id, personId: request.body.personId }),
  );

  api.post<P & { Body: { startsAt: string; endsAt: string; place?: string; link?: string } }>(
    '/courses/:id/sessions/:sessionId/reschedule',
    {
      schema: {
        tags,
        summary: '调整场次 / reschedule a session',
        params: sessionParams,
        body: obj(['startsAt', 'endsAt'], {
          startsAt: dateTimeField,
          endsAt: dateTimeField,
          place: text,
          link: text,
        }),
      },
    },
    async (request) =>
      sessions.rescheduleSession(c, {
        ...request.body,
        seriesId: request.params.id!,
        sessionId: request.params.sessionId!,
      }),
  );

  api.post<P>(
    '/courses/:id/sessions/:sessionId/cancel',
    { schema: { tags, summary: '取消场次 / cancel a session', params: sessionParams } },
    async (request) =>
      sessions.cancelSession(c, {
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
      checkIn.openCheckIn(c, {
        seriesId: request.params.id!,
        sessionId: request.params.sessionId!,
        ...(request.body?.minutes !== undefined ? { minutes: request.body.minutes } : {}),
      }),
  );

  api.post<P & { Body: { personId: string; code: string } }>(
    '/courses/:id/sessions/:sessionId/checkin',
    {
      // Its own audit row, without the code the generic row would copy from the body.
      config: { audited: true },
      schema: {
        tags,
        summary: '签到 / check in with the code',
        params: sessionParams,
        body: obj(['personId', 'code'], { personId: text, code: text }),
      },
    },
    async (request) =>
      checkIn.checkIn(
        c,
        { seriesId: request.params.id!, sessionId: request.params.sessionId!, ...request.body },
        { actor: request.actor, ip: request.ip },
      ),
  );

  api.post<
    P<{ id: string }> & {
      Body: { marks: attendance.AttendanceMark[]; recordedBy?: string; backfill?: boolean };
    }
  >(
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
          backfill: { type: 'boolean' },
        }),
      },
    },
    async (request) =>
      attendance.markAttendance(c, {
        seriesId: request.params.id,
        marks: request.body.marks,
        recordedBy: request.body.recordedBy ?? 'api',
        backfill: request.body.backfill,
      }),
  );

  api.post<
    P<{ id: string }> & {
      Body: {
        fileName: string;
        contentBase64: string;
        sessionId?: string;
        recordedBy?: string;
        backfill?: boolean;
      };
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
          backfill: { type: 'boolean' },
        }),
      },
    },
    async (request) => {
      const b = request.body;
      const base64 = b.contentBase64.replace(/\s+/g, '');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64))
        throw new InputError(
          'body.contentBase64 不是 base64 编码 / body.contentBase64 is not base64',
        );
      return attendance.importAttendance(c, {
        seriesId: request.params.id,
        file: { name: b.fileName, bytes: Buffer.from(base64, 'base64') },
        ...(b.sessionId ? { sessionId: b.sessionId } : {}),
        recordedBy: b.recordedBy ?? 'api',
        backfill: b.backfill,
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
      const file = await certificates.completionCertificate(c, {
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
      await series.closeSeries(c, request.params.id);
      return { id: request.params.id, closing: true };
    },
  );

  api.patch<P<{ id: string }> & { Body: Omit<changes.EditSeriesRequest, 'seriesId'> }>(
    '/courses/:id',
    {
      schema: {
        tags,
        summary:
          '修改课程系列 / edit a series: title, places (null = unlimited; more places move the waitlist up), reminder offsets',
        params: seriesParams,
        body: obj([], {
          title: text,
          capacity: { type: ['integer', 'null'], minimum: 1 },
          reminderOffsets: { type: 'array', items: text },
        }),
      },
    },
    async (request) => changes.editSeries(c, { ...request.body, seriesId: request.params.id }),
  );

  cancelRoute(
    api,
    '/courses/:id/cancel',
    {
      tags,
      summary:
        '取消课程系列 / cancel a series as a whole (the enrolled and waitlisted are told; no more reminders)',
    },
    (id, body) => changes.cancelSeries(c, { ...body, seriesId: id }),
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
      if (!f) return reports.courseReport(c, req);
      await sendFile(reply, await reports.exportCourseReport(c, { ...req, format: f }));
    },
  );

  // Cohorts and credits after the courses, in the order the OpenAPI document has always had.
  await cohortRoutes(api, ctx);
  await creditRoutes(api, ctx);
}
