/**
 * A running worker process: connection, mailer and worker from the configuration, stopped in order.
 * Used by `npm start` (embedded) and by `worker/main.ts` (one of many workers at scale).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Db } from '../store/db';
import { createMailer } from '../activities/notices/mailer';
import type { Config } from '../config/env';
import { createWorker } from './worker';
import { prebuildWorkflowBundle } from './bundle';
import { ensureRetentionSchedule } from './retentionSchedule';
import { encryptingDataConverter } from '../runtime/payloadCodec';
import { payloadKeyRing } from '../runtime/payloadKeys';

export async function runWorker(
  config: Config,
  db: Db,
  options: { wasDelivered?: (messageId: string) => Promise<boolean | undefined> } = {},
): Promise<{ stop(): Promise<void>; done: Promise<void> }> {
  // Payloads are encrypted before they reach Temporal (README, 数据目录 / The data folder).
  const dataConverter = encryptingDataConverter(payloadKeyRing(config));
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  // Some activities start workflows of their own (exam journeys): they need a client.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection: clientConnection,
    namespace: config.temporal.namespace,
    dataConverter,
  });
  const mailer = createMailer(config.smtp);
  const worker = await createWorker({
    dataConverter,
    workflowBundle: { codePath: await prebuildWorkflowBundle(config.dataDir) },
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    db,
    mailer,
    mailFrom: config.smtp.from,
    wasDelivered: options.wasDelivered,
    sendConcurrency: config.smtp.pool.maxConnections,
    temporal: { client, taskQueue: config.temporal.taskQueue },
    retention: config.retention,
    mailDir: config.smtp.embedded ? config.mailDir : config.sinkDir,
  });
  // The nightly retention clean-up (README, 保留期限 / Retention): one schedule, however many workers.
  await ensureRetentionSchedule(client, {
    taskQueue: config.temporal.taskQueue,
    timeZone: config.timeZone,
  });
  const done = worker.run();
  return {
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
      mailer.close();
      await clientConnection.close();
      await connection.close();
    },
  };
}
