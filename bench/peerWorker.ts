/**
 * The BullMQ peer's worker, in its own process so its memory is measured like Yanzhen's worker
 * (bench/peer.ts starts it with the same node flags). One job is one mail: its data carries the
 * wave's text and the person; the worker sends it through bare pooled nodemailer to the sink.
 * Configured by environment: YZ_PEER_REDIS_PORT, YZ_PEER_SMTP (SMTP URL), YZ_PEER_CONCURRENCY
 * (jobs at once), YZ_PEER_CONNECTIONS (SMTP connections). Tells the parent `{ ready: true }` over
 * IPC once the worker runs; closes on SIGTERM.
 */
import { Worker } from 'bullmq';
import { bareTransport, mailOf, PEER_QUEUE, type PeerJob } from './peer';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`peer worker: ${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  const transport = bareTransport(env('YZ_PEER_SMTP'), Number(env('YZ_PEER_CONNECTIONS')));
  const worker = new Worker<PeerJob>(
    PEER_QUEUE,
    async (job) => {
      await transport.sendMail(mailOf(job.data.wave, job.data.person));
    },
    {
      connection: { host: '127.0.0.1', port: Number(env('YZ_PEER_REDIS_PORT')) },
      concurrency: Number(env('YZ_PEER_CONCURRENCY')),
    },
  );
  worker.on('failed', (job, e) =>
    console.error(`[peer worker] job ${job?.id} failed: ${e.message}`),
  );
  await worker.waitUntilReady();
  const close = () =>
    void worker.close().finally(() => {
      transport.close();
      process.exit(0);
    });
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.send?.({ ready: true });
}

main().catch((e: unknown) => {
  console.error('[peer worker] failed:', e);
  process.exit(1);
});
