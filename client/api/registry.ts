/**
 * The registry routes of the HTTP API (registered behind the bearer guard in
 * client/api/server.ts); census routes, which take the same roster body, are in census.ts. Multipart is not installed: a roster comes as JSON with its bytes in base64.
 * Reports answer JSON, or a file with `format=xlsx|csv`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SheetFormat } from '../../store/registry/roster/read';
import type { YzContext } from '../operations/context';
import * as registry from '../operations/registry/registry';
import { InputError } from '../../common/errors';

const text = { type: 'string', minLength: 1 } as const;
const format = { type: 'string', enum: ['xlsx', 'csv'] } as const;
const unitId = { ...text, description: '单位编号（含下级）/ unit id, sub-units included' };

/** A 10,000-row XLSX is about 1 MB; base64 and JSON make it larger. */
export const UPLOAD_LIMIT = 20 * 1024 * 1024;

const rosterProperties = {
  fileName: { ...text, description: '文件名 / the file’s name, e.g. roster.xlsx' },
  contentBase64: { type: 'string', minLength: 1, description: 'the file’s bytes in base64' },
  format: { ...format, description: 'absent: detected from the contents' },
  mapping: {
    type: 'object',
    additionalProperties: { type: 'string' },
    description: '表头 → 字段 / header → field, e.g. {"联系电话": "phone"}',
  },
  strict: { type: 'boolean', description: 'write nothing if any row has a problem' },
  recordedBy: { ...text, description: '导入人 / who imports' },
} as const;

export const rosterBody = (extra: object = {}) =>
  ({
    type: 'object',
    required: ['fileName', 'contentBase64', 'recordedBy'],
    additionalProperties: false,
    properties: { ...rosterProperties, ...extra },
  }) as const;

export interface RosterBody {
  fileName: string;
  contentBase64: string;
  format?: SheetFormat;
  mapping?: Record<string, string>;
  strict?: boolean;
  recordedBy: string;
  commit?: boolean;
}

/** A body's `contentBase64` as bytes; an InputError when it is not base64. */
export function base64Bytes(text: string): Buffer {
  const base64 = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1)
    throw new InputError('body.contentBase64 不是 base64 编码 / body.contentBase64 is not base64');
  return Buffer.from(base64, 'base64');
}

/** The import request a roster body makes (bytes decoded, commit left to the caller). */
export function rosterRequest(body: RosterBody): Omit<registry.ImportRosterRequest, 'commit'> {
  return {
    file: { name: body.fileName, bytes: base64Bytes(body.contentBase64) },
    ...(body.format ? { format: body.format } : {}),
    ...(body.mapping ? { mapping: body.mapping } : {}),
    ...(body.strict !== undefined ? { strict: body.strict } : {}),
    recordedBy: body.recordedBy,
  };
}

export async function sendFile(reply: FastifyReply, file: registry.ExportedFile): Promise<void> {
  await reply
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(file.bytes);
}

/** A report's query: a unit and these options, nothing else. */
const unitQuery = (properties: object) =>
  ({
    type: 'object',
    required: ['unitId'],
    additionalProperties: false,
    properties: { unitId, ...properties, format },
  }) as const;

interface CensusQuery {
  unitId: string;
  hours?: number;
  focus?: string;
  format?: SheetFormat;
}

interface RateQuery {
  unitId: string;
  since?: string;
  targetRate?: number;
  targetChange?: number;
  format?: SheetFormat;
}

export async function registryRoutes(api: FastifyInstance, ctx: YzContext): Promise<void> {
  const tags = ['registry'];

  api.post<{ Body: RosterBody & { createUnits?: boolean; district?: string } }>(
    '/registry/import',
    {
      bodyLimit: UPLOAD_LIMIT,
      schema: {
        tags,
        summary: '导入名册（默认试运行）/ import a roster (a dry run unless commit)',
        body: rosterBody({
          commit: { type: 'boolean', description: 'write the valid rows (default: dry run)' },
          createUnits: {
            type: 'boolean',
            description: '由所属街镇与所在单位补建单位 / derive missing streets and units',
          },
          district: { ...text, description: '补建单位所属的区 / the district they go under' },
        }),
      },
    },
    async (request) =>
      registry.importRoster(ctx, {
        ...rosterRequest(request.body),
        commit: request.body.commit === true,
        createUnits: request.body.createUnits === true,
        ...(request.body.district ? { district: request.body.district } : {}),
      }),
  );

  api.get<{ Querystring: { format?: SheetFormat; unitId?: string; lang?: 'zh' | 'en' } }>(
    '/registry/people/export',
    {
      schema: {
        tags,
        summary: '导出人员名册 / export people as XLSX (default) or CSV',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { format, unitId, lang: { type: 'string', enum: ['zh', 'en'] } },
        },
      },
    },
    async (request, reply) => {
      const { format: f, unitId: unit, lang } = request.query;
      const file = await registry.exportPeople(ctx, {
        ...(f ? { format: f } : {}),
        ...(unit ? { unitId: unit } : {}),
        ...(lang ? { language: lang } : {}),
      });
      await sendFile(reply, file);
    },
  );

  api.get<{ Querystring: CensusQuery }>(
    '/registry/census',
    {
      schema: {
        tags,
        summary: '人才资源库统计 / the talent census (JSON, or a file with format)',
        querystring: unitQuery({
          hours: { type: 'number', minimum: 0, description: 'training hours that count (120)' },
          focus: { ...text, description: 'focus specialties, comma-separated' },
        }),
      },
    },
    async (request, reply) => {
      const { unitId: unit, hours, focus, format: f } = request.query;
      const req = {
        unitId: unit,
        ...(hours !== undefined ? { hoursThreshold: hours } : {}),
        ...(focus ? { focusSpecialties: focus.split(',').map((x) => x.trim()) } : {}),
      };
      if (!f) return registry.censusReport(ctx, req);
      await sendFile(reply, await registry.exportCensus(ctx, { ...req, format: f }));
    },
  );

  api.get<{ Querystring: RateQuery }>(
    '/registry/rate',
    {
      schema: {
        tags,
        summary: '持证率 / certification rate, its change and the target (JSON or a file)',
        querystring: unitQuery({
          since: { type: 'string', format: 'date', description: 'compare with this date' },
          targetRate: { type: 'number', description: 'target rate in percent' },
          targetChange: { type: 'number', description: 'target change in percentage points' },
        }),
      },
    },
    async (request, reply) => {
      const { format: f, ...query } = request.query;
      const req = registry.rateRequest(query);
      if (!f) return registry.certificationRate(ctx, req);
      await sendFile(reply, await registry.exportCertificationRate(ctx, { ...req, format: f }));
    },
  );
}
