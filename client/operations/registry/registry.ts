/**
 * Talent registry (人才资源库) operations for coordinators, shared by the CLI and the HTTP API:
 * roster import (dry run by default), export of people and reports as XLSX or CSV, the talent
 * census and the certification rate. Bad input is an InputError naming the file, row or id.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../../../store/db';
import { exportPeopleFile, type HeaderLanguage } from '../../../store/registry/export';
import { censusTable, rateTable } from '../../../store/registry/reportTables';
import {
  census,
  certificationRate as rateReport,
  type Census,
  type CertificationRate,
  type RateTarget,
} from '../../../store/registry/reports';
import type { SheetFormat } from '../../../store/registry/roster/read';
import type { HeaderMapping } from '../../../store/registry/roster/headers';
import { importRosterFile, type RosterReport } from '../../../store/registry/roster/import';
import { idCardHasher } from '../../../store/registry/idCardHasher';
import { loadIdCardKey, type IdCardKeySource } from '../../../store/registry/idCardKey';
import { settings } from '../../../config/env';
import { writeTable } from '../../../store/registry/table';
import { localParts } from '../../../workflows/rules/zonedTime';
import { InputError } from '../../../common/errors';
import { progressOf, type Progress } from '../progress';
import { CONTENT_TYPES } from '../../../store/registry/table';

/** What these operations need of a context (a YzContext has it). */
export interface RegistryContext {
  db: Db;
  /** idCardKey: where the ID-card hash key is (default: this process's settings). */
  config?: { timeZone: string; idCardKey?: IdCardKeySource };
}

export interface ExportedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export { CONTENT_TYPES };
/** The registry's codes and their Chinese labels, for the adapters' tables. */
export {
  CERT_LEVELS,
  CERT_LEVEL_ZH,
  ROLES,
  ROLE_ZH,
  SPECIALTY_ZH,
} from '../../../store/registry/vocabulary';
import { SPECIALTY, readCodes } from '../../../store/registry/vocabulary';

/**
 * A request naming a unit the registry does not hold is a bad request here (400), not a missing
 * resource: the unit is a filter of the report, as in the announcement audience.
 */
async function knownUnit(db: Db, unitId: string): Promise<void> {
  const unit = await db.organisation.findUnique({ where: { id: unitId }, select: { id: true } });
  if (!unit) throw new InputError(`未知单位编号 unknown unit id: ${unitId}`);
}

/** Today in the context's zone as a calendar date (UTC midnight). */
function today(ctx: RegistryContext, now = new Date()): Date {
  const { year, month, day } = localParts(now, ctx.config?.timeZone ?? 'Asia/Shanghai');
  return new Date(Date.UTC(year, month - 1, day));
}

/** "2024-01-01" → that calendar date (UTC midnight). */
function calendarDate(text: string, what: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== text) {
    throw new InputError(
      `${what} 须为形如 2024-01-01 的日期 / ${what} must be a date like 2024-01-01, got "${text}"`,
    );
  }
  return d;
}

export interface ImportRosterRequest {
  /** A path, or the bytes of an uploaded file with its name. */
  file: string | { name: string; bytes: Uint8Array };
  /** Detected from the contents when absent. */
  format?: SheetFormat;
  /** Header → field (person_id, name, phone, email, unit, role, certificate_level, …). */
  mapping?: HeaderMapping;
  /** Write the valid rows (default: a dry run that writes nothing). */
  commit?: boolean;
  /** With commit: write nothing at all if any row has a problem. */
  strict?: boolean;
  /** Derive missing streets/towns and units from 所属街镇 + 所在单位 (listed; written with commit). */
  createUnits?: boolean;
  /** With createUnits: the district they go under (made when the tree is empty). */
  district?: string;
  /** Who imports (a coordinator's id), for the report. */
  recordedBy: string;
  /** Told each step (reading, checking, writing), for a progress line. */
  progress?: Progress;
}

export interface ImportRosterResult extends RosterReport {
  file: string;
  recordedBy: string;
}

export async function importRoster(
  ctx: RegistryContext,
  request: ImportRosterRequest,
): Promise<ImportRosterResult> {
  if (!request.recordedBy?.trim()) throw new InputError('须注明记录人 / recordedBy is required');
  const say = progressOf(request.progress);
  let name: string;
  let bytes: Uint8Array;
  if (typeof request.file === 'string') {
    name = basename(request.file);
    try {
      bytes = await readFile(request.file);
    } catch (e) {
      throw new InputError(
        `无法读取文件 cannot read ${request.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  } else ({ name, bytes } = request.file);
  say(
    request.commit
      ? `检查并写入 / checking and writing ${name}`
      : `检查（试运行）/ checking ${name} (dry run)`,
  );
  // A file that cannot be read as a roster is a RosterFileError, an InputError already.
  const report = await importRosterFile(ctx.db, {
    bytes,
    name,
    ...(request.format ? { format: request.format } : {}),
    ...(request.mapping ? { mapping: request.mapping } : {}),
    commit: request.commit === true,
    strict: request.strict === true,
    hashIdCard: await idCardHasher(
      ctx.db,
      loadIdCardKey(ctx.config?.idCardKey ?? settings().idCardKey),
    ),
    today: today(ctx),
    recordedBy: request.recordedBy,
    ...(request.createUnits
      ? { createUnits: request.district ? { districtName: request.district } : {} }
      : {}),
  });
  return { file: name, recordedBy: request.recordedBy, ...report };
}

export function formatOf(format: string | undefined, fallback: SheetFormat = 'xlsx'): SheetFormat {
  const f = (format ?? fallback).replace(/^\./, '');
  if (f !== 'csv' && f !== 'xlsx')
    throw new InputError(`格式须为 xlsx 或 csv / format must be xlsx or csv, got "${f}"`);
  return f;
}

export async function exportPeople(
  ctx: RegistryContext,
  options: { format?: SheetFormat; unitId?: string; language?: HeaderLanguage },
): Promise<ExportedFile> {
  const format = formatOf(options.format);
  if (options.unitId) await knownUnit(ctx.db, options.unitId);
  const bytes = await exportPeopleFile(ctx.db, {
    format,
    ...(options.unitId ? { unitId: options.unitId } : {}),
    ...(options.language ? { language: options.language } : {}),
  });
  return exportedFile(`registry-${options.unitId ?? 'all'}`, format, bytes);
}

/** A file of the registry's: its name (`<name>.<format>`), its content type and its bytes. */
function exportedFile(name: string, format: SheetFormat, bytes: Buffer): ExportedFile {
  return { fileName: `${name}.${format}`, contentType: CONTENT_TYPES[format], bytes };
}

export interface CensusRequest {
  unitId: string;
  /** Training hours that count (default 120). */
  hoursThreshold?: number;
  /** Specialties counted together (default family_education and mental_health). */
  focusSpecialties?: string[];
}

export async function censusReport(ctx: RegistryContext, request: CensusRequest): Promise<Census> {
  const h = request.hoursThreshold;
  if (h !== undefined && !(Number.isFinite(h) && h >= 0)) {
    throw new InputError(
      `学时门槛须为不小于 0 的数 / hoursThreshold must be a number of hours >= 0, got ${h}`,
    );
  }
  await knownUnit(ctx.db, request.unitId);
  return census(ctx.db, {
    unitId: request.unitId,
    ...(h !== undefined ? { hoursThreshold: h } : {}),
    ...(request.focusSpecialties
      ? { focusSpecialties: readCodes(SPECIALTY, request.focusSpecialties, 'focus') }
      : {}),
  });
}

export interface CertificationRateRequest {
  unitId: string;
  /** Compare with this earlier date ("2024-01-01"): certificates obtained on or before it. */
  since?: string;
  /** Target rate in percent and/or target change in percentage points. */
  target?: RateTarget;
}

/** The request flat options make (`--target-rate`, `targetChange=…`), leaving out what is absent. */
export function rateRequest(o: {
  unitId: string;
  since?: string;
  targetRate?: number;
  targetChange?: number;
}): CertificationRateRequest {
  const target = {
    ...(o.targetRate !== undefined ? { rate: o.targetRate } : {}),
    ...(o.targetChange !== undefined ? { change: o.targetChange } : {}),
  };
  return {
    unitId: o.unitId,
    ...(o.since ? { since: o.since } : {}),
    ...(Object.keys(target).length ? { target } : {}),
  };
}

export async function certificationRate(
  ctx: RegistryContext,
  request: CertificationRateRequest,
): Promise<CertificationRate> {
  const since = request.since ? calendarDate(request.since, 'since') : undefined;
  await knownUnit(ctx.db, request.unitId);
  return rateReport(ctx.db, {
    unitId: request.unitId,
    ...(since ? { since } : {}),
    ...(request.target ? { target: request.target } : {}),
  });
}

export async function exportCensus(
  ctx: RegistryContext,
  request: CensusRequest & { format?: SheetFormat },
): Promise<ExportedFile> {
  const format = formatOf(request.format);
  const table = censusTable(await censusReport(ctx, request));
  return exportedFile(`census-${request.unitId}`, format, await writeTable(table, format));
}

export async function exportCertificationRate(
  ctx: RegistryContext,
  request: CertificationRateRequest & { format?: SheetFormat },
): Promise<ExportedFile> {
  const format = formatOf(request.format);
  const table = rateTable(await certificationRate(ctx, request));
  return exportedFile(
    `certification-rate-${request.unitId}`,
    format,
    await writeTable(table, format),
  );
}
