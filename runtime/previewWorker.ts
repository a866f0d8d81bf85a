/**
 * An in-process worker on a time-skipping test server, for `yz exam preview` (a campaign's dry
 * run): the seam through which client/ runs a worker without importing worker/. The worker is the
 * production one (same workflows and activities), given the preview's own database and mailer.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  CACHED_WORKFLOWS,
  createWorker,
  type WorkerParts,
  type WorkerTuning,
} from '../worker/worker';

export interface PreviewWorkerParts
  extends Pick<WorkerParts, 'db' | 'mailer' | 'mailFrom' | 'workflowBundle' | 'dataConverter'> {
  taskQueue: string;
  /** Journeys the preview will run: each stays cached, so none is replayed from its history. */
  workflows: number;
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

/**
 * The preview's tuning: every journey of the cohort stays in the cache (the production worker's
 * 250 made each wake-up of 8,055 journeys a replay of its whole history on the workflow thread),
 * and more tasks in flight, since a preview's worker is alone on its server.
 */
export function previewTuning(workflows: number): WorkerTuning {
  return {
    maxCachedWorkflows: Math.max(CACHED_WORKFLOWS, workflows + 50),
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  };
}

/** A worker on `env`'s server and task queue; its activities start workflows through `env.client`. */
export async function createPreviewWorker(
  env: TestWorkflowEnvironment,
  parts: PreviewWorkerParts,
): Promise<Worker> {
  const { taskQueue, workflowBundle, workflows, journeys, ...deps } = parts;
  return createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ...(workflowBundle ? { workflowBundle } : {}),
    ...deps,
    temporal: { client: env.client, taskQueue },
    tuning: previewTuning(journeys ? workflows : 0),
    ...(journeys ? {} : { replaceActivities: WITHOUT_JOURNEYS }),
  });
}
