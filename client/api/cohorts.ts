/**
 * Cohort routes of the HTTP API (培养梯队: 雏雁, 头雁): the same operations as `yz cohort …`.
 */
import type { FastifyInstance } from 'fastify';
import type { SheetFormat } from '../../store/registry/roster/read';
import { announcementContext, type YzContext } from '../operations/context';
import * as cohorts from '../operations/courses/cohorts';
import * as changes from '../operations/courses/cohortChanges';
import { sendFile } from './registry';
import { cancelRoute, format, ids, obj, seriesParams, text, type P } from './courseSchemas';

export async function cohortRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const c = announcementContext(ctx);
  const tags = ['cohorts'];
  api.post<{ Body: Omit<cohorts.CreateCohortRequest, 'createdBy'> & { createdBy?: string } }>(
    '/cohorts',
    {
      schema: {
        tags: tags,
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
        tags: tags,
        summary: '加入成员 / add members (enrolled in every series of the cohort)',
        params: seriesParams,
        body: obj([], { personIds: ids, unitIds: ids, addedBy: text }),
      },
    },
    async (request) =>
      cohorts.addCohortMembers(c, { addedBy: 'api', ...request.body, cohortId: request.params.id }),
  );

  api.patch<P<{ id: string }> & { Body: Omit<changes.EditCohortRequest, 'cohortId'> }>(
    '/cohorts/:id',
    {
      schema: {
        tags,
        summary:
          '修改梯队 / edit a cohort: title, and its series list in order (added: members enrolled; removed: the cohort’s enrolments withdrawn)',
        params: seriesParams,
        body: obj([], { title: text, seriesIds: { type: 'array', minItems: 1, items: text } }),
      },
    },
    async (request) => changes.editCohort(c, { ...request.body, cohortId: request.params.id }),
  );

  cancelRoute(
    api,
    '/cohorts/:id/cancel',
    {
      tags,
      summary:
        '取消梯队 / cancel a cohort (its enrolments withdrawn, every member told by an announcement)',
    },
    (id, body) => changes.cancelCohort(c, { ...body, cohortId: id }),
  );

  api.post<P<{ id: string }> & { Body: { seriesIds: string[] } }>(
    '/cohorts/:id/series',
    {
      schema: {
        tags: tags,
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

  api.get(
    '/cohorts',
    { schema: { tags, summary: '梯队列表 / every cohort with its members and series' } },
    async () => cohorts.listCohorts(c),
  );

  api.get<P<{ id: string }> & { Querystring: { format?: SheetFormat; by?: 'member' | 'agency' } }>(
    '/cohorts/:id/progress',
    {
      schema: {
        tags: tags,
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
}
