/**
 * Certification rewards (持证奖励, Heshan): a passing journey creates a pending application; a
 * coordinator approves or rejects it, with a reason. Each decision is kept in RewardDecision
 * (who, when, why) — the audit trail — and an application is decided once: a second decision,
 * even one racing the first, is refused with an error naming the application and the person.
 */
import type { Db } from '../../../store/db';
import { InputError, NotFound, Conflict } from '../../../common/errors';

export type RewardStatus = 'pending' | 'approved' | 'rejected';

export interface RewardRow {
  id: number;
  campaignId: string;
  personId: string;
  name: string;
  unitId: string;
  unitName: string;
  level: string;
  status: string;
  createdAt: string;
  decision?: { decision: string; reason: string | null; decidedBy: string; decidedAt: string };
}

async function campaignOf(db: Db, campaignId: string) {
  const c = await db.examCampaign.findUnique({ where: { id: campaignId } });
  if (!c) throw new NotFound(`没有报考动员“${campaignId}” / no exam campaign "${campaignId}"`);
  return c;
}

/** The campaign's reward applications (pending by default; `all` for every status). */
export async function listRewards(
  ctx: { db: Db },
  req: { campaignId: string; status?: RewardStatus | 'all' },
): Promise<RewardRow[]> {
  await campaignOf(ctx.db, req.campaignId);
  const status = req.status ?? 'pending';
  const apps = await ctx.db.rewardApplication.findMany({
    where: { campaignId: req.campaignId, ...(status === 'all' ? {} : { status }) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const ids = apps.map((a) => a.personId);
  const [people, decisions] = await Promise.all([
    ctx.db.person.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, unitId: true, unit: { select: { name: true } } },
    }),
    ctx.db.rewardDecision.findMany({ where: { applicationId: { in: apps.map((a) => a.id) } } }),
  ]);
  const person = new Map(people.map((p) => [p.id, p]));
  const decided = new Map(decisions.map((d) => [d.applicationId, d]));
  return apps.map((a) => {
    const p = person.get(a.personId);
    const d = decided.get(a.id);
    return {
      id: a.id,
      campaignId: a.campaignId,
      personId: a.personId,
      name: p?.name ?? '',
      unitId: p?.unitId ?? '',
      unitName: p?.unit.name ?? '',
      level: a.level,
      status: a.status,
      createdAt: a.createdAt.toISOString(),
      ...(d
        ? {
            decision: {
              decision: d.decision,
              reason: d.reason,
              decidedBy: d.decidedBy,
              decidedAt: d.decidedAt.toISOString(),
            },
          }
        : {}),
    };
  });
}

export interface RewardDecisionRequest {
  campaignId: string;
  personId: string;
  decision: 'approve' | 'reject';
  /** Required to reject. */
  reason?: string;
  /** The coordinator deciding. */
  by: string;
}

const PAST: Record<string, string> = {
  approved: '已批准 / approved',
  rejected: '已驳回 / rejected',
};

/** Approves or rejects one pending application; writes the decision and the status together. */
export async function decideReward(
  ctx: { db: Db; now?: () => Date },
  req: RewardDecisionRequest,
): Promise<RewardRow> {
  const reason = req.reason?.trim() || null;
  if (req.decision !== 'approve' && req.decision !== 'reject')
    throw new InputError(
      `审核结论须为 approve（通过）或 reject（驳回）/ decision must be approve or reject, got "${String(req.decision)}"`,
    );
  if (req.decision === 'reject' && !reason)
    throw new InputError(
      '驳回奖励申请须写明原因 / a reason is required to reject a reward application',
    );
  if (!req.by.trim())
    throw new InputError('缺少审核人 / the deciding coordinator (by) is required');
  await campaignOf(ctx.db, req.campaignId);
  const app = await ctx.db.rewardApplication.findUnique({
    where: { campaignId_personId: { campaignId: req.campaignId, personId: req.personId } },
  });
  if (!app)
    throw new NotFound(
      `${req.personId} 在报考动员“${req.campaignId}”中没有奖励申请 / ${req.personId} has no reward application in exam campaign "${req.campaignId}"`,
    );
  const already = async () => {
    const d = await ctx.db.rewardDecision.findUnique({ where: { applicationId: app.id } });
    const what = d
      ? `${PAST[d.decision] ?? d.decision} by ${d.decidedBy} at ${d.decidedAt.toISOString()}`
      : app.status;
    return new Conflict(
      `${req.personId} 的奖励申请 #${app.id}（报考动员“${req.campaignId}”）已审核 / reward application #${app.id} of ${req.personId} (campaign "${req.campaignId}") was already decided: ${what}`,
    );
  };
  if (app.status !== 'pending') throw await already();
  const decision = req.decision === 'approve' ? 'approved' : 'rejected';
  const decidedAt = ctx.now?.() ?? new Date();
  try {
    await ctx.db.$transaction(async (tx) => {
      await tx.rewardDecision.create({
        data: {
          applicationId: app.id,
          campaignId: app.campaignId,
          personId: app.personId,
          decision,
          reason,
          decidedBy: req.by.trim(),
          decidedAt,
        },
      });
      const { count } = await tx.rewardApplication.updateMany({
        where: { id: app.id, status: 'pending' },
        data: { status: decision, decidedBy: req.by.trim(), decidedAt },
      });
      if (count !== 1) throw new Error('decided meanwhile');
    });
  } catch (e) {
    const raced =
      (e as { code?: string }).code === 'P2002' || // the unique applicationId: decided meanwhile
      (e as Error).message === 'decided meanwhile';
    if (raced) throw await already();
    throw e;
  }
  const [row] = (await listRewards(ctx, { campaignId: req.campaignId, status: 'all' })).filter(
    (r) => r.id === app.id,
  );
  return row!;
}
