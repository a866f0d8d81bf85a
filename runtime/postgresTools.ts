/**
 * PostgreSQL's client and server programs (pg_dump, pg_restore, pg_ctl…), found as
 * scripts/ensure-postgres.sh finds them: Debian installs each major version under
 * /usr/lib/postgresql/<version>/bin and puts only wrappers on the PATH. The newest version is
 * taken (pg_dump must be at least as new as the server it dumps); else the program on the PATH.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Unavailable } from '../common/errors';

const ROOT = '/usr/lib/postgresql';

/** The path of PostgreSQL's program `tool`, or Unavailable saying how to install it. */
export function postgresTool(tool: string): string {
  const versions = existsSync(ROOT)
    ? readdirSync(ROOT)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  for (const v of versions.reverse()) {
    const path = join(ROOT, v, 'bin', tool);
    if (existsSync(path)) return path;
  }
  try {
    return execFileSync('which', [tool], { encoding: 'utf8', stdio: 'pipe' }).trim();
  } catch {
    throw new Unavailable(
      `找不到 PostgreSQL 程序 ${tool} / no PostgreSQL program "${tool}" under ${ROOT}/*/bin or on the PATH: install PostgreSQL's client (apt-get install postgresql-client)`,
    );
  }
}
