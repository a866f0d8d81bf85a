/**
 * The workflow bundle, built in a short-lived child process and loaded from a file: webpack's
 * memory then never lives in the long-running worker (~60–90 MB less resident memory).
 * `node --import tsx worker/bundle.ts <out.js>` writes the bundle; `prebuildWorkflowBundle`
 * runs that and returns the file.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './worker';

const SELF = fileURLToPath(import.meta.url);

export async function writeWorkflowBundle(out: string): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: {
      log() {},
      trace() {},
      debug() {},
      info() {},
      warn: console.warn,
      error: console.error,
    },
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
}

export async function prebuildWorkflowBundle(dir: string): Promise<string> {
  const out = resolve(join(dir, 'workflow-bundle.js'));
  await promisify(execFile)(process.execPath, ['--import', 'tsx', SELF, out], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return out;
}

if (process.argv[1] === SELF) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node --import tsx worker/bundle.ts <out.js>');
    process.exit(2);
  }
  await writeWorkflowBundle(out);
}
