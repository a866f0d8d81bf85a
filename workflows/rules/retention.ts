/**
 * 保留期限 / Retention: what is older than its retention is deleted by the daily clean-up
 * (workflows/retention/cleanUp.ts). Pure.
 */
export const DAY_MS = 86_400_000;

/** Stored things finished before this instant are beyond retention; null: kept for ever. */
export function retentionCutoff(now: Date, days: number | null): Date | null {
  return days === null ? null : new Date(now.getTime() - days * DAY_MS);
}

/** Notices in these states are done with: they may go once beyond retention. */
export const FINISHED_NOTICE_STATUSES = ['sent', 'failed', 'cancelled'] as const;
