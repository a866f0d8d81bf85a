/**
 * Continuing-education ledger facts: the credits already on record for a period, coordinator
 * review of self-reported credits (with who decided, when and why), and the period's outcome.
 * Idempotent: an approval writes TrainingRecord "claim/<id>" once; a period outcome once.
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import { writeTransaction } from '../../store/db';
import type { Db } from '../../store/db';
import type { NoticeBatch, NoticeBatchResult } from '../notices/deliver';
import { recordRegistration } from '../../store/credits/registrations';
import {
  ledgerRegistration,
  type LedgerRegistration,
} from '../../store/credits/ledgerRegistration';
import { ceRulesOf } from '../../store/credits/ceRules';
import { isUserError } from '../../common/errors';

export interface LedgerCredit {
  sourceKey: string;
  hoursTenths: number;
}

/** Credits recorded for the person in [start, end). */
export async function periodCredits(
  db: Db,
  input: { personId: string; start: string; end: string },
): Promise<LedgerCredit[]> {
  return db.trainingRecord.findMany({
    where: {
      personId: input.personId,
      recordedAt: { gte: new Date(input.start), lt: new Date(input.end) },
    },
    orderBy: { id: 'asc' },
    select: { sourceKey: true, hoursTenths: true },
  });
}

/**
 * What a ledger's run opens with: the registration it follows and, when that is in force on `on`,
 * the credits already recorded in its period (the period runs from registeredOn to expiresOn) and
 * the hours its level needs per period (tenths) from the vocabulary as it stands now, or null when
 * the vocabulary knows none (a district's level added without --ce-hours). Results recorded
 * before levelTenths leave it out; their runs use the rules they were started with.
 */
export async function ledgerOpening(
  db: Db,
  input: { personId: string; on: string },
): Promise<{
  registration: LedgerRegistration | null;
  credits?: LedgerCredit[];
  levelTenths?: number | null;
}> {
  const registration = await ledgerRegistration(db, input.personId, new Date(input.on));
  if (!registration || Date.parse(registration.registeredOn) > Date.parse(input.on))
    return { registration };
  const [credits, rules] = await Promise.all([
    periodCredits(db, {
      personId: input.personId,
      start: registration.registeredOn,
      end: registration.expiresOn,
    }),
    ceRulesOf(db),
  ]);
  return {
    registration,
    credits,
    levelTenths: rules.requiredTenths[registration.level] ?? null,
  };
}

export const claimSourceKey = (claimId: number) => `claim/${claimId}`;

export interface ClaimReview {
  personId: string;
  claimId: number;
  decision: 'approve' | 'reject';
  /** Only from runs asked before reviewers and notes moved to the database: the claim has them. */
  reviewer?: string;
  note?: string;
}

/**
 * Records a coordinator's decision on a pending claim of this person. Approving writes the
 * credit. A decision repeated with the same outcome (a retry) answers as before; a claim already
 * decided otherwise, or of another person, is refused without retry.
 */
export async function reviewCreditClaim(
  db: Db,
  r: ClaimReview,
): Promise<{ status: 'approved' | 'rejected'; credit?: LedgerCredit }> {
  const status = r.decision === 'approve' ? 'approved' : 'rejected';
  return writeTransaction(db, async (tx) => {
    const claim = await tx.creditClaim.findUnique({ where: { id: r.claimId } });
    if (!claim || claim.personId !== r.personId)
      throw ApplicationFailure.nonRetryable(
        `人员 ${r.personId} 没有学时申请 ${r.claimId} / credit claim ${r.claimId} does not exist for person ${r.personId}`,
        'InputError',
      );
    if (claim.status !== 'pending' && claim.status !== status)
      throw ApplicationFailure.nonRetryable(
        `学时申请 ${r.claimId} 已${claim.status === 'approved' ? '通过' : '驳回'} / credit claim ${r.claimId} was already ${claim.status}`,
        'InputError',
      );
    if (claim.status === 'pending')
      await tx.creditClaim.update({
        where: { id: claim.id },
        data: {
          status,
          ...(r.reviewer !== undefined
            ? { reviewedBy: r.reviewer, reviewNote: r.note ?? null }
            : {}),
          reviewedAt: new Date(),
        },
      });
    if (status === 'rejected') return { status };
    const credit = { sourceKey: claimSourceKey(claim.id), hoursTenths: claim.hoursTenths };
    await tx.trainingRecord.upsert({
      where: { sourceKey: credit.sourceKey },
      create: {
        ...credit,
        personId: claim.personId,
        source: claim.source,
        evidence: claim.evidence,
        recordedBy: r.reviewer ?? claim.reviewedBy ?? 'claim review',
      },
      update: {},
    });
    return { status, credit };
  });
}

export interface CePeriodRecord {
  personId: string;
  level: string;
  periodStart: string;
  periodEnd: string;
  earnedTenths: number;
  requiredTenths: number;
}

export type CeOutcome = 'compliant' | 'not_compliant';

export async function recordCePeriod(db: Db, r: CePeriodRecord): Promise<CeOutcome> {
  const outcome = r.earnedTenths >= r.requiredTenths ? 'compliant' : 'not_compliant';
  const periodStart = new Date(r.periodStart);
  await db.cePeriodOutcome.upsert({
    where: { personId_level_periodStart: { personId: r.personId, level: r.level, periodStart } },
    create: { ...r, periodStart, periodEnd: new Date(r.periodEnd), outcome },
    update: {},
  });
  return outcome;
}

/**
 * The ledger workflow's activities (workflows/credits/credits.ts): a database, and the notice
 * sender the period's close shares with every other notice.
 */
export function creditsActivities(deps: {
  db: Db;
  sendNotices: (batch: NoticeBatch) => Promise<NoticeBatchResult>;
}) {
  const { db } = deps;
  return {
    periodCredits: (input: { personId: string; start: string; end: string }) =>
      periodCredits(db, input),
    reviewCreditClaim: (input: ClaimReview) => reviewCreditClaim(db, input),
    recordCePeriod: (input: CePeriodRecord) => recordCePeriod(db, input),
    /** The registration a ledger's period comes from (ids, level and dates only). */
    ledgerRegistration: (input: { personId: string; on: string }) =>
      ledgerRegistration(db, input.personId, new Date(input.on)),
    /** The registration and, when in force, its period's credits: a run's opening in one step. */
    ledgerOpening: (input: { personId: string; on: string }) => ledgerOpening(db, input),
    /**
     * A CE period's end in one step: its outcome recorded, then the person told with the
     * template for that outcome (both idempotent, as apart). Given a renewal (runs from the
     * registration records on), a compliant end records it as the certificate's next
     * registration (续期登记).
     */
    async closeCePeriod(input: {
      record: CePeriodRecord;
      notice: Omit<NoticeBatch, 'template'>;
      templates: Record<CeOutcome, string>;
      renewal?: { registeredOn: string; expiresOn: string };
    }) {
      const outcome = await recordCePeriod(db, input.record);
      if (outcome === 'compliant' && input.renewal) await renew(db, input.record, input.renewal);
      await deps.sendNotices({ ...input.notice, template: input.templates[outcome] });
      return outcome;
    },
  };
}

/**
 * Records the renewal after a compliant period. Idempotent (the same registration again is the
 * same record); a registration a coordinator recorded for that time already stands, and the
 * ledger's next run takes it from the records.
 */
async function renew(
  db: Db,
  r: CePeriodRecord,
  next: { registeredOn: string; expiresOn: string },
): Promise<void> {
  try {
    await recordRegistration(db, {
      personId: r.personId,
      level: r.level,
      registeredOn: new Date(next.registeredOn),
      expiresOn: new Date(next.expiresOn),
      source: 'renewal',
      sourceRef: r.periodStart.slice(0, 10),
      recordedBy: RENEWAL_ACTOR,
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    log.warn('renewal not recorded', { personId: r.personId, error: (e as Error).message });
  }
}

/** Who records a renewal at a compliant period's end: the ledger itself, by the CE rules. */
export const RENEWAL_ACTOR = 'system:ce-renewal';
