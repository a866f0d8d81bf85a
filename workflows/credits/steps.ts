/**
 * The ledger's activities and notice templates, shared by every generation of its runs.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { activityOptions } from '../activityOptions';
import { ceCheckpointDue, type CeCheckpoint } from '../rules/ceCalendar';
import type { CeRules, Period } from '../rules/continuingEducation';

export const acts = proxyActivities<Activities>(activityOptions('2 minutes'));

/**
 * The ledger's own steps (the period's credits, its notices, the period's record) as local
 * activities: each runs inside the workflow task that needs it, so a checkpoint with a notice
 * costs one workflow task instead of a task, an activity task and another task. Same activity
 * code, so the same idempotency (notice keys, the period record's upsert). A step that keeps
 * failing past the local retry threshold is scheduled by the server like any timer-backed retry.
 */
export const localActs = proxyLocalActivities<Activities>({
  ...activityOptions('2 minutes'),
  localRetryThreshold: '1 minute',
});

export const TEMPLATE = {
  pace: 'ce-behind',
  deadline: 'ce-deadline',
  renewal: 'ce-renewal',
} as const;

export const PERIOD_TEMPLATES = {
  compliant: 'ce-period-compliant',
  not_compliant: 'ce-period-not-compliant',
};

/** A checkpoint's notice, when it has one to send by the hours earned so far. */
export async function checkpointNotice(
  cp: CeCheckpoint,
  level: string,
  earnedTenths: number,
  period: Period,
  rules: CeRules,
  notify: (template: string, label: string) => Promise<void>,
): Promise<void> {
  if (cp.kind === 'renewal') await notify(TEMPLATE.renewal, cp.label);
  else if (cp.kind !== 'end' && ceCheckpointDue(cp, level, earnedTenths, period, rules))
    await notify(cp.kind === 'pace' ? TEMPLATE.pace : TEMPLATE.deadline, cp.label);
}
