/**
 * Views of an exam mobilization campaign: the funnel (people per journey status) and the live
 * progress with the KPIs and the notice waves.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { refreshExamKpis } from '../../../store/exam/kpis';
import { examCampaignProgressQuery, type CampaignProgress } from '../../../workflows/exam/signals';
import { campaignOf, type ExamContext } from './storedCampaign';

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
