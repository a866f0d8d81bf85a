/**
 * The Temporal Schedule that runs the retention clean-up (workflows/retention/cleanUp.ts) every
 * night at 03:17 in the installation's time zone. Made at worker start; a schedule already there
 * is left as it is, so any number of workers (and restarts) end up with one.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { retentionScheduleId } from '../workflows/retention/cleanUp';

export async function ensureRetentionSchedule(
  client: Client,
  options: { taskQueue: string; timeZone: string },
): Promise<'created' | 'exists'> {
  try {
    await client.schedule.create({
      scheduleId: retentionScheduleId(options.taskQueue),
      spec: { calendars: [{ hour: 3, minute: 17 }], timezone: options.timeZone },
      action: {
        type: 'startWorkflow',
        workflowType: 'retentionCleanUp',
        workflowId: `retention-clean-up/${options.taskQueue}`,
        taskQueue: options.taskQueue,
        args: [],
        // Set at start: a clean-up has no business steps to mark as it runs.
        searchAttributes: {
          YzBusinessKey: [`retention-clean-up/${options.taskQueue}`],
          YzCampaign: ['retention'],
          YzStatus: ['clean_up'],
        },
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    return 'created';
  } catch (e) {
    if (e instanceof ScheduleAlreadyRunning) return 'exists';
    throw e;
  }
}
