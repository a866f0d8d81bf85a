/**
 * An in-process worker on a time-skipping test server, for `yz exam preview` (a campaign's dry
 * run): the seam through which client/ runs a worker without importing worker/. The worker is the
 * production one (same workflows and activities), given the preview's own database and mailer.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createWorker, type WorkerParts } from '../worker/worker';

export interface PreviewWorkerParts
  extends Pick<WorkerParts, 'db' | 'mailer' | 'mailFrom' | 'workflowBundle' | 'dataConverter'> {
  taskQueue: string;
  /**
   * False: the campaign workflow runs, the people's journey workflows do not (it starts none and
   * has none to tell); see client/operations/exam/preview.ts for why the figures are the same.
   */
  journeys: boolean;
}

/** The campaign's two activities that reach the journeys, for a preview that runs none. */
const WITHOUT_JOURNEYS = {
  startExamJourneys: () => Promise.resolve({ started: 0, alreadyRunning: 0 }),
  tellExamJourneys: () => Promise.resolve({ told: 0 }),
};

/*
 * The production worker's tuning (worker/worker.ts CACHED_WORKFLOWS), also with the journeys.
 * Caching every journey (with 100 tasks in flight) was tried: at 2,000 people it cut the CPU by a
 * third (no replays), at 8,055 it took a quarter more CPU than a cache of 250 (451 s against
 * 362 s) and twice the memory (3.2 GB).
 */

/** A worker on `env`'s server and task queue; its activities start workflows through `env.client`. */
export async function createPreviewWorker(
  env: TestWorkflowEnvironment,
  parts: PreviewWorkerParts,
): Promise<Worker> {
  const { taskQueue, workflowBundle, journeys, ...deps } = parts;
  return createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ...(workflowBundle ? { workflowBundle } : {}),
    ...deps,
    temporal: { client: env.client, taskQueue },
    ...(journeys ? {} : { replaceActivities: WITHOUT_JOURNEYS }),
  });
}
