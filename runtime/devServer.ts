/**
 * The Temporal dev server (`temporal server start-dev`, the Go-built Temporal CLI): the embedded
 * default's Temporal for `npm start` (persisted to a SQLite file) and for tests (in memory).
 *
 * Binaries come from scripts/ensure-tools.sh (cache `${YZ_CACHE:-~/.cache/yanzhen}`, or the
 * project's .tools/bin); paths can be overridden with TEMPORAL_CLI and TEMPORAL_TEST_SERVER.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { settings } from '../config/env';
import { PRIVATE_FILE_MODE } from './dataDir';

/** Custom search attributes registered on every dev server we start (tests and `npm start`). */
export const SEARCH_ATTRIBUTES = {
  YzBusinessKey: 'Keyword',
  YzCampaign: 'Keyword',
  YzStatus: 'Keyword',
} as const satisfies Record<string, 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime'>;

export type YzSearchAttribute = keyof typeof SEARCH_ATTRIBUTES;

/** `--search-attribute Name=Type` arguments for `temporal server start-dev`. */
export function searchAttributeArgs(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
}

export function cacheDir(): string {
  return settings().tools.cacheDir;
}

export const ENSURE_HINT = 'run `bash scripts/ensure-tools.sh` first';

function onPath(name: string): string | undefined {
  for (const dir of settings().tools.searchPath) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The Temporal CLI: $TEMPORAL_CLI, then the project's .tools/bin, the cache, `temporal` on PATH. */
export function temporalCliPath(): string {
  const fromEnv = settings().tools.temporalCli;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} does not exist`);
    return fromEnv;
  }
  const local = join('.tools', 'bin', 'temporal');
  if (existsSync(local)) return local;
  const cached = join(cacheDir(), 'bin', 'temporal');
  if (existsSync(cached)) return cached;
  const found = onPath('temporal');
  if (found) return found;
  throw new Error(
    `Temporal CLI not found (looked at $TEMPORAL_CLI, ${cached}, PATH): ${ENSURE_HINT}`,
  );
}

/** A free TCP port on 127.0.0.1 (free now; nothing is reserved). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not allocate a free port'));
      });
    });
  });
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** True once something accepts TCP connections on host:port. */
export function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface DevServer {
  /** gRPC frontend, `127.0.0.1:<port>`. */
  address: string;
  /** Web UI, `http://127.0.0.1:<port>`. */
  uiUrl: string;
  namespace: string;
  pid: number;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /** Frontend port; a free one by default. */
  port?: number;
  /** UI port; a free one by default. */
  uiPort?: number;
  /** SQLite file to persist to; in-memory by default. */
  dbFilename?: string;
  namespace?: string;
  /** Dev server log level (default 'warn'). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** Pass the server's output through to this process (default: keep the last lines for errors). */
  inheritOutput?: boolean;
  /** How long to wait for the frontend to answer (default 60 s). */
  startTimeoutMs?: number;
  /** The Web UI decodes payloads through this remote codec (the API's `/codec`). */
  uiCodecEndpoint?: string;
  extraArgs?: string[];
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;
/** Kills the child (SIGKILL) if this process exits first. */
export function killOnExit(child: ChildProcess): void {
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of liveChildren) c.kill('SIGKILL');
    });
  }
}

/** Starts `temporal server start-dev` on free loopback ports and waits until it answers. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = temporalCliPath();
  const namespace = options.namespace ?? 'default';
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--ui-port',
    String(uiPort),
    '--namespace',
    namespace,
    '--log-level',
    options.logLevel ?? 'warn',
    '--log-format',
    'text',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...searchAttributeArgs(),
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
    ...(options.extraArgs ?? []),
  ];

  const child = spawn(cli, args, {
    stdio: options.inheritOutput ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', (err) => {
      exited = `spawn error: ${err.message}`;
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exitPromise;
    clearTimeout(timer);
  };

  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      throw new Error(
        `Temporal dev server (${cli}) exited during start-up (${exited}). Output:\n${output}`,
      );
    }
    // Dial gRPC only once the port accepts connections (cheap TCP probe first).
    if (!(await tcpOpen('127.0.0.1', port))) {
      await sleep(100);
      continue;
    }
    const connection = Connection.lazy({ address, connectTimeout: 2_000 });
    try {
      await connection.ensureConnected();
      await connection.workflowService.describeNamespace({ namespace });
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace,
      });
      const missing = Object.keys(SEARCH_ATTRIBUTES).filter((name) => !customAttributes?.[name]);
      if (missing.length > 0)
        throw new Error(`search attributes not registered yet: ${missing.join(', ')}`);
      // Workflow histories name people: the SQLite files are the owner's only, whatever the umask.
      for (const file of options.dbFilename ? ['', '-wal', '-shm'] : [])
        if (existsSync(options.dbFilename + file))
          chmodSync(options.dbFilename + file, PRIVATE_FILE_MODE);
      return {
        address,
        uiUrl: `http://127.0.0.1:${uiPort}`,
        namespace,
        pid: child.pid ?? -1,
        stop,
      };
    } catch (err) {
      lastError = err;
      await sleep(200);
    } finally {
      await connection.close();
    }
  }
  await stop();
  throw new Error(
    `Temporal dev server at ${address} did not answer within ${timeoutMs} ms ` +
      `(last error: ${lastError instanceof Error ? lastError.message : String(lastError)}). Output:\n${output}`,
  );
}
