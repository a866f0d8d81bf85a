/**
 * Another process holds SQLite's write lock on the database file for a while (a backup tool, a
 * stuck admin shell): every writer of the application waits or fails with SQLITE_BUSY meanwhile.
 * A separate process, because better-sqlite3 waits for a lock synchronously: a holder in the
 * waiting process could not let go.
 */
import { spawn } from 'node:child_process';

export interface HeldLock {
  /** Resolves when the lock is taken. */
  taken: Promise<void>;
  /** Resolves when the lock is released and the holder has exited. */
  released: Promise<void>;
}

export function holdSqliteWriteLock(file: string, ms: number): HeldLock {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
       db.exec('BEGIN IMMEDIATE');
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(process.argv[2]));`,
      file,
      String(ms),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const taken = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) first`)));
  });
  const released = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the lock holder failed (${code})`)),
    ),
  );
  released.catch(() => undefined);
  return { taken, released };
}
