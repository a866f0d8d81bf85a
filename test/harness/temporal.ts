/**
 * Real Temporal servers for tests:
 *  - startDevServer(): the Temporal CLI dev server (runtime/devServer.ts), a full server.
 *  - createTimeSkippingEnv(): the Java time-skipping test server through @temporalio/testing, for
 *    timelines of weeks or years that must run in seconds.
 *  - createLocalEnv(): a TestWorkflowEnvironment over a running dev server.
 */
import { WorkflowClient } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer } from '../../runtime/devServer';
import { createTimeSkippingEnv as timeSkippingEnv } from '../../runtime/timeSkipping';
import { installTestRuntime } from './personalData';
import { waitFor } from './waitFor';
import { testDataConverter } from './payloadKeys';

export * from '../../runtime/devServer';
export { testServerPath } from '../../runtime/timeSkipping';

/**
 * The time-skipping environment of runtime/timeSkipping.ts, made after the test runtime is in
 * place, so the workflows it runs are noted and scanned for personal data at teardown.
 */
export function createTimeSkippingEnv(
  startTimeoutMs?: number,
  dataConverter = testDataConverter,
): ReturnType<typeof timeSkippingEnv> {
  installTestRuntime();
  return timeSkippingEnv(startTimeoutMs, dataConverter);
}

/**
 * Skips the time-skipping server's clock to `target` (epoch ms) in steps of at most `stepMs`,
 * one step at a time. Never two at once: each step unlocks time skipping and relocks it when
 * its sleep is over, and the Java test server counts those locks. A second unlock while the
 * first is outstanding takes a lock that belongs to running work (the server calls that
 * "Unbalanced lock and unlock calls"), and the relock leaves one lock too many: from then on
 * the clock crawls at wall speed with the worker idle.
 */
export async function skipTo(
  env: TestWorkflowEnvironment,
  target: number,
  stepMs = 6 * 3_600_000,
): Promise<void> {
  for (;;) {
    const left = target - (await env.currentTimeMs());
    if (left <= 0) return;
    await env.sleep(Math.min(left, stepMs));
  }
}

/**
 * The result of a workflow that is about to end on its own, read without letting the clock move.
 * `env.client`'s `result()` unlocks time skipping while it waits, and the server may then jump
 * to another workflow's far timer (a journey's 200-day results deadline) before this one is
 * read; here the wait polls in real time and the result comes from a plain client.
 */
export async function settledResult<T = unknown>(
  env: TestWorkflowEnvironment,
  workflowId: string,
  ms = 120_000,
): Promise<T> {
  const plain = new WorkflowClient({
    connection: env.connection,
    namespace: env.namespace,
    dataConverter: testDataConverter,
  });
  const handle = plain.getHandle(workflowId);
  await waitFor(async () => (await handle.describe()).status.name !== 'RUNNING', ms);
  return (await handle.result()) as T;
}

/**
 * A TestWorkflowEnvironment over an already running server (no time skipping): the address given,
 * or TEMPORAL_ADDRESS, or else a new dev server that is stopped with the environment.
 */
export async function createLocalEnv(
  address = process.env.TEMPORAL_ADDRESS,
): Promise<{ env: TestWorkflowEnvironment; address: string; stop(): Promise<void> }> {
  const own = address ? undefined : await startDevServer();
  const target = address ?? own!.address;
  const env = await TestWorkflowEnvironment.createFromExistingServer({
    address: target,
    client: { dataConverter: testDataConverter },
  });
  return {
    env,
    address: target,
    async stop() {
      await env.teardown();
      await own?.stop();
    },
  };
}
