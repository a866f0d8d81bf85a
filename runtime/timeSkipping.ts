/**
 * The Java time-skipping test server (io.temporal:temporal-test-server) as a
 * TestWorkflowEnvironment: timelines of weeks or months in seconds. Used by the tests and by
 * `yz exam preview` (a campaign's whole timeline, dry run). scripts/ensure-tools.sh puts the
 * server in the cache; TEMPORAL_TEST_SERVER names another one.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { settings } from '../config/env';
import { ENSURE_HINT, freePort, killOnExit, SEARCH_ATTRIBUTES, sleep, tcpOpen } from './devServer';

/**
 * Registers the custom search attributes on a fresh test server, as the dev server has them
 * (the Java server refuses an upsert of an unregistered attribute).
 */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD: @temporalio/proto is
  // CommonJS without named exports for Node's ESM loader (the compiled CLI, tsx), so its value.
  const keyword = 2;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.keys(SEARCH_ATTRIBUTES).map((n) => [n, keyword])),
  });
}

/** The wrapper that runs the Java time-skipping test server: $TEMPORAL_TEST_SERVER or the cache. */
export function testServerPath(): string {
  const path = settings().tools.testServer;
  if (!existsSync(path))
    throw new Error(`Temporal test server not found at ${path}: ${ENSURE_HINT}`);
  return path;
}

/** What `TestWorkflowEnvironment.create` takes; it is private in the typings (SDK 1.24.0). */
interface CreateOptions {
  server: { type: 'existing' };
  address: string;
  supportsTimeSkipping: boolean;
  connectionOptions?: { channelArgs?: Record<string, number> };
  client?: { dataConverter?: DataConverter };
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
  /** The payload codec of the env's client; its workers must be given the same. */
  dataConverter?: DataConverter,
): Promise<TestWorkflowEnvironment> {
  const client = dataConverter ? { client: { dataConverter } } : {};
  if (settings().tools.sdkDownload) {
    const env = await TestWorkflowEnvironment.createTimeSkipping(client);
    await registerSearchAttributes(env);
    return env;
  }
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
      ...client,
      // The Java server (grpc-java) allows a keepalive ping every 5 minutes at most and answers
      // more with GOAWAY "too_many_pings"; the client's default of 30 s cut long time skips.
      connectionOptions: {
        channelArgs: {
          'grpc.keepalive_time_ms': 330_000,
          'grpc.keepalive_permit_without_calls': 0,
        },
      },
    });
    await registerSearchAttributes(env);
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
