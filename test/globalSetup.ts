/**
 * Vitest global setup: one Temporal dev server for the whole test run (unless TEMPORAL_ADDRESS
 * points at one already). Tests read it with `inject('temporalAddress')`.
 */
import type { TestProject } from 'vitest/node';
import { startDevServer } from './harness/temporal';

declare module 'vitest' {
  export interface ProvidedContext {
    /** gRPC address of the Temporal server for this run, `host:port`. */
    temporalAddress: string;
    /** Temporal Web UI of that server ('' when unknown). */
    temporalUiUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.TEMPORAL_ADDRESS;
  if (existing) {
    project.provide('temporalAddress', existing);
    project.provide('temporalUiUrl', process.env.TEMPORAL_UI_URL ?? '');
    return async () => undefined;
  }
  const started = Date.now();
  const server = await startDevServer();
  if (process.env.YZ_TEST_VERBOSE) {
    console.log(
      `[globalSetup] Temporal dev server ${server.address} up in ${Date.now() - started} ms`,
    );
  }
  project.provide('temporalAddress', server.address);
  project.provide('temporalUiUrl', server.uiUrl);
  return () => server.stop();
}
