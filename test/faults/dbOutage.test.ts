/**
 * Faults: the database goes away mid-wave and comes back. SQLite: another process holds the write
 * lock on the file (longer than the worker's heartbeat timeout); PostgreSQL: our own throwaway
 * server is stopped (`immediate`, connections cut) and started again. The wave resumes: every
 * person gets exactly one message, every notice ends `sent`, none `unconfirmed`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { deployMigrations } from '../../prisma/migrator';
import { sinkHasMessage, startMailSink, type MailSink } from '../../runtime/mailSink';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { openDb, type Db } from '../../store/db';
import { startStack, type Stack } from '../harness/stack';
import { startOwnPostgres, type OwnPostgres } from './ownPostgres';
import { holdSqliteWriteLock } from './sqliteLock';
import { waveWithFault, type WaveFigures } from './wave';

const PEOPLE = 60;
const OUTAGE_MS = 15_000;

/** A database at `url` with a district, a mail sink and a worker on the run's Temporal server. */
function useWaveSystem(url: () => Promise<string>) {
  const sys = {} as { db: Db; url: string; sink: MailSink; mailDir: string; stack: Stack };
  beforeAll(async () => {
    sys.url = await url();
    await deployMigrations(sys.url);
    sys.db = await openDb(sys.url);
    await loadDistrict(sys.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: PEOPLE }));
    sys.mailDir = mkdtempSync(join(tmpdir(), 'yz-db-outage-mail-'));
    sys.sink = await startMailSink({ dir: sys.mailDir, port: 0 });
    sys.stack = await startStack({
      db: sys.db,
      smtpUrl: sys.sink.url,
      wasDelivered: async (id) => sinkHasMessage(sys.mailDir, id),
    });
  });
  afterAll(async () => {
    await sys.stack?.stop();
    await sys.sink?.stop();
    await sys.db?.$disconnect();
    if (sys.mailDir) rmSync(sys.mailDir, { recursive: true, force: true });
  });
  return sys;
}

function expectWhole(f: WaveFigures) {
  expect(f.beforeFault).toBeLessThan(PEOPLE); // the fault came mid-wave
  expect({ duplicates: f.duplicates, lost: f.lost, unconfirmed: f.unconfirmed }).toEqual({
    duplicates: 0,
    lost: 0,
    unconfirmed: 0,
  });
}

describe('SQLite: the file write-locked by another process', () => {
  let dir = '';
  const sys = useWaveSystem(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yz-db-outage-'));
    return `file:${join(dir, 'outage.db')}`;
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('the wave waits out the lock and completes, each person once', async () => {
    const figures = await waveWithFault({
      db: sys.db,
      client: sys.stack.client,
      taskQueue: sys.stack.taskQueue,
      mailDir: sys.mailDir,
      id: 'sqlite-locked',
      people: PEOPLE,
      batchSize: 5,
      parallelBatches: 2,
      faultAfter: 10,
      fault: async () => {
        const lock = holdSqliteWriteLock(sys.url.slice('file:'.length), OUTAGE_MS);
        await lock.taken;
        await lock.released;
      },
    });
    expectWhole(figures);
    expect(await sys.db.notice.count({ where: { status: 'sent' } })).toBe(PEOPLE);
  }, 150_000);
});

describe('PostgreSQL: the server stopped and started', () => {
  let server: OwnPostgres | undefined;
  const sys = useWaveSystem(async () => {
    server = await startOwnPostgres();
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query('CREATE DATABASE yz_outage');
    await c.end();
    return server.url.replace(/\/postgres$/, '/yz_outage');
  });
  afterAll(() => server?.destroy());

  it('the wave resumes after the outage, each person once', async () => {
    const figures = await waveWithFault({
      db: sys.db,
      client: sys.stack.client,
      taskQueue: sys.stack.taskQueue,
      mailDir: sys.mailDir,
      id: 'pg-stopped',
      people: PEOPLE,
      batchSize: 5,
      parallelBatches: 2,
      faultAfter: 10,
      fault: async () => {
        server!.stop();
        await new Promise((r) => setTimeout(r, OUTAGE_MS));
        server!.start();
      },
    });
    expectWhole(figures);
    expect(await sys.db.notice.count({ where: { status: 'sent' } })).toBe(PEOPLE);
  }, 150_000);
});
