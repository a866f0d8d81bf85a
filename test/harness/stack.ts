/**
 * The running system for a test file: the run's Temporal server, a worker on a fresh task queue
 * with the real activities (a real database and a real SMTP server), and a client.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  NativeConnection,
  type Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { Db } from '../../store/db';
import { createMailer, type Mailer } from '../../activities/notices/mailer';
import { createWorker, WORKFLOWS_PATH } from '../../worker/worker';
import { assertNoPersonalData, installTestRuntime } from './personalData';
import { testDataConverter } from './payloadKeys';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(message: string, meta?: unknown) {
    console.error(message, meta);
  },
};

export interface Stack {
  address: string;
  client: Client;
  connection: NativeConnection;
  taskQueue: string;
  worker: Worker;
  mailer: Mailer;
  stop(): Promise<void>;
}

export interface StackOptions {
  db: Db;
  smtpUrl: string;
  address?: string;
  wasDelivered?: (messageId: string) => Promise<boolean | undefined>;
  /** A time-skipping TestWorkflowEnvironment to run on instead of the run's dev server. */
  env?: TestWorkflowEnvironment;
}

export const MAIL_FROM = '雁阵测试 <noreply@yanzhen.test>';

export async function startStack(options: StackOptions): Promise<Stack> {
  installTestRuntime();
  const address = options.env ? 'time-skipping' : (options.address ?? inject('temporalAddress'));
  const taskQueue = `test-${randomUUID()}`;
  const connection = options.env?.nativeConnection ?? (await NativeConnection.connect({ address }));
  const mailer = createMailer({
    url: options.smtpUrl,
    pool: { maxConnections: 5, maxMessages: 1000 },
  });
  const clientConnection = options.env ? undefined : await Connection.connect({ address });
  const client =
    options.env?.client ??
    new Client({
      connection: clientConnection!,
      namespace: 'default',
      dataConverter: testDataConverter,
    });
  const worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue,
    dataConverter: testDataConverter,
    workflowBundle: await workflowBundle(),
    db: options.db,
    mailer,
    mailFrom: MAIL_FROM,
    wasDelivered: options.wasDelivered,
    temporal: { client, taskQueue },
  });
  const running = worker.run();
  return {
    address,
    client,
    connection,
    taskQueue,
    worker,
    mailer,
    async stop() {
      worker.shutdown();
      await running;
      mailer.close();
      // Every workflow this stack ran, scanned for personal data before the connections close.
      try {
        await assertNoPersonalData(client, taskQueue, !options.env);
      } finally {
        if (!options.env) {
          await clientConnection?.close();
          await connection.close();
        }
      }
    },
  };
}
