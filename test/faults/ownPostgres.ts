/**
 * A throwaway PostgreSQL cluster of our own (initdb + pg_ctl on a free port) that a fault test can
 * stop and start: the shared test server on 54329 serves other tests and must never go down.
 * Binaries are found as scripts/ensure-postgres.sh finds them; as root the server runs as the
 * `postgres` user (PostgreSQL refuses root), from a folder under /var/tmp that user can reach.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../runtime/devServer';
import { postgresTool } from '../../runtime/postgresTools';

export interface OwnPostgres {
  /** Superuser URL of the `postgres` database (trust auth, loopback only). */
  url: string;
  port: number;
  stop(): void;
  start(): void;
  destroy(): void;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = process.getuid?.() === 0;
  const base = mkdtempSync(join('/var/tmp', 'yz-faults-pg-'));
  const data = join(base, 'data');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(base, uid, gid);
  }
  const run = (tool: string, args: string[]) =>
    root
      ? execFileSync('runuser', ['-u', 'postgres', '--', postgresTool(tool), ...args], {
          stdio: 'pipe',
        })
      : execFileSync(postgresTool(tool), args, { stdio: 'pipe' });
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () =>
    run('pg_ctl', ['-D', data, '-w', '-l', join(base, 'log'), '-o', options, 'start']);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    // `immediate`: the server goes away as a crash or a lost host would, connections cut.
    stop: () => run('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']),
    start,
    destroy() {
      try {
        run('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
