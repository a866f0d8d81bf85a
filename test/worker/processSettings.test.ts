/**
 * The worker's process settings live in config/env.ts (the benches spawn with them); the
 * `npm run worker` script and `npm start` must use the same node flags and malloc arenas.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { WORKER_ENV, WORKER_NODE_ARGS } from '../../config/env';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

it('npm run worker uses the worker node flags and environment', () => {
  const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
    .worker!;
  for (const flag of WORKER_NODE_ARGS) expect(script).toContain(flag);
  for (const [k, v] of Object.entries(WORKER_ENV)) expect(script).toContain(`${k}=\${${k}:-${v}}`);
});

it('npm start (worker, API and sink in one process) uses the same young generation and arenas', () => {
  const start = read('scripts/start.sh');
  for (const flag of WORKER_NODE_ARGS.filter((f) => !f.startsWith('--max-old-space-size')))
    expect(start).toMatch(new RegExp(`exec node .*${flag}`));
  for (const [k, v] of Object.entries(WORKER_ENV))
    expect(start).toContain(`export ${k}="\${${k}:-${v}}"`);
});
