/**
 * Real Temporal servers for tests:
 *  - startDevServer(): the Temporal CLI dev server (worker/devServer.ts), a full server.
 *  - createTimeSkippingEnv(): the Java time-skipping test server through @temporalio/testing, for
 *    timelines of weeks or years that must run in seconds.
 *  - createLocalEnv(): a TestWorkflowEnvironment over a running dev server.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { startDevServer } from '../../worker/devServer';

export * from '../../worker/devServer';
export { createTimeSkippingEnv, testServerPath } from '../../worker/timeSkipping';

/**
 * A TestWorkflowEnvironment over an already running server (no time skipping): the address given,
 * or TEMPORAL_ADDRESS, or else a new dev server that is stopped with the environment.
 */
export async function createLocalEnv(
  address = process.env.TEMPORAL_ADDRESS,
): Promise<{ env: TestWorkflowEnvironment; address: string; stop(): Promise<void> }> {
  const own = address ? undefined : await startDevServer();
  const target = address ?? own!.address;
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: target });
  return {
    env,
    address: target,
    async stop() {
      await env.teardown();
      await own?.stop();
    },
  };
}
