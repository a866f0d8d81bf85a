/**
 * Views of an exam mobilization campaign: the funnel (people per journey status) and the live
 * progress with the KPIs and the notice waves. Within a unit coordinator's scope the funnel counts
 * their units' people only, and the district-wide figures (live totals, KPIs, wave sizes) are
 * left out.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { personInScope, type Scope } from '../../../store/auth/scope';
import { refreshExamKpis } from '../../../store/exam/kpis';
import { examCampaignProgressQuery, type CampaignProgress } from '../../../workflows/exam/signals';
import { campaignOf, type ExamContext } from './storedCampaign';

/** The campaign's funnel from the system of record: people per journey status. */
export async function examFunnel(
  ctx: Pick<ExamContext, 'db'>,
  campaignId: string,
  scope: Scope = null,
): Promise<Record<string, number>> {
  const groups = await ctx.db.examParticipant.groupBy({
    by: ['status'],
    where: { campaignId, ...(scope && { person: personInScope(scope) }) },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

export interface ExamCampaignView {
  id: string;
  status: string;
  progress: CampaignProgress | null;
  kpis: Record<string, number>;
  /** People per journey status (within the scope). */
  funnel: Record<string, number>;
  waves: {
    wave: string;
    dueAt: string;
    queuedAt: string | null;
    sentAt: string | null;
    /** District-wide; null within a unit coordinator's scope. */
    recipients: number | null;
  }[];
}

/** Live progress (the workflow's query, when it runs) and the KPIs recorded in the database. */
export async function examCampaignProgress(
  ctx: ExamContext,
  campaignId: string,
  scope: Scope = null,
): Promise<ExamCampaignView> {
  const c = await campaignOf(ctx, campaignId);
  const district = scope === null;
  let progress: CampaignProgress | null = null;
  if (c.stored.engine === 2 && district) {
    try {
      progress = await ctx.temporal.workflow
        .getHandle(c.workflowId)
        .query(examCampaignProgressQuery);
    } catch (e) {
      if (!(e instanceof WorkflowNotFoundError)) throw e;
    }
  }
  if (district) await refreshExamKpis(ctx.db, campaignId);
  const k = district ? await ctx.db.examCampaignKpi.findUnique({ where: { campaignId } }) : null;
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
    funnel: await examFunnel(ctx, campaignId, scope),
    waves: waves.map((w) => ({
      wave: w.wave,
      dueAt: w.dueAt.toISOString(),
      queuedAt: w.queuedAt?.toISOString() ?? null,
      sentAt: w.sentAt?.toISOString() ?? null,
      recipients: district ? w.recipients : null,
    })),
  };
}
