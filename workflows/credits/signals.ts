/**
 * What the continuing-education ledger (继续教育学时台账, workflows/credits/credits.ts) shares with
 * the course workflow, its operations and the store: its id, input, signals, update and query.
 * Kept apart so callers need not import the workflow.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ExamLevel } from '../rules/examRules';
import type { CeRules, CeStanding } from '../rules/continuingEducation';
import type { QuietHours } from '../rules/quietHours';

export interface CreditsInput {
  personId: string;
  /** The certificate level's code: a built-in exam level or a district's own (词表 cert_level). */
  level: ExamLevel | (string & {});
  /** ISO date of the certificate's registration; periods count from it. */
  registeredOn: string;
  quietHours: QuietHours | null;
  timeZone: string;
  /**
   * The CE rules; runs started from the store carry the district's (each certificate level's
   * hours from the vocabulary, store/credits/ceRules.ts). Absent: the defaults.
   */
  rules?: CeRules;
}

export interface LedgerView {
  personId: string;
  /**
   * Runs from the registration records on: "awaiting" until a registration (登记) is in force
   * (the period fields are then empty and nothing is sent). Older runs leave it out.
   */
  registration?: 'in_force' | 'awaiting';
  /**
   * Why an awaiting ledger cannot count the registration it has (its certificate level has no CE
   * hours known), bilingual; absent otherwise.
   */
  problem?: string;
  /** The certificate level's code: a built-in exam level or a district's own (词表 cert_level). */
  level: ExamLevel | (string & {});
  periodStart: string;
  periodEnd: string;
  renewalOpens: string;
  earnedTenths: number;
  requiredTenths: number;
  proRataTenths: number;
  /** awaiting_registration: no registration in force (runs from the registration records on). */
  standing: CeStanding | 'awaiting_registration';
  credits: { sourceKey: string; hoursTenths: number }[];
  noticesSent: string[];
}

export const creditPostedSignal =
  defineSignal<[{ sourceKey: string; hoursTenths: number }]>('creditPosted');
/** A credit withdrawn (a course completion revoked): it no longer counts; idempotent. */
export const creditWithdrawnSignal = defineSignal<[{ sourceKey: string }]>('creditWithdrawn');
/**
 * A coordinator's decision on a claim. Ids and the decision only: who reviewed and their note are
 * written to the claim by the operation before it asks (updates of older runs carried them as
 * `reviewer` and `note`; the activity still takes them from there).
 */
export const reviewClaimUpdate = defineUpdate<
  { status: 'approved' | 'rejected'; earnedTenths: number },
  [{ claimId: number; decision: 'approve' | 'reject'; reviewer?: string; note?: string }]
>('reviewClaim');
/**
 * A registration of the person's certificate was recorded (by a coordinator, a roster or the
 * renewal step): the ledger reads the records again. No arguments: the records say what.
 */
export const registrationRecordedSignal = defineSignal('registrationRecorded');
export const ledgerQuery = defineQuery<LedgerView>('ledger');
/**
 * The ledger, asked of one whose first run waits on its start delay (workflows/rules/
 * ledgerOpening.ts), where a query cannot reach it yet: an update opens it now and answers once
 * it has read its registration and credits. Writes nothing of its own.
 */
export const openLedgerUpdate = defineUpdate<LedgerView>('openLedger');

export function creditsWorkflowId(personId: string): string {
  return `credits/${personId}`;
}
