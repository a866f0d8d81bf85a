/**
 * Which errors an activity must not retry: those of the error vocabulary (bad input, something
 * missing, a clash with the current state). Retrying them only repeats the mistake, so they
 * become non-retryable failures that carry the error's name as their type; anything else (a
 * database or SMTP fault) is thrown as it is and retried by the activity's retry policy.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { isUserError } from '../common/errors';

/** Rethrows `e`, as a non-retryable failure when it is one of the vocabulary's errors. */
export function failure(e: unknown): never {
  if (isUserError(e)) throw ApplicationFailure.nonRetryable(e.message, e.name);
  throw e;
}

/** Wraps every function of an activities object so that its errors pass through `failure`. */
export function declaringFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = (...args: never[]) => fn(...args).catch(failure);
  }
  return wrapped as T;
}
