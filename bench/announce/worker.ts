/**
 * The worker under benchmark, in its own process so its memory can be measured on its own.
 * Started by bench/announce/main.ts with `node --import tsx`; configured by environment:
 *   TEMPORAL_ADDRESS, YZ_BENCH_DB (database URL), YZ_BENCH_SMTP (SMTP URL), YZ_BENCH_TASK_QUEUE,
 *   YZ_BENCH_MAIL_DIR (sink folder, for crash confirmation as the embedded default does),
 *   YZ_BENCH_POOL (SMTP pool connections), YZ_BENCH_SEND_CONCURRENCY (sends at once per batch),
 *   YZ_BENCH_MAX_ACTIVITIES (activity slots; empty → createWorker exactly as production),
 *   YZ_BENCH_BUNDLE (prebuilt workflow bundle; empty → bundled from source, as in production),
 *   YZ_BENCH_CACHED_WORKFLOWS (workflows kept in the worker's cache; empty → production's),
 * Tells the parent `{ ready: true }` over IPC once polling, answers `{ status: true }` with what
 * it holds in flight; shuts down cleanly on SIGTERM.
 * Activities that start or signal workflows (exam journeys) get a client, as in production.
 * Also the worker of bench/campaign.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities';
import { openDb } from '../../store/db';
import { createMailer } from '../../activities/notices/mailer';
import { createWorker, WORKFLOWS_PATH } from '../../worker/worker';
import { sinkHasMessage } from '../../runtime/mailSink';
import { encryptingDataConverter } from '../../runtime/payloadCodec';
import { parsePayloadKeys } from '../../runtime/payloadKeys';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`bench worker: ${name} is not set`);
  return v;
}

function optionalInt(name: string): number | undefined {
  const v = process.env[name];
  return v ? Number(v) : undefined;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = await openDb(env('YZ_BENCH_DB'));
  const mailer = createMailer({
    url: env('YZ_BENCH_SMTP'),
    pool: { maxConnections: optionalInt('YZ_BENCH_POOL') ?? 5, maxMessages: 1000 },
  });
  const mailDir = process.env.YZ_BENCH_MAIL_DIR;
  const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  const taskQueue = env('YZ_BENCH_TASK_QUEUE');
  const bundlePath = process.env.YZ_BENCH_BUNDLE;
  const clientConnection = await Connection.connect({ address: env('TEMPORAL_ADDRESS') });
  // The parent's key (bench/payloadKeys.ts): payloads encrypted as in production.
  const dataConverter = encryptingDataConverter(
    parsePayloadKeys(env('YZ_PAYLOAD_KEYS'), 'YZ_PAYLOAD_KEYS'),
  );
  const deps: ActivityDeps = {
    db,
    mailer,
    mailFrom: '雁阵 Yanzhen <noreply@yanzhen.local>',
    wasDelivered: mailDir ? async (id) => sinkHasMessage(mailDir, id) : undefined,
    sendConcurrency: optionalInt('YZ_BENCH_SEND_CONCURRENCY'),
    temporal: {
      client: new Client({ connection: clientConnection, namespace, dataConverter }),
      taskQueue,
    },
  };
  const maxActivities = optionalInt('YZ_BENCH_MAX_ACTIVITIES');
  const cached = optionalInt('YZ_BENCH_CACHED_WORKFLOWS');
  const worker =
    maxActivities === undefined
      ? await createWorker({
          connection,
          namespace,
          taskQueue,
          dataConverter,
          ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}),
          ...(cached !== undefined ? { tuning: { maxCachedWorkflows: cached } } : {}),
          ...deps,
        })
      : // Experiment only: the same worker as createWorker, with other activity slots.
        await Worker.create({
          connection,
          namespace,
          taskQueue,
          dataConverter,
          ...(bundlePath
            ? { workflowBundle: { codePath: bundlePath } }
            : { workflowsPath: WORKFLOWS_PATH }),
          activities: createActivities(deps),
          maxConcurrentActivityTaskExecutions: maxActivities,
        });
  process.once('SIGTERM', () => worker.shutdown());
  process.once('SIGINT', () => worker.shutdown());
  const running = worker.run();
  // The parent may ask what the worker holds (to wait until a step's work is digested).
  process.on('message', (m: { status?: boolean }) => {
    if (!m.status) return;
    const st = worker.getStatus();
    process.send?.({
      status: {
        activations: st.numInFlightWorkflowActivations,
        activities: st.numInFlightActivities,
        memory: process.memoryUsage(),
      },
    });
  });
  process.send?.({ ready: true });
  try {
    await running;
  } finally {
    mailer.close();
    await clientConnection.close();
    await connection.close();
    await db.$disconnect();
  }
}

// Exits once shut down (the Temporal runtime would keep it alive), so that a profile asked for
// with --cpu-prof is written.
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error('[bench worker] failed:', e);
    process.exit(1);
  },
);
