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
  /** Activities replaced by name (`yz exam preview` without the journeys); none in production. */
  replaceActivities?: Partial<ReturnType<typeof createActivities>>;
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

/**
 * Workflows kept in the worker's cache. The SDK sizes it from the heap: 46 at the worker's 256 MB,
 * so a burst of new workflows (a campaign's journeys) evicts runs between their tasks and the SDK
 * logs eviction errors. 250 kept those away for 2,000 ledgers started at once, but a campaign's
 * worker then peaked at 403–411 MB, over the 384 MB a notice worker may take. Ledgers no longer
 * come in bursts (they open on a start delay, workflows/rules/ledgerOpening.ts): at 100, 1,000
 * ledgers opened 16 at a time peak at 337 MB (250: 360 MB) with the same CPU a ledger.
 */
export const CACHED_WORKFLOWS = 100;

export async function createWorker(parts: WorkerParts): Promise<Worker> {
  const {
    connection,
    namespace,
    taskQueue,
    workflowBundle,
    tuning,
    dataConverter,
    replaceActivities,
    ...deps
  } = parts;
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    ...(dataConverter ? { dataConverter } : {}),
    ...(workflowBundle ? { workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: { ...createActivities(deps), ...replaceActivities },
    maxConcurrentActivityTaskExecutions: 50,
    maxCachedWorkflows: CACHED_WORKFLOWS,
    ...tuning,
  });
}
