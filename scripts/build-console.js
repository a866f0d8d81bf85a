/**
 * The coordinator's web console (console/, React + Ant Design + ECharts) built by Vite into
 * dist/console/ (gitignored), which the API server serves at /console/. Like the CLI's build
 * (build-cli.js) it runs on install through scripts/ensure-deps.sh, only when stale: when the
 * build is missing, or a file under console/ or package-lock.json is newer than it.
 *
 *   node scripts/build-console.js            build
 *   node scripts/build-console.js --if-stale build only when missing or out of date
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = join(ROOT, 'console');
export const OUT = join(ROOT, 'dist', 'console');

function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let latest = s.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

/** True when dist/console/index.html exists and nothing it was built from is newer. */
export function consoleIsCurrent() {
  try {
    const built = statSync(join(OUT, 'index.html')).mtimeMs;
    return newest(SOURCE) <= built && statSync(join(ROOT, 'package-lock.json')).mtimeMs <= built;
  } catch {
    return false;
  }
}

export async function buildConsole() {
  const { build } = await import('vite');
  await build({ configFile: join(SOURCE, 'vite.config.ts'), logLevel: 'warn' });
  return OUT;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale') && consoleIsCurrent()) process.exit(0);
  const started = Date.now();
  await buildConsole();
  process.stderr.write(`[deps] console built into dist/console in ${Date.now() - started} ms\n`);
}
