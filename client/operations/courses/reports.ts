/**
 * Course reports (课程统计): person-times and class hours per series, unit and year, as data or
 * as an XLSX / CSV file.
 */
import type { Db } from '../../../store/db';
import { seriesOf } from '../../../store/courses/enrolment';
import {
  attendanceFigures,
  attendanceTable,
  type AttendanceFigure,
} from '../../../store/courses/reports';
import type { SheetFormat } from '../../../store/registry/roster/read';
import { subtree } from '../../../store/registry/subtree';
import { CONTENT_TYPES, writeTable } from '../../../store/registry/table';
import { InputError } from '../../../common/errors';
import type { CourseContext } from './courseContext';

/** The unit and its sub-units (an unknown unit is a RegistryError, a NotFound). */
export async function unitsUnder(db: Db, unitId?: string): Promise<string[] | undefined> {
  if (!unitId) return undefined;
  return (await subtree(db, unitId)).orgs.map((o) => o.id);
}

export interface CourseReportRequest {
  seriesId?: string;
  /** The unit and its sub-units. */
  unitId?: string;
  year?: number;
}

/** Person-times and class hours per series, unit and year. */
export async function courseReport(
  ctx: Pick<CourseContext, 'db'>,
  req: CourseReportRequest,
): Promise<AttendanceFigure[]> {
  if (req.seriesId) await seriesOf(ctx.db, req.seriesId);
  if (req.year !== undefined && (!Number.isInteger(req.year) || req.year < 2000 || req.year > 2100))
    throw new InputError(
      `年份 ${req.year} 须形如 2026 / year ${req.year} must be a year like 2026`,
    );
  return attendanceFigures(ctx.db, {
    ...(req.seriesId ? { seriesId: req.seriesId } : {}),
    ...(req.year ? { year: req.year } : {}),
    ...(req.unitId ? { unitIds: await unitsUnder(ctx.db, req.unitId) } : {}),
  });
}

/** The same report as an XLSX or CSV file. */
export async function exportCourseReport(
  ctx: Pick<CourseContext, 'db'>,
  req: CourseReportRequest & { format?: SheetFormat },
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const format = req.format ?? 'xlsx';
  const bytes = await writeTable(attendanceTable(await courseReport(ctx, req)), format);
  return { fileName: `courses.${format}`, contentType: CONTENT_TYPES[format], bytes };
}
