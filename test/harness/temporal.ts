/**
 * Real Temporal servers for tests:
 *  - startDevServer(): the Temporal CLI dev server (worker/devServer.ts), a full server.
 *  - createTimeSkippingEnv(): the Java time-skipping test server through @temporalio/testing, for
 *    timelines of weeks or years that must run in seconds.
 *  - createLocalEnv(): a TestWorkflowEnvironment over a running dev server.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cacheDir, ENSURE_HINT, freePort, startDevServer } from '../../worker/devServer';

export * from '../../worker/devServer';

/** The wrapper that runs the Java time-skipping test server: $TEMPORAL_TEST_SERVER or the cache. */
export function testServerPath(): string {
  const path = process.env.TEMPORAL_TEST_SERVER ?? join(cacheDir(), 'bin', 'temporal-test-server');
  if (!existsSync(path))
    throw new Error(`Temporal test server not found at ${path}: ${ENSURE_HINT}`);
  return path;
}

/** The wrapper writes its pid here, so a server the SDK gave up on can be stopped. */
function testServerPidFile(port: number): string {
  return join(tmpdir(), `yanzhen-test-server-${port}.pid`);
}

function killLeakedTestServer(port: number): void {
  const file = testServerPidFile(port);
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // no pid file or process already gone
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * A time-skipping TestWorkflowEnvironment backed by the Java test server. The SDK gives the server
 * 5 s to answer; on a loaded machine a JVM can miss that, so a failed start is retried.
 * With YZ_SDK_DOWNLOAD=1 the SDK downloads its own test server instead (needs internet).
 */
export async function createTimeSkippingEnv(attempts = 3): Promise<TestWorkflowEnvironment> {
  if (process.env.YZ_SDK_DOWNLOAD === '1') return TestWorkflowEnvironment.createTimeSkipping();
  const path = testServerPath();
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = await freePort();
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path }, port },
      });
      rmSync(testServerPidFile(port), { force: true });
      return env;
    } catch (err) {
      lastError = err;
      killLeakedTestServer(port);
    }
  }
  throw new Error(
    `Temporal time-skipping test server (${path}) did not start after ${attempts} attempts: ` +
      (lastError instanceof Error ? lastError.message : String(lastError)),
  );
}

/**
 * Skips the time-skipping server's clock to `target` (epoch ms) in steps of at most `stepMs`.
 * One long skip under load outlives the Java test server's keepalive allowance (the client's
 * pings get the connection closed mid-call, "excess pings"), and the call then hangs or fails.
 * A step that has not come back after `callMs` is left to finish on the server (it relocks
 * time skipping itself when its sleep is over) and the clock is asked again.
 */
export async function skipTo(
  env: TestWorkflowEnvironment,
  target: number,
  stepMs = 6 * 3_600_000,
  callMs = 30_000,
): Promise<void> {
  for (;;) {
    const left = target - (await env.currentTimeMs());
    if (left <= 0) return;
    const step = env.sleep(Math.min(left, stepMs));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, callMs, 'late')));
    if ((await Promise.race([step, late])) === 'late') step.catch(() => undefined);
    clearTimeout(timer);
  }
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
