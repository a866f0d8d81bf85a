/**
 * Mentoring workflows on the time-skipping server with fake activities: plain async functions
 * that record each call (name and input) and answer as the real ones would, with no database and
 * no mail.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll } from 'vitest';
import type { Activities } from '../../../activities';
import { workflowBundle } from '../../harness/stack';
import { createTimeSkippingEnv } from '../../harness/temporal';
import { testDataConverter } from '../../harness/payloadKeys';

export interface Call {
  name: string;
  input: Record<string, unknown>;
}

/** The activities the mentoring workflows call, each recording into `calls`. */
export function fakeMentoringActivities(calls: Call[]): Partial<Activities> {
  const record =
    (name: string) =>
    async (input: unknown): Promise<void> => {
      calls.push({ name, input: input as Record<string, unknown> });
    };
  return {
    sendNotices: async (batch) => {
      calls.push({ name: 'sendNotices', input: { ...batch } });
      return { sent: batch.personIds.length, failed: 0, unconfirmed: 0, alreadySent: 0 };
    },
    recordMentoringPair: record('recordMentoringPair'),
    recordMentoringSession: record('recordMentoringSession'),
    recordMentoringGoal: record('recordMentoringGoal'),
    recordMentoringEvaluation: record('recordMentoringEvaluation'),
    recordChecklistItem: record('recordChecklistItem'),
    recordMentorChange: record('recordMentorChange'),
    recordPairStatus: record('recordPairStatus'),
    recordMentorLeft: record('recordMentorLeft'),
    recordMentoringMembers: record('recordMentoringMembers'),
    finishMentoringProgram: record('finishMentoringProgram'),
  };
}

/** The notice templates sent, in order. */
export const templatesSent = (calls: Call[]): string[] =>
  calls.filter((c) => c.name === 'sendNotices').map((c) => c.input.template as string);

/**
 * A time-skipping environment for the test file, the calls the fake activities recorded, and
 * `withWorker` to run a worker with them until `run` settles (a stopped worker cannot restart,
 * so each run has its own).
 */
export function useFakeMentoringWorker() {
  const calls: Call[] = [];
  const taskQueue = `mentoring-${randomUUID()}`;
  let env: TestWorkflowEnvironment | undefined;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return {
    calls,
    taskQueue,
    env: () => env!,
    async withWorker<T>(run: Promise<T> | (() => Promise<T>)): Promise<T> {
      const worker = await Worker.create({
        dataConverter: testDataConverter,
        connection: env!.nativeConnection,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: fakeMentoringActivities(calls),
      });
      return worker.runUntil(run);
    },
  };
}
