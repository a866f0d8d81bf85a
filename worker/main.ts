/**
 * A standalone worker: `npm run worker`. Run as many as needed against one Temporal cluster
 * (TEMPORAL_ADDRESS), one database (DATABASE_URL) and one mail relay (SMTP_URL).
 * YZ_SINK_DIR (config.sinkDir) names the embedded SMTP sink's folder when that is the mail server:
 * a notice whose sender died mid-send is then confirmed there instead of being left unconfirmed.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { openDb } from '../store/db';
import { loadConfig } from '../config/env';
import { runWorker } from './run';
import { sinkHasMessage } from '../runtime/mailSink';
import { ConfigError } from '../common/errors';

try {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  const db = await openDb(config.database.url);
  const { sinkDir } = config;
  const worker = await runWorker(config, db, {
    wasDelivered: sinkDir ? async (id) => sinkHasMessage(sinkDir, id) : undefined,
  });
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
