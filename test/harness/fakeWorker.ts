/**
 * A worker on a time-skipping TestWorkflowEnvironment with fake activities: plain async functions
 * that record their calls. For fast tests of what a workflow does (no database, no SMTP).
 */
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from './stack';
import { testDataConverter } from './payloadKeys';

/** One recorded activity call: its name, its input, and when (server time) it was scheduled. */
export interface Call {
  name: string;
  input: unknown;
  at: Date;
}

/**
 * Wraps fake activities so each call is recorded (in order) before the fake answers.
 * The time is the attempt's scheduled time, which on a time-skipping server is its skipped clock.
 */
export function recording<T extends Record<string, (input: never) => Promise<unknown>>>(
  fakes: T,
): { activities: T; calls: Call[] } {
  const calls: Call[] = [];
  const activities = Object.fromEntries(
    Object.entries(fakes).map(([name, fn]) => [
      name,
      async (input: never) => {
        const at = new Date(Context.current().info.currentAttemptScheduledTimestampMs);
        calls.push({ name, input, at });
        return fn(input);
      },
    ]),
  ) as T;
  return { activities, calls };
}

/** Runs `body` with a worker of the real workflows and these activities on a fresh task queue. */
export async function withFakeWorker<R>(
  env: TestWorkflowEnvironment,
  activities: object,
  body: (taskQueue: string) => Promise<R>,
): Promise<R> {
  const taskQueue = `fake-${randomUUID()}`;
  const worker = await Worker.create({
    dataConverter: testDataConverter,
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
  });
  return worker.runUntil(body(taskQueue));
}
