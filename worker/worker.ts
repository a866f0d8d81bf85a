/**
 * The Yanzhen worker: runs every workflow and activity on the task queue.
 * As many workers as needed may run against one Temporal cluster and one database.
 */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import type { NativeConnection } from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerParts extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The installation's payload codec (runtime/payloadCodec.ts); the same as its clients'. */
  dataConverter?: DataConverter;
  /** A prebuilt workflow bundle (tests build it once); default: bundle from source. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Concurrency for a worker with many workflows busy at one moment (the benches). */
  tuning?: WorkerTuning;
}

export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentLocalActivityExecutions'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'workflowThreadPoolSize'
  | 'maxCachedWorkflows'
  | 'stickyQueueScheduleToStartTimeout'
>;

export async function createWorker(parts: WorkerParts): Promise<Worker> {
  const { connection, namespace, taskQueue, workflowBundle, tuning, dataConverter, ...deps } =
    parts;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(dataConverter ? { dataConverter } : {}),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(deps),
    maxConcurrentActivityTaskExecutions: 50,
    ...tuning,
  });
}
