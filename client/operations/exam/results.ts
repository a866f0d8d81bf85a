/**
 * The exam authority's results imported into a campaign (成绩导入): committed (strict by default),
 * then the outcomes decided and the journeys told.
 */
import { importExamResults, type ResultsReport } from '../../../store/exam/results';
import { applyExamOutcomes } from '../../../store/exam/outcomes';
import {
  examCampaignResultsSignal,
  examJourneyWorkflowId,
  examResultsPostedSignal,
} from '../../../workflows/exam/signals';
import { checkNotEarly } from '../../../workflows/rules/factTiming';
import { startOfLocalDay } from '../../../workflows/rules/zonedTime';
import { campaignOf, type ExamContext, type StoredDefinition } from './storedCampaign';
import { progressOf, type Progress } from '../progress';

/** Results cannot come in before the campaign's first exam day begins (in its zone). */
function resultsNotBeforeExamDay(d: StoredDefinition, now: Date, backfill?: boolean): void {
  const first = Math.min(...Object.values(d.examDates).map((x) => new Date(x).getTime()));
  if (!Number.isFinite(first)) return;
  checkNotEarly({
    fact: { zh: '考试成绩', en: 'exam results' },
    about: { zh: '考试日', en: 'the exam day' },
    at: startOfLocalDay(new Date(first), d.timeZone),
    now,
    timeZone: d.timeZone,
    backfill,
  });
}

/** Imports results (committed, strict by default) and tells each affected registered journey. */
export async function importCampaignResults(
  ctx: ExamContext,
  req: {
    campaignId: string;
    bytes: Uint8Array;
    name: string;
    strict?: boolean;
    progress?: Progress;
    /** An admin's backfill: results before the exam day are taken anyway. */
    backfill?: boolean;
  },
): Promise<ResultsReport & { notified: number }> {
  const campaign = await campaignOf(ctx, req.campaignId);
  resultsNotBeforeExamDay(campaign.stored, ctx.now?.() ?? new Date(), req.backfill);
  const say = progressOf(req.progress);
  say(`检查并写入成绩 / checking and writing ${req.name}`);
  // A file that is no spreadsheet is a RosterFileError: an InputError (400) as it stands.
  const report = await importExamResults(ctx.db, {
    bytes: req.bytes,
    name: req.name,
    commit: true,
    strict: req.strict !== false,
  });
  if (!report.committed) return { ...report, notified: 0 };
  const people = [...new Set(report.verdicts.map((v) => v.personId))];
  say(`判定结果 / deciding outcomes for ${people.length} people`);
  if (campaign.stored.engine === 2) {
    // Verdicts, certificates, reward applications and KPIs in bulk now; the campaign then sends
    // the results notices and tells the journeys.
    const o = await applyExamOutcomes(ctx.db, { campaignId: req.campaignId, personIds: people });
    await ctx.temporal.workflow.getHandle(campaign.workflowId).signal(examCampaignResultsSignal);
    return { ...report, notified: o.passed.length + o.failed.length };
  }
  const registered = await ctx.db.examParticipant.findMany({
    where: { campaignId: req.campaignId, personId: { in: people }, status: 'registered' },
  });
  for (const [i, p] of registered.entries()) {
    say(`通知报考人 / telling journeys ${i + 1}/${registered.length}`);
    await ctx.temporal.workflow
      .getHandle(examJourneyWorkflowId(req.campaignId, p.personId))
      .signal(examResultsPostedSignal);
  }
  return { ...report, notified: registered.length };
}
