/**
 * The continuing-education compliance report (继续教育达标情况): registered people counted per
 * unit by their standing, as data or as an XLSX / CSV file.
 */
import { ceCompliance, ceComplianceTable, type CeCounts } from '../../../store/courses/reports';
import type { SheetFormat } from '../../../store/registry/roster/read';
import { CONTENT_TYPES, writeTable } from '../../../store/registry/table';
import { ceRulesOf } from '../../../store/credits/ceRules';
import { unitsUnder } from '../courses/reports';
import type { CreditsContext } from './ledger';

/** CE standing of registered people, counted per unit (and its sub-units when given). */
export async function ceReport(
  ctx: Pick<CreditsContext, 'db' | 'now'>,
  req: { unitId?: string },
): Promise<CeCounts[]> {
  const [unitIds, rules] = await Promise.all([unitsUnder(ctx.db, req.unitId), ceRulesOf(ctx.db)]);
  return ceCompliance(ctx.db, ctx.now?.() ?? new Date(), unitIds ? { unitIds } : {}, rules);
}

export async function exportCeReport(
  ctx: Pick<CreditsContext, 'db' | 'now'>,
  req: { unitId?: string; format?: SheetFormat },
): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  const format = req.format ?? 'xlsx';
  const bytes = await writeTable(ceComplianceTable(await ceReport(ctx, req)), format);
  return { fileName: `ce-compliance.${format}`, contentType: CONTENT_TYPES[format], bytes };
}
