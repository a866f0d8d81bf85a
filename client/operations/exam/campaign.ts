/**
 * Exam mobilization operations (报考动员) for coordinators: start a campaign from its definition,
 * record registrations (by person id, or the exam authority's registered list), withdraw a
 * person, import the exam authority's results (which tells each affected journey), read the
 * funnel; pause, resume, cancel a campaign, add people to it, and read its live progress and
 * KPIs. Input is checked before anything is written.
 *
 * Campaigns started here run the v2 engine (campaign-level notice waves, see
 * workflows/examMobilization.ts): a registration or a withdrawal is written to the database at
 * once (so the next wave already leaves that person out) and then signalled to the journey —
 * starting it, should the launch not have reached that person yet.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type WorkflowHandle,
} from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { applyExamOutcomes } from '../../../activities/exam/journeys';
import { refreshExamKpis } from '../../../activities/exam/campaign';
import { importExamResults, type ResultsReport } from '../../../store/exam/results';
import {
  checkExamRegistrations,
  type RegistrationProblem,
} from '../../../store/exam/registrations';
import { RosterFileError } from '../../../store/registry/roster/read';
import { AudienceError, countAudience } from '../../../store/people/audience';
import {
  DefinitionError,
  parseCampaignDefinition,
  type CampaignDefinition,
} from '../../../workflows/rules/campaignDefinition';
import {
  examJourney,
  examRegisteredSignal,
  examResultsPostedSignal,
  examJourneyWorkflowId,
  examWithdrawSignal,
  type ExamJourneyInput,
} from '../../../workflows/exam/examJourney';
import {
  examCampaignAddSignal,
  examCampaignCancelSignal,
  examCampaignPauseSignal,
  examCampaignProgressQuery,
  examCampaignResultsSignal,
  examCampaignResumeSignal,
  examCampaignWorkflowId,
  examMobilization,
  type CampaignProgress,
  type ExamMobilizationInput,
} from '../../../workflows/exam/examMobilization';
import { inWindow } from '../../../workflows/rules/chunk';
import { nextSendableTime } from '../../../workflows/rules/quietHours';
import type { CensusContext } from '../census/census';
import { InputError, NotFound, Conflict } from '../../../common/errors';

/** The same parts as the other campaign operations. */
export type ExamContext = CensusContext;

/**
 * Tuning of the campaign workflow (the workflow's own defaults: pages of 500, batches of 100,
 * 4 in flight). Campaigns started here use pages of 2,000: each page's batches then keep the
 * sending window full, where a page of 500 (5 batches) left it half empty between pages.
 */
export type CampaignTuning = Pick<
  ExamMobilizationInput,
  'pageSize' | 'batchSize' | 'parallelBatches'
>;

/** The definition as stored: what the coordinator wrote, checked, plus the engine version. */
interface StoredDefinition {
  levels: CampaignDefinition['levels'];
  examYear: number;
  registrationWindow: { closes: string };
  examDates: Record<string, string>;
  reminders: {
    beforeWindowCloses: string[];
    quietHours: CampaignDefinition['reminders']['quietHours'];
  };
  timeZone: string;
  /** 2: notice waves from the campaign workflow; absent: v1 (journeys send their own). */
  engine?: 2;
}

/** The journey input of a campaign (the same for the launch and for a journey started early). */
function journeyBase(d: StoredDefinition): ExamMobilizationInput['journey'] {
  return {
    level: d.levels[0]!,
    examYear: d.examYear,
    windowCloses: new Date(d.registrationWindow.closes).toISOString(),
    examDates: Object.values(d.examDates).map((x) => new Date(x).toISOString()),
    reminderOffsets: d.reminders.beforeWindowCloses,
    timeZone: d.timeZone,
    quietHours: d.reminders.quietHours,
  };
}

export async function startExamCampaign(
  ctx: ExamContext,
  definition: unknown,
  createdBy: string,
  tuning: CampaignTuning = {},
): Promise<{ id: string; workflowId: string; cohort: number; invitationsAt?: string }> {
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
  const series = await ctx.db.courseSeries.findMany({
    where: { id: { in: d.classes.map((c) => c.seriesId ?? c.id) } },
    select: { id: true },
  });
  const missing = d.classes
    .map((c, i) => [i, c.seriesId ?? c.id] as const)
    .filter(([, id]) => !series.some((x) => x.id === id))
    .map(([i, id]) => `classes[${i}].seriesId: no course series "${id}" (create it first)`);
  if (missing.length) throw new InputError(missing.join('\n'));
  if (await ctx.db.examCampaign.findUnique({ where: { id: d.id } }))
    throw new Conflict(`exam campaign "${d.id}" already exists`);
  const workflowId = examCampaignWorkflowId(d.id);
  const stored = { ...d, engine: 2 as const };
  await ctx.db.examCampaign.create({
    data: {
      id: d.id,
      name: d.name,
      examYear: d.examYear,
      definition: JSON.stringify(stored),
      status: 'running',
      workflowId,
      createdBy,
    },
  });
  try {
    await ctx.temporal.workflow.start(examMobilization, {
      taskQueue: ctx.taskQueue,
      workflowId,
      // The campaign's tasks share the worker with thousands of journeys' tasks; at the default
      // of 10 s a slow one timed out and was done again from scratch (seen at 8,055 people).
      workflowTaskTimeout: '1 minute',
      args: [
        {
          campaignId: d.id,
          cohort: cohortAudience,
          journey: journeyBase(JSON.parse(JSON.stringify(stored)) as StoredDefinition),
          version: 2,
          pageSize: 2000,
          ...tuning,
        },
      ],
    });
  } catch (e) {
    await ctx.db.examCampaign.delete({ where: { id: d.id } });
    throw e;
  }
  await refreshExamKpis(ctx.db, d.id);
  // Started in quiet hours: the campaign invites nobody until they end (the workflow's rule).
  const now = ctx.now?.() ?? new Date();
  const at = nextSendableTime(now, d.reminders.quietHours, d.timeZone);
  return {
    id: d.id,
    workflowId,
    cohort,
    ...(at > now ? { invitationsAt: at.toISOString() } : {}),
  };
}

async function campaignOf(ctx: Pick<ExamContext, 'db'>, campaignId: string) {
  const c = await ctx.db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c) throw new NotFound(`no exam campaign "${campaignId}"`);
  return { ...c, stored: JSON.parse(c.definition) as StoredDefinition };
}

const OPEN = ['invited', 'registered'];

/**
 * v2: writes the step to the participant (only from an open status) and signals the journey,
 * starting it if the launch has not reached it yet; a journey that has ended is a clear error.
 */
async function journeyStep(
  ctx: ExamContext,
  campaign: Awaited<ReturnType<typeof campaignOf>>,
  personId: string,
  what: 'register' | 'withdraw',
  /** The reason of a withdrawal; who recorded a registration. */
  note: string,
): Promise<void> {
  const reason = note;
  const key = { campaignId_personId: { campaignId: campaign.id, personId } };
  const p = await ctx.db.examParticipant.findUnique({ where: key });
  if (!p) throw new NotFound(`${personId} is not in exam campaign "${campaign.id}"`);
  const ended = (status: string) =>
    new Conflict(`${personId}'s journey has ended (${status}): cannot ${what}`);
  if (!OPEN.includes(p.status)) throw ended(p.status);
  if (what === 'register' && p.status === 'registered') return; // already: nothing to do
  const workflowId = examJourneyWorkflowId(campaign.id, personId);
  const input: ExamJourneyInput = {
    ...journeyBase(campaign.stored),
    campaignId: campaign.id,
    personId,
    waves: true,
  };
  const options = {
    taskQueue: ctx.taskQueue,
    workflowId,
    args: [input] as [ExamJourneyInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
  };
  try {
    if (what === 'register')
      await ctx.temporal.workflow.signalWithStart(examJourney, {
        ...options,
        signal: examRegisteredSignal,
        signalArgs: [{ by: note }],
      });
    else
      await ctx.temporal.workflow.signalWithStart(examJourney, {
        ...options,
        signal: examWithdrawSignal,
        signalArgs: [{ reason }],
      });
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError || e instanceof WorkflowNotFoundError)
      throw ended(p.status === 'invited' ? 'registration closed' : p.status);
    throw e;
  }
  await ctx.db.examParticipant.updateMany({
    where: { ...key.campaignId_personId, status: { in: OPEN } },
    data:
      what === 'register'
        ? { status: 'registered', registeredAt: new Date() }
        : { status: 'withdrawn', withdrawnReason: reason },
  });
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
  if (!p) throw new NotFound(`${personId} is not in exam campaign "${campaignId}"`);
  try {
    await send(ctx.temporal.workflow.getHandle(examJourneyWorkflowId(campaignId, personId)));
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new Conflict(`${personId}'s journey has ended (${p.status}): cannot ${what}`);
    throw e;
  }
}

/** Registers people through their journeys (v2: recorded at once, then signalled; v1: signalled). */
async function registerPeople(
  ctx: ExamContext,
  campaign: Awaited<ReturnType<typeof campaignOf>>,
  personIds: string[],
  by: string,
): Promise<void> {
  if (campaign.stored.engine === 2) {
    // The exam authority's registered list may name thousands: 16 at a time; the first error
    // (unknown person, ended journey) is reported; each registration stands on its own.
    await inWindow([...new Set(personIds)], 16, (personId) =>
      journeyStep(ctx, campaign, personId, 'register', by),
    );
    await refreshExamKpis(ctx.db, campaign.id);
    return;
  }
  for (const personId of personIds)
    await signalJourney(
      ctx,
      campaign.id,
      personId,
      (h) => h.signal(examRegisteredSignal, { by }),
      'register',
    );
}

export async function registerForExam(
  ctx: ExamContext,
  req: { campaignId: string; personIds: string[]; by: string },
): Promise<{ registered: number }> {
  const campaign = await campaignOf(ctx, req.campaignId);
  await registerPeople(ctx, campaign, req.personIds, req.by);
  return { registered: req.personIds.length };
}

export interface RegistrationImport {
  rows: number;
  /** False when any row has a problem: then nobody is registered. */
  committed: boolean;
  counts: { registered: number; alreadyRegistered: number; invalid: number };
  problems: RegistrationProblem[];
}

/**
 * Imports the exam authority's registered list (CSV/XLSX): every row is checked first (see
 * activities/exam/registrations.ts); a file with any problem registers nobody and reports them
 * by row. A clean file registers its people the way `registerForExam` does; people registered
 * already are counted, not registered twice, so importing the same file again changes nothing.
 */
export async function importExamRegistrations(
  ctx: ExamContext,
  req: { campaignId: string; bytes: Uint8Array; name: string; by: string },
): Promise<RegistrationImport> {
  const campaign = await campaignOf(ctx, req.campaignId);
  let check;
  try {
    check = await checkExamRegistrations(ctx.db, {
      campaignId: req.campaignId,
      bytes: req.bytes,
      name: req.name,
    });
  } catch (e) {
    if (e instanceof RosterFileError) throw new InputError(e.message);
    throw e;
  }
  if (check.rows === 0) throw new InputError(`${req.name} names nobody: no rows below its header`);
  const report = (committed: boolean, registered: number): RegistrationImport => ({
    rows: check.rows,
    committed,
    counts: {
      registered,
      alreadyRegistered: check.already.length,
      invalid: new Set(check.problems.map((p) => p.row)).size,
    },
    problems: check.problems,
  });
  if (check.problems.length) return report(false, 0);
  await registerPeople(ctx, campaign, check.toRegister, req.by);
  return report(true, check.toRegister.length);
}

export async function withdrawFromExam(
  ctx: ExamContext,
  req: { campaignId: string; personId: string; reason: string },
): Promise<void> {
  if (!req.reason.trim()) throw new InputError('a reason is required to withdraw someone');
  const campaign = await campaignOf(ctx, req.campaignId);
  if (campaign.stored.engine === 2) {
    await journeyStep(ctx, campaign, req.personId, 'withdraw', req.reason);
    await refreshExamKpis(ctx.db, req.campaignId);
    return;
  }
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
  if (!campaign) throw new NotFound(`no exam campaign "${req.campaignId}"`);
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
  if ((JSON.parse(campaign.definition) as StoredDefinition).engine === 2) {
    // Verdicts, certificates, reward applications and KPIs in bulk now; the campaign then sends
    // the results notices and tells the journeys.
    const o = await applyExamOutcomes(ctx.db, { campaignId: req.campaignId, personIds: people });
    await ctx.temporal.workflow.getHandle(campaign.workflowId).signal(examCampaignResultsSignal);
    return { ...report, notified: o.passed.length + o.failed.length };
  }
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

type CampaignHandle = WorkflowHandle<typeof examMobilization>;

/** Signals a v2 campaign still under way; a finished one is a clear error. */
async function controlCampaign(
  ctx: ExamContext,
  campaignId: string,
  what: string,
  allowed: string[],
  send: (h: CampaignHandle) => Promise<void>,
  status?: string,
) {
  const c = await campaignOf(ctx, campaignId);
  if (c.stored.engine !== 2)
    throw new Conflict(`exam campaign "${campaignId}" predates campaign controls`);
  if (!allowed.includes(c.status))
    throw new Conflict(`exam campaign "${campaignId}" is ${c.status}: cannot ${what}`);
  try {
    await send(ctx.temporal.workflow.getHandle<typeof examMobilization>(c.workflowId));
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      throw new Conflict(`exam campaign "${campaignId}" has ended: cannot ${what}`);
    throw e;
  }
  if (status) await ctx.db.examCampaign.update({ where: { id: campaignId }, data: { status } });
  return c;
}

/** Pauses a campaign: no notice goes out and nobody is launched until it resumes. */
export async function pauseExamCampaign(ctx: ExamContext, campaignId: string): Promise<void> {
  await controlCampaign(
    ctx,
    campaignId,
    'pause',
    ['running'],
    (h) => h.signal(examCampaignPauseSignal),
    'paused',
  );
}

/** Resumes a paused campaign; waves that fell due meanwhile go out now. */
export async function resumeExamCampaign(ctx: ExamContext, campaignId: string): Promise<void> {
  await controlCampaign(
    ctx,
    campaignId,
    'resume',
    ['paused'],
    (h) => h.signal(examCampaignResumeSignal),
    'running',
  );
}

/** Cancels a campaign: no further notices; every open journey ends as cancelled. */
export async function cancelExamCampaign(ctx: ExamContext, campaignId: string): Promise<void> {
  await controlCampaign(
    ctx,
    campaignId,
    'cancel',
    ['running', 'paused'],
    (h) => h.signal(examCampaignCancelSignal),
    'cancelled',
  );
}

/**
 * Adds people mid-campaign (before the registration window closes): they get the invitation and
 * a journey. People already in the campaign are reported, not added twice.
 */
export async function addToExamCampaign(
  ctx: ExamContext,
  req: { campaignId: string; personIds: string[] },
): Promise<{ added: string[]; already: string[] }> {
  const ids = [...new Set(req.personIds)];
  if (!ids.length) throw new InputError('names nobody to add');
  const c = await campaignOf(ctx, req.campaignId);
  if (new Date(c.stored.registrationWindow.closes).getTime() <= Date.now())
    throw new Conflict(`exam campaign "${req.campaignId}": the registration window has closed`);
  const people = await ctx.db.person.findMany({
    where: { id: { in: ids } },
    select: { id: true, active: true },
  });
  const unknown = ids.filter((id) => !people.some((p) => p.id === id && p.active));
  if (unknown.length) throw new NotFound(`unknown or inactive person id(s): ${unknown.join(', ')}`);
  const inIt = new Set(
    (
      await ctx.db.examParticipant.findMany({
        where: { campaignId: req.campaignId, personId: { in: ids } },
        select: { personId: true },
      })
    ).map((p) => p.personId),
  );
  const added = ids.filter((id) => !inIt.has(id));
  if (added.length)
    await controlCampaign(ctx, req.campaignId, 'add people', ['running', 'paused'], (h) =>
      h.signal(examCampaignAddSignal, { personIds: added }),
    );
  return { added, already: ids.filter((id) => inIt.has(id)) };
}

export interface ExamCampaignView {
  id: string;
  status: string;
  progress: CampaignProgress | null;
  kpis: Record<string, number>;
  waves: {
    wave: string;
    dueAt: string;
    queuedAt: string | null;
    sentAt: string | null;
    recipients: number;
  }[];
}

/** Live progress (the workflow's query, when it runs) and the KPIs recorded in the database. */
export async function examCampaignProgress(
  ctx: ExamContext,
  campaignId: string,
): Promise<ExamCampaignView> {
  const c = await campaignOf(ctx, campaignId);
  let progress: CampaignProgress | null = null;
  if (c.stored.engine === 2) {
    try {
      progress = await ctx.temporal.workflow
        .getHandle(c.workflowId)
        .query(examCampaignProgressQuery);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
  }
  await refreshExamKpis(ctx.db, campaignId);
  const k = await ctx.db.examCampaignKpi.findUnique({ where: { campaignId } });
  const kpis: Record<string, number> = {};
  for (const [name, value] of Object.entries(k ?? {}))
    if (typeof value === 'number') kpis[name] = value;
  const waves = await ctx.db.examNoticeWave.findMany({
    where: { campaignId },
    orderBy: { dueAt: 'asc' },
  });
  return {
    id: campaignId,
    status: c.status,
    progress,
    kpis,
    waves: waves.map((w) => ({
      wave: w.wave,
      dueAt: w.dueAt.toISOString(),
      queuedAt: w.queuedAt?.toISOString() ?? null,
      sentAt: w.sentAt?.toISOString() ?? null,
      recipients: w.recipients,
    })),
  };
}
