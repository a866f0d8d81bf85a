/**
 * Real Temporal servers for tests:
 *  - startDevServer(): the Temporal CLI dev server (worker/devServer.ts), a full server.
 *  - createTimeSkippingEnv(): the Java time-skipping test server through @temporalio/testing, for
 *    timelines of weeks or years that must run in seconds.
 *  - createLocalEnv(): a TestWorkflowEnvironment over a running dev server.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  cacheDir,
  ENSURE_HINT,
  freePort,
  killOnExit,
  sleep,
  startDevServer,
  tcpOpen,
} from '../../worker/devServer';

export * from '../../worker/devServer';

/** The wrapper that runs the Java time-skipping test server: $TEMPORAL_TEST_SERVER or the cache. */
export function testServerPath(): string {
  const path = process.env.TEMPORAL_TEST_SERVER ?? join(cacheDir(), 'bin', 'temporal-test-server');
  if (!existsSync(path))
    throw new Error(`Temporal test server not found at ${path}: ${ENSURE_HINT}`);
  return path;
}

/** What `TestWorkflowEnvironment.create` takes; it is private in the typings (SDK 1.24.0). */
interface CreateOptions {
  server: { type: 'existing' };
  address: string;
  supportsTimeSkipping: boolean;
}
const createEnv = (
  TestWorkflowEnvironment as unknown as {
    create(o: CreateOptions): Promise<TestWorkflowEnvironment>;
  }
).create.bind(TestWorkflowEnvironment);

/**
 * A time-skipping TestWorkflowEnvironment backed by the Java test server. The SDK's own launcher
 * gives a server 5 s to answer, which a JVM misses on a loaded machine; so the server is started
 * here and waited for (up to `startTimeoutMs`), then the environment is made over it with time
 * skipping on, and its teardown stops the server.
 * With YZ_SDK_DOWNLOAD=1 the SDK downloads its own test server instead (needs internet).
 */
export async function createTimeSkippingEnv(
  startTimeoutMs = 120_000,
): Promise<TestWorkflowEnvironment> {
  if (process.env.YZ_SDK_DOWNLOAD === '1') return TestWorkflowEnvironment.createTimeSkipping();
  const path = testServerPath();
  const port = await freePort();
  const child = spawn(path, [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  killOnExit(child);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-2000)));
  let exited: string | undefined;
  child.once('exit', (code, signal) => void (exited = signal ?? `code ${code}`));
  const stop = () => {
    if (exited === undefined) child.kill('SIGKILL');
  };
  const deadline = Date.now() + startTimeoutMs;
  while (!(await tcpOpen('127.0.0.1', port))) {
    if (exited !== undefined || Date.now() > deadline) {
      stop();
      throw new Error(
        `Temporal time-skipping test server (${path}) did not start on port ${port} ` +
          `(${exited ? `exited: ${exited}` : `no answer in ${startTimeoutMs} ms`}): ${stderr}`,
      );
    }
    await sleep(100);
  }
  rmSync(join(tmpdir(), `yanzhen-test-server-${port}.pid`), { force: true });
  try {
    const env = await createEnv({
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      supportsTimeSkipping: true,
    });
    const teardown = env.teardown.bind(env);
    env.teardown = async () => {
      try {
        await teardown();
      } finally {
        stop();
      }
    };
    return env;
  } catch (e) {
    stop();
    throw e;
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
