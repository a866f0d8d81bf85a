/**
 * The floor's sender, in its own process as the peer's and Yanzhen's workers are (a sender in the
 * bench process would share its event loop with the sinks). For each `{ wave, workflowId }` it is
 * sent over IPC it runs `sendFloorWave` (bench/peer.ts: bare multi-row INSERTs of the outbox rows,
 * bare pooled nodemailer) and answers `{ done: { insertSeconds } }` or `{ error }`.
 * Configured by environment: YZ_FLOOR_DB (database URL), YZ_FLOOR_SMTP (SMTP URL).
 */
import { openDb } from '../store/db';
import { bareTransport, sendFloorWave, type Wave } from './peer';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`floor sender: ${name} is not set`);
  return v;
}

async function main(): Promise<void> {
  const db = await openDb(env('YZ_FLOOR_DB'));
  const transport = bareTransport(env('YZ_FLOOR_SMTP'));
  process.on('message', (m: { wave?: Wave; workflowId?: string }) => {
    if (!m.wave) return;
    sendFloorWave(db, transport, m.wave, m.workflowId ?? 'bench/floor').then(
      (done) => process.send?.({ done }),
      (e: unknown) => process.send?.({ error: (e as Error).stack ?? String(e) }),
    );
  });
  const close = () => {
    transport.close();
    void db.$disconnect().finally(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.send?.({ ready: true });
}

main().catch((e: unknown) => {
  console.error('[floor sender] failed:', e);
  process.exit(1);
});
