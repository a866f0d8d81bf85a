/**
 * Exam mobilization operations (报考动员) for coordinators: start a campaign from its definition,
 * record registrations, withdraw a person, import the exam authority's results (which tells each
 * affected journey), and read the funnel. Input is checked before anything is written.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { importExamResults, type ResultsReport } from '../activities/exam/results';
import { RosterFileError } from '../activities/registry/roster/read';
import { AudienceError, countAudience } from '../activities/people/audience';
import { DefinitionError, parseCampaignDefinition } from '../workflows/rules/campaignDefinition';
import {
  examRegisteredSignal,
  examResultsPostedSignal,
  examJourneyWorkflowId,
  examWithdrawSignal,
} from '../workflows/examJourney';
import { examCampaignWorkflowId, examMobilization } from '../workflows/examMobilization';
import { InputError } from './announcements';
import type { CensusContext } from './census';

/** The same parts as the other campaign operations. */
export type ExamContext = CensusContext;

export async function startExamCampaign(
  ctx: ExamContext,
  definition: unknown,
  createdBy: string,
): Promise<{ id: string; workflowId: string; cohort: number }> {
  let d;
  try {
    d = parseCampaignDefinition(definition);
  } catch (e) {
    if (e instanceof DefinitionError) throw new InputError(e.message);
    throw e;
  }
  const cohortAudience = {
    unitIds: d.cohort.unitIds,
    ...(d.cohort.roles.length ? { roles: d.cohort.roles } : {}),
    ...(d.cohort.notCertifiedAtLevel ? { notCertifiedAt: d.levels[0] } : {}),
  };
  let cohort: number;
  try {
    cohort = await countAudience(ctx.db, cohortAudience);
  } catch (e) {
    if (e instanceof AudienceError) throw new InputError(`cohort: ${e.message}`);
    throw e;
  }
  if (cohort === 0) throw new InputError('cohort: no active person matches it');
  if (await ctx.db.examCampaign.findUnique({ where: { id: d.id } }))
    throw new InputError(`exam campaign "${d.id}" already exists`, 409);
  const workflowId = examCampaignWorkflowId(d.id);
  await ctx.db.examCampaign.create({
    data: {
      id: d.id,
      name: d.name,
      examYear: d.examYear,
      definition: JSON.stringify(d),
      status: 'running',
      workflowId,
      createdBy,
    },
  });
  try {
    await ctx.temporal.workflow.start(examMobilization, {
      taskQueue: ctx.taskQueue,
      workflowId,
      args: [
        {
          campaignId: d.id,
          cohort: cohortAudience,
          journey: {
            level: d.levels[0]!,
            examYear: d.examYear,
            windowCloses: d.registrationWindow.closes.toISOString(),
            examDates: Object.values(d.examDates).map((x) => x.toISOString()),
            reminderOffsets: d.reminders.beforeWindowCloses,
            timeZone: d.timeZone,
            quietHours: d.reminders.quietHours,
          },
        },
      ],
    });
  } catch (e) {
    await ctx.db.examCampaign.delete({ where: { id: d.id } });
    throw e;
  }
  return { id: d.id, workflowId, cohort };
}

/** Signals one journey; a person outside the campaign or a finished journey is a clear error. */
async function signalJourney(
  ctx: ExamContext,
  campaignId: string,
  personId: string,
  send: (handle: ReturnType<ExamContext['temporal']['workflow']['getHandle']>) => Promise<void>,
  what: string,
): Promise<void> {
  const p = await ctx.db.examParticipant.findUnique({
    where: { campaignId_personId: { campaignId, personId } },
  });
  if (!p) throw new InputError(`${personId} is not in exam campaign "${campaignId}"`, 404);
  try {
    await send(ctx.temporal.workflow.getHandle(examJourneyWorkflowId(campaignId, personId)));
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new InputError(`${personId}'s journey has ended (${p.status}): cannot ${what}`, 409);
    throw e;
  }
}

export async function registerForExam(
  ctx: ExamContext,
  req: { campaignId: string; personIds: string[]; by: string },
): Promise<{ registered: number }> {
  for (const personId of req.personIds)
    await signalJourney(
      ctx,
      req.campaignId,
      personId,
      (h) => h.signal(examRegisteredSignal, { by: req.by }),
      'register',
    );
  return { registered: req.personIds.length };
}

export async function withdrawFromExam(
  ctx: ExamContext,
  req: { campaignId: string; personId: string; reason: string },
): Promise<void> {
  if (!req.reason.trim()) throw new InputError('a reason is required to withdraw someone');
  await signalJourney(
    ctx,
    req.campaignId,
    req.personId,
    (h) => h.signal(examWithdrawSignal, { reason: req.reason }),
    'withdraw',
  );
}

/** Imports results (committed, strict by default) and tells each affected registered journey. */
export async function importCampaignResults(
  ctx: ExamContext,
  req: { campaignId: string; bytes: Uint8Array; name: string; strict?: boolean },
): Promise<ResultsReport & { notified: number }> {
  const campaign = await ctx.db.examCampaign.findUnique({ where: { id: req.campaignId } });
  if (!campaign) throw new InputError(`no exam campaign "${req.campaignId}"`, 404);
  let report: ResultsReport;
  try {
    report = await importExamResults(ctx.db, {
      bytes: req.bytes,
      name: req.name,
      commit: true,
      strict: req.strict !== false,
    });
  } catch (e) {
    if (e instanceof RosterFileError) throw new InputError(e.message);
    throw e;
  }
  if (!report.committed) return { ...report, notified: 0 };
  const people = [...new Set(report.verdicts.map((v) => v.personId))];
  const registered = await ctx.db.examParticipant.findMany({
    where: { campaignId: req.campaignId, personId: { in: people }, status: 'registered' },
  });
  for (const p of registered)
    await ctx.temporal.workflow
      .getHandle(examJourneyWorkflowId(req.campaignId, p.personId))
      .signal(examResultsPostedSignal);
  return { ...report, notified: registered.length };
}

/** The campaign's funnel from the system of record: people per journey status. */
export async function examFunnel(
  ctx: Pick<ExamContext, 'db'>,
  campaignId: string,
): Promise<Record<string, number>> {
  const groups = await ctx.db.examParticipant.groupBy({
    by: ['status'],
    where: { campaignId },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
