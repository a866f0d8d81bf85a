/**
 * 定期清理 / The retention clean-up, run daily by the Temporal Schedule `yz-retention-clean-up/<task queue>`
 * (worker/retentionSchedule.ts): deletes sent notices and stored mails beyond retention.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { retentionActivities } from '../../activities/retention/cleanUp';

const { cleanUpBeyondRetention } = proxyActivities<ReturnType<typeof retentionActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5 },
});

/**
 * The clean-up's Schedule, one per task queue: installations (or a test run's workers) sharing a
 * Temporal namespace each keep their own.
 */
export const retentionScheduleId = (taskQueue: string) => `yz-retention-clean-up/${taskQueue}`;

export async function retentionCleanUp(): Promise<{
  noticesDeleted: number;
  mailsDeleted: number;
}> {
  return cleanUpBeyondRetention({ nowMs: workflowInfo().runStartTime.getTime() });
}
