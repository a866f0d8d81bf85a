/**
 * The Java time-skipping test server (io.temporal:temporal-test-server) as a
 * TestWorkflowEnvironment: timelines of weeks or months in seconds. Used by the tests and by
 * `yz exam preview` (a campaign's whole timeline, dry run). scripts/ensure-tools.sh puts the
 * server in the cache; TEMPORAL_TEST_SERVER names another one.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { cacheDir, ENSURE_HINT, freePort } from './devServer';

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
