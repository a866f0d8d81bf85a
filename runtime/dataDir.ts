/**
 * The data folder (YZ_DATA_DIR, `.data/`) holds personal data: the SQLite database, Temporal's
 * `temporal.db`, every stored mail, the API token. Only the account that runs Yanzhen may read
 * it: folders 0700, files 0600. `secureDataDir` makes it so at start: it sets this process's
 * umask (so whatever it and its children create there — the database and its journals, the dev
 * server's files, stored mail — is private from the first byte) and tightens what an earlier
 * version left readable to others.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** What a file or folder's mode may keep: the owner's bits only (and a folder's x to enter). */
function tightened(path: string): boolean {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return false; // its target is not ours to change
  const wanted = st.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE;
  const mode = st.mode & 0o777;
  const next = st.isDirectory() ? wanted : mode & wanted;
  if (mode === next) return false;
  chmodSync(path, next);
  return true;
}

/** Every folder and file under `dir` (and `dir` itself) made private; returns how many changed. */
export function tightenTree(dir: string): number {
  let changed = tightened(dir) ? 1 : 0;
  if (!lstatSync(dir).isDirectory()) return changed;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) changed += tightenTree(path);
    else if (tightened(path)) changed++;
  }
  return changed;
}

/**
 * Creates the data folder (0700) if need be, makes new files of this process private (umask
 * 077) and tightens everything already in it. Returns how many entries were tightened.
 */
export function secureDataDir(dir: string): number {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return tightenTree(dir);
}
