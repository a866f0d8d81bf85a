/**
 * Starting an exam mobilization campaign (报考动员) from its definition: the definition and the
 * cohort are checked before anything is written; then the campaign is stored and its workflow
 * (v2 engine) started.
 */
import { countAudience, AudienceError } from '../../../store/people/audience';
import { refreshExamKpis } from '../../../store/exam/kpis';
import {
  parseCampaignDefinition,
  type CampaignDefinition,
} from '../../../workflows/rules/campaignDefinition';
import { peopleVocabularies } from '../../../store/registry/vocabularyTerms';
import { nextSendableTime } from '../../../workflows/rules/quietHours';
// The workflow by type only: it is started by type name, its module is never loaded here.
import type { examMobilization } from '../../../workflows/exam/examMobilization';
import {
  examCampaignWorkflowId,
  type ExamMobilizationInput,
} from '../../../workflows/exam/signals';
import { InputError } from '../../../common/errors';
import { journeyBase, type ExamContext, type StoredDefinition } from './storedCampaign';
import { rejectExisting, startRecorded } from '../startRecorded';

/**
 * Tuning of the campaign workflow (the workflow's own defaults: pages of 500, batches of 100,
 * 4 in flight). Campaigns started here use pages of 2,000: each page's batches then keep the
 * sending window full, where a page of 500 (5 batches) left it half empty between pages.
 */
export type CampaignTuning = Pick<
  ExamMobilizationInput,
  'pageSize' | 'batchSize' | 'parallelBatches'
>;

/** Every class of the definition names a course series that exists (else an InputError). */
export async function checkClassSeries(
  db: ExamContext['db'],
  d: Pick<CampaignDefinition, 'classes'>,
): Promise<void> {
  const series = await db.courseSeries.findMany({
    where: { id: { in: d.classes.map((c) => c.seriesId ?? c.id) } },
    select: { id: true },
  });
  const missing = d.classes
    .map((c, i) => [i, c.seriesId ?? c.id] as const)
    .filter(([, id]) => !series.some((x) => x.id === id))
    .map(
      ([i, id]) =>
        `classes[${i}].seriesId：没有课程系列“${id}”（请先创建）/ classes[${i}].seriesId: no course series "${id}" (create it first)`,
    );
  if (missing.length) throw new InputError(missing.join('\n'));
}

export async function startExamCampaign(
  ctx: ExamContext,
  definition: unknown,
  createdBy: string,
  tuning: CampaignTuning = {},
): Promise<{ id: string; workflowId: string; cohort: number; invitationsAt?: string }> {
  // A DefinitionError is an InputError (400) with the definition's own message.
  const d = parseCampaignDefinition(definition, await peopleVocabularies(ctx.db));
  const cohortAudience = {
    unitIds: d.cohort.unitIds,
    ...(d.cohort.roles.length ? { roles: d.cohort.roles } : {}),
    ...(d.cohort.notCertifiedAtLevel ? { notCertifiedAt: d.levels[0] } : {}),
  };
  let cohort: number;
  try {
    cohort = await countAudience(ctx.db, cohortAudience);
  } catch (e) {
    if (e instanceof AudienceError) throw new InputError(`动员对象（cohort）：${e.message}`);
    throw e;
  }
  if (cohort === 0)
    throw new InputError('动员对象（cohort）中没有在册人员 / cohort: no active person matches it');
  await checkClassSeries(ctx.db, d);
  rejectExisting(
    await ctx.db.examCampaign.findUnique({ where: { id: d.id } }),
    `报考动员“${d.id}”已存在 / exam campaign "${d.id}" already exists`,
  );
  const workflowId = examCampaignWorkflowId(d.id);
  const stored = { ...d, engine: 2 as const };
  await startRecorded({
    workflowId,
    create: () =>
      ctx.db.examCampaign.create({
        data: {
          id: d.id,
          name: d.name,
          examYear: d.examYear,
          definition: JSON.stringify(stored),
          status: 'running',
          workflowId,
          createdBy,
        },
      }),
    start: () =>
      ctx.temporal.workflow.start<typeof examMobilization>('examMobilization', {
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
            pageSize: 2000,
            ...tuning,
          },
        ],
      }),
    remove: () => ctx.db.examCampaign.delete({ where: { id: d.id } }),
  });
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
