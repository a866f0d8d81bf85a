/**
 * A standalone worker: `npx tsx worker/main.ts`. Run as many as needed against one Temporal
 * cluster (TEMPORAL_ADDRESS), one database (DATABASE_URL) and one mail relay (SMTP_URL).
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { openDb } from '../activities/db';
import { ConfigError, loadConfig } from './config';
import { runWorker } from './run';

try {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const db = await openDb(config.database.url);
  const worker = await runWorker(config, db);
  console.log(`worker on ${config.temporal.address}, task queue "${config.temporal.taskQueue}"`);
  const stop = () => {
    void worker.stop().then(() => db.$disconnect());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await worker.done;
} catch (e) {
  console.error(e instanceof ConfigError ? `配置错误 / configuration error: ${e.message}` : e);
  process.exit(1);
}
