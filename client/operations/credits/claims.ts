/**
 * Self-reported continuing-education credits (学时申报): external training or degree study, with
 * evidence, awaiting a coordinator's approval or rejection (recorded with the reviewer); the
 * ledger counts an approved one at once.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { creditsWorkflowId, reviewClaimUpdate } from '../../../workflows/credits/signals';
import { DEFAULT_CE_RULES } from '../../../workflows/rules/continuingEducation';
import { InputError, NotFound, Conflict } from '../../../common/errors';
import { registeredCertificate, type CreditsContext } from './ledger';

/** A self-reported credit awaiting review. A degree counts its fixed hours (default 90). */
export async function submitClaim(
  ctx: CreditsContext,
  req: {
    personId: string;
    source: 'external' | 'degree';
    hours?: number;
    evidence: string;
    submittedBy: string;
  },
): Promise<{ claimId: number; hoursTenths: number }> {
  await registeredCertificate(ctx.db, req.personId);
  if (req.source !== 'external' && req.source !== 'degree')
    throw new InputError(
      `学时来源“${req.source as string}”须为 external（外部培训）或 degree（学历教育）/ source "${req.source as string}" must be external or degree`,
    );
  if (!req.evidence?.trim())
    throw new InputError(
      '须提供证明材料（证书、成绩单等）/ evidence is required (certificate, transcript, …)',
    );
  let hoursTenths = DEFAULT_CE_RULES.degreeTenths;
  if (req.source === 'external') {
    const h = req.hours ?? NaN;
    if (!Number.isFinite(h) || h <= 0 || h > 200 || Math.abs(h * 10 - Math.round(h * 10)) > 1e-6)
      throw new InputError(
        `学时 ${req.hours} 须大于 0、不超过 200，最多一位小数 / hours ${req.hours} must be above 0 and at most 200, one decimal at most`,
      );
    hoursTenths = Math.round(h * 10);
  }
  const claim = await ctx.db.creditClaim.create({
    data: {
      personId: req.personId,
      source: req.source,
      hoursTenths,
      evidence: req.evidence.trim(),
      status: 'pending',
      submittedBy: req.submittedBy,
    },
  });
  return { claimId: claim.id, hoursTenths };
}

/**
 * A coordinator approves or rejects a claim; the ledger counts an approved one at once. Who
 * reviewed and their note are written to the pending claim first (and taken back should the
 * ledger refuse): the ledger's workflow is told the claim's id and the decision only.
 */
export async function reviewClaim(
  ctx: CreditsContext,
  req: { claimId: number; decision: 'approve' | 'reject'; reviewer: string; note?: string },
): Promise<{ status: 'approved' | 'rejected'; earnedTenths: number }> {
  if (req.decision !== 'approve' && req.decision !== 'reject')
    throw new InputError(
      `审核结论“${req.decision as string}”须为 approve（通过）或 reject（驳回）/ decision "${req.decision as string}" must be approve or reject`,
    );
  if (!req.reviewer?.trim()) throw new InputError('缺少审核人 / reviewer is required');
  const claim = await ctx.db.creditClaim.findUnique({ where: { id: req.claimId } });
  if (!claim) throw new NotFound(`没有学时申请 ${req.claimId} / no credit claim ${req.claimId}`);
  const status = req.decision === 'approve' ? 'approved' : 'rejected';
  if (claim.status !== 'pending' && claim.status !== status)
    throw new Conflict(
      `学时申请 ${req.claimId} 已由 ${claim.reviewedBy} ${claim.status === 'approved' ? '通过' : '驳回'} / credit claim ${req.claimId} was already ${claim.status} by ${claim.reviewedBy}`,
    );
  const pending = { id: req.claimId, status: 'pending' };
  const noted = await ctx.db.creditClaim.updateMany({
    where: pending,
    data: { reviewedBy: req.reviewer.trim(), reviewNote: req.note?.trim() || null },
  });
  try {
    return await ctx.temporal.workflow
      .getHandle(creditsWorkflowId(claim.personId))
      .executeUpdate(reviewClaimUpdate, {
        args: [{ claimId: req.claimId, decision: req.decision }],
      });
  } catch (e) {
    if (noted.count)
      await ctx.db.creditClaim.updateMany({
        where: pending,
        data: { reviewedBy: null, reviewNote: null },
      });
    if (e instanceof WorkflowUpdateFailedError) {
      let root: Error = e;
      while (root.cause instanceof Error) root = root.cause;
      throw new Conflict(root.message);
    }
    if ((e as Error).name === 'WorkflowNotFoundError')
      throw new Conflict(
        `${claim.personId} 没有进行中的学时台账 / person ${claim.personId} has no running ledger`,
      );
    throw e;
  }
}

export interface ClaimRow {
  id: number;
  personId: string;
  personName: string;
  source: string;
  hours: number;
  evidence: string;
  status: string;
  submittedBy: string;
  reviewedBy: string | null;
  reviewNote: string | null;
  createdAt: string;
}

/** Claims to review (待审核申报), oldest first, or a person's claims of any status. */
export async function listClaims(
  ctx: Pick<CreditsContext, 'db'>,
  req: { status?: 'pending' | 'approved' | 'rejected'; personId?: string; limit?: number } = {},
): Promise<ClaimRow[]> {
  const rows = await ctx.db.creditClaim.findMany({
    where: {
      ...(req.status ? { status: req.status } : {}),
      ...(req.personId ? { personId: req.personId } : {}),
    },
    orderBy: { id: 'asc' },
    take: req.limit ?? 200,
  });
  const people = await ctx.db.person.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.personId))] } },
    select: { id: true, name: true },
  });
  const names = new Map(people.map((p) => [p.id, p.name]));
  return rows.map((r) => ({
    id: r.id,
    personId: r.personId,
    personName: names.get(r.personId) ?? '',
    source: r.source,
    hours: r.hoursTenths / 10,
    evidence: r.evidence,
    status: r.status,
    submittedBy: r.submittedBy,
    reviewedBy: r.reviewedBy,
    reviewNote: r.reviewNote,
    createdAt: r.createdAt.toISOString(),
  }));
}
