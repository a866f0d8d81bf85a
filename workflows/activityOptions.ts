/**
 * Activity options shared by every workflow: how long one attempt may take and how failures are
 * retried. Most activities take `activityOptions('2 minutes')`: back off from 2 seconds, doubling,
 * up to one attempt every 10 minutes. Errors of the vocabulary are never retried (they are
 * non-retryable failures, see `activities/failures.ts`); faults such as SMTP 4xx or a lost
 * database connection are.
 */
import type { RetryPolicy } from '@temporalio/workflow';

/** A duration as the options are written here: `'2 seconds'`, `'10 minutes'`. */
type Duration = `${number} ${'second' | 'seconds' | 'minute' | 'minutes'}`;

/** Back off from `initialInterval`, doubling each time, to at most one attempt per `maximumInterval`. */
export function retryBackoff(initialInterval: Duration, maximumInterval: Duration): RetryPolicy {
  return { initialInterval, backoffCoefficient: 2, maximumInterval };
}

/**
 * Options for activities of which one attempt takes at most `startToCloseTimeout`; `more` adds a
 * heartbeat timeout or replaces the retry policy (by default `retryBackoff('2 seconds', '10 minutes')`).
 */
export function activityOptions(
  startToCloseTimeout: Duration,
  more: { heartbeatTimeout?: Duration; retry?: RetryPolicy } = {},
): { startToCloseTimeout: Duration; heartbeatTimeout?: Duration; retry: RetryPolicy } {
  return { startToCloseTimeout, retry: retryBackoff('2 seconds', '10 minutes'), ...more };
}
