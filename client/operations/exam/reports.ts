/**
 * The exam campaign's report for coordinators (动员成效): the funnel per unit and for the
 * district, pass rate, certification rate before/after against the target, as JSON or as an
 * XLSX/CSV file. Shared by `yz exam report` and `GET /exam-campaigns/:id/report`.
 */
import { examReport, examReportTable, type ExamReport } from '../../../store/exam/reports';
import type { SheetFormat } from '../../../store/registry/roster/read';
import { writeTable } from '../../../store/registry/table';
import type { Db } from '../../../store/db';
import { CONTENT_TYPES, formatOf, type ExportedFile } from '../registry/registry';

export interface ExamReportRequest {
  campaignId: string;
  /** The unit whose subtree is reported (default: the campaign's cohort units' common parent). */
  unitId?: string;
}

export async function examCampaignReport(
  ctx: { db: Db; now?: () => Date },
  req: ExamReportRequest,
): Promise<ExamReport> {
  return examReport(ctx.db, {
    campaignId: req.campaignId,
    ...(req.unitId ? { unitId: req.unitId } : {}),
    asOf: ctx.now?.() ?? new Date(),
  });
}

export async function exportExamReport(
  ctx: { db: Db; now?: () => Date },
  req: ExamReportRequest & { format?: SheetFormat },
): Promise<ExportedFile> {
  const format = formatOf(req.format);
  const bytes = await writeTable(examReportTable(await examCampaignReport(ctx, req)), format);
  return {
    fileName: `exam-report-${req.campaignId}${req.unitId ? `-${req.unitId}` : ''}.${format}`,
    contentType: CONTENT_TYPES[format],
    bytes,
  };
}
