/**
 * Organisation tree and vocabulary routes (`/org`, `/vocabularies`), as `yz org` and `yz vocab`.
 * An organisation file comes as JSON with its bytes in base64 (as a roster does); a commit with
 * problems writes nothing and answers 422 with the report.
 */
import type { FastifyInstance } from 'fastify';
import type { SheetFormat } from '../../store/registry/roster/read';
import type { YzContext } from '../operations/context';
import * as org from '../operations/org/org';
import * as vocab from '../operations/org/vocabulary';
import { base64Bytes, sendFile, UPLOAD_LIMIT } from './registry';
import { actorName } from './actorName';

const text = { type: 'string', minLength: 1 } as const;
const format = { type: 'string', enum: ['xlsx', 'csv'] } as const;
const by = { ...text, description: 'who acts (until accounts: recorded as given)' };
const unitParams = {
  type: 'object',
  required: ['unit'],
  properties: { unit: { ...text, description: '单位编号或名称 / unit id or name' } },
} as const;
const body = (required: string[], properties: object) =>
  ({ type: 'object', required, additionalProperties: false, properties }) as const;

export async function orgRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const tags = ['org'];

  api.post<{
    Body: {
      fileName: string;
      contentBase64: string;
      format?: SheetFormat;
      commit?: boolean;
      by?: string;
    };
  }>(
    '/org/import',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags,
        summary: '导入组织架构（默认试运行）/ import units from a file (a dry run unless commit)',
        body: body(['fileName', 'contentBase64'], {
          fileName: text,
          contentBase64: { type: 'string', minLength: 1 },
          format,
          commit: { type: 'boolean' },
          by,
        }),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const report = await org.importOrganisation(ctx, {
        file: { name: b.fileName, bytes: base64Bytes(b.contentBase64) },
        ...(b.format ? { format: b.format } : {}),
        commit: b.commit === true,
        by: actorName(request, b.by),
      });
      return reply.status(b.commit && !report.committed ? 422 : 200).send(report);
    },
  );

  api.get<{ Querystring: { under?: string; closed?: boolean } }>(
    '/org',
    {
      schema: {
        tags,
        summary: '组织树（名称在前）/ the tree, parents before children, siblings by name',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { under: text, closed: { type: 'boolean' } },
        },
      },
    },
    async (request) => org.listOrganisation(ctx, request.query),
  );

  api.get<{ Querystring: { under?: string; closed?: boolean; format?: SheetFormat } }>(
    '/org/export',
    {
      schema: {
        tags,
        summary: '导出组织架构 / export the tree as XLSX (default) or CSV',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { under: text, closed: { type: 'boolean' }, format },
        },
      },
    },
    async (request, reply) => sendFile(reply, await org.exportOrganisation(ctx, request.query)),
  );

  api.post<{ Body: { name: string; parentId?: string; kind?: string; id?: string; by?: string } }>(
    '/org/units',
    {
      schema: {
        tags,
        summary: '新增单位 / add a unit',
        body: body(['name'], { name: text, parentId: text, kind: text, id: text, by }),
      },
    },
    async (request, reply) => {
      const { by: b, ...unit } = request.body;
      return reply
        .status(201)
        .send(await org.addOrgUnit(ctx, { ...unit, by: actorName(request, b) }));
    },
  );

  api.post<{ Params: { unit: string }; Body: { name?: string; kind?: string; by?: string } }>(
    '/org/units/:unit/rename',
    {
      schema: {
        tags,
        summary: '单位改名或改类型 / rename a unit or change its kind',
        params: unitParams,
        body: body([], { name: text, kind: text, by }),
      },
    },
    async (request) => {
      const { by: b, ...change } = request.body;
      return org.renameOrgUnit(ctx, {
        unit: request.params.unit,
        ...change,
        by: actorName(request, b),
      });
    },
  );

  api.post<{ Params: { unit: string }; Body: { parent: string; by?: string } }>(
    '/org/units/:unit/move',
    {
      schema: {
        tags,
        summary: '调整隶属 / move a unit under another parent',
        params: unitParams,
        body: body(['parent'], { parent: text, by }),
      },
    },
    async (request) =>
      org.moveOrgUnit(ctx, {
        unit: request.params.unit,
        parent: request.body.parent,
        by: actorName(request, request.body.by),
      }),
  );

  api.post<{ Params: { unit: string }; Body: { on: string; by?: string } }>(
    '/org/units/:unit/close',
    {
      schema: {
        tags,
        summary: '撤销单位 / close a unit (no active people, no open sub-units)',
        params: unitParams,
        body: body(['on'], { on: { ...text, description: 'date, e.g. 2026-12-31' }, by }),
      },
    },
    async (request) =>
      org.closeOrgUnit(ctx, {
        unit: request.params.unit,
        on: request.body.on,
        by: actorName(request, request.body.by),
      }),
  );

  // ---- vocabularies ----

  const vtags = ['vocabularies'];
  const vocabParams = {
    type: 'object',
    required: ['vocabulary'],
    properties: {
      vocabulary: { ...text, description: 'specialty | role | cert_level | org_kind' },
    },
  } as const;

  api.get(
    '/vocabularies',
    { schema: { tags: vtags, summary: '词表 / every vocabulary' } },
    async () => vocab.listVocabularies(ctx),
  );

  api.get<{ Params: { vocabulary: string } }>(
    '/vocabularies/:vocabulary',
    { schema: { tags: vtags, summary: '一个词表 / one vocabulary', params: vocabParams } },
    async (request) => (await vocab.listVocabularies(ctx, { name: request.params.vocabulary }))[0],
  );

  const termProps = {
    zh: text,
    en: text,
    synonyms: { type: 'array', items: text },
    ceHours: { type: 'integer', minimum: 0, maximum: 1000 },
    by,
  };

  api.post<{
    Params: { vocabulary: string };
    Body: {
      code: string;
      zh: string;
      en?: string;
      synonyms?: string[];
      ceHours?: number;
      by?: string;
    };
  }>(
    '/vocabularies/:vocabulary',
    {
      schema: {
        tags: vtags,
        summary: '新增词条 / add a term',
        params: vocabParams,
        body: body(['code', 'zh'], { code: text, ...termProps }),
      },
    },
    async (request, reply) => {
      const { by: b, ...term } = request.body;
      const added = await vocab.addVocabularyTerm(ctx, {
        vocabulary: request.params.vocabulary,
        ...term,
        by: actorName(request, b),
      });
      return reply.status(201).send(added);
    },
  );

  api.post<{
    Params: { vocabulary: string; code: string };
    Body: { zh?: string; en?: string; synonyms?: string[]; ceHours?: number; by?: string };
  }>(
    '/vocabularies/:vocabulary/:code/rename',
    {
      schema: {
        tags: vtags,
        summary: '改词条名称或同义词 / change a term’s labels or synonyms',
        params: {
          ...vocabParams,
          required: ['vocabulary', 'code'],
          properties: { ...vocabParams.properties, code: text },
        },
        body: body([], termProps),
      },
    },
    async (request) => {
      const { by: b, ...change } = request.body;
      return vocab.renameVocabularyTerm(ctx, {
        vocabulary: request.params.vocabulary,
        code: request.params.code,
        ...change,
        by: actorName(request, b),
      });
    },
  );

  api.delete<{ Params: { vocabulary: string; code: string } }>(
    '/vocabularies/:vocabulary/:code',
    {
      schema: {
        tags: vtags,
        summary: '删除未被使用的自建词条 / remove an unused term a district added',
        params: {
          ...vocabParams,
          required: ['vocabulary', 'code'],
          properties: { ...vocabParams.properties, code: text },
        },
      },
    },
    async (request) => vocab.removeVocabularyTerm(ctx, request.params),
  );
}
