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
}

/** A worker on `env`'s server and task queue; its activities start workflows through `env.client`. */
export async function createPreviewWorker(
  env: TestWorkflowEnvironment,
  parts: PreviewWorkerParts,
): Promise<Worker> {
  const { taskQueue, workflowBundle, ...deps } = parts;
  return createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    ...(workflowBundle ? { workflowBundle } : {}),
    ...deps,
    temporal: { client: env.client, taskQueue },
  });
}
