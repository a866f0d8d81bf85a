/**
 * What every Temporal bench stands on: the server (TEMPORAL_ADDRESS, else a dev server of its
 * own, stopped at the end) and the workflow bundle its worker processes load, built once here so
 * that no worker's start-up counts in a figure.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../test/harness/temporal';
import { WORKFLOWS_PATH } from '../worker/worker';

export interface BenchTemporal {
  address: string;
  /** The bench's own dev server; undefined when TEMPORAL_ADDRESS names one. */
  server?: DevServer;
  bundlePath: string;
}

export async function benchTemporal(
  dir: string,
  cleanups: (() => Promise<void> | void)[],
): Promise<BenchTemporal> {
  let server: DevServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    server = await startDevServer();
    cleanups.push(() => server!.stop());
    address = server.address;
  }
  const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quiet });
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  return { address, server, bundlePath };
}
