/**
 * 定期清理 / The retention clean-up, run daily by the Temporal Schedule `yz-retention-clean-up`
 * (worker/retentionSchedule.ts): deletes sent notices and stored mails beyond retention.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { retentionActivities } from '../../activities/retention/cleanUp';

const { cleanUpBeyondRetention } = proxyActivities<ReturnType<typeof retentionActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5 },
});

export const RETENTION_SCHEDULE_ID = 'yz-retention-clean-up';

export async function retentionCleanUp(): Promise<{
  noticesDeleted: number;
  mailsDeleted: number;
}> {
  return cleanUpBeyondRetention({ nowMs: workflowInfo().runStartTime.getTime() });
}
