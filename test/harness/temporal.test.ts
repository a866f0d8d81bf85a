import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { sleepDays } from './fixtures/timer-workflow';
import { SEARCH_ATTRIBUTES, createTimeSkippingEnv, startDevServer } from './temporal';
import { testDataConverter } from './payloadKeys';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('Temporal dev server (globalSetup)', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
  });
  afterAll(async () => {
    await connection?.close();
  });

  it('answers and has the default namespace', async () => {
    const { namespaces } = await connection.workflowService.listNamespaces({});
    const names = namespaces.map((n) => n.namespaceInfo?.name);
    expect(names).toContain('default');
  });

  it('has the Yanzhen search attributes registered', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });
    for (const name of Object.keys(SEARCH_ATTRIBUTES)) {
      expect(customAttributes, name).toHaveProperty(name);
    }
  });
});

describe('startDevServer', () => {
  it('starts on free ports and stops for good', async () => {
    const server = await startDevServer();
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.address).not.toBe(inject('temporalAddress'));
    const ui = await fetch(server.uiUrl);
    expect(ui.status).toBe(200);
    await server.stop();
    expect(() => process.kill(server.pid, 0)).toThrow();
    await expect(
      Connection.connect({ address: server.address, connectTimeout: 1_000 }),
    ).rejects.toThrow();
  });
});

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('jumps 7 days of server time in seconds', async () => {
    const wallStart = Date.now();
    const before = await env.currentTimeMs();
    await env.sleep('7 days');
    const after = await env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(7 * DAY_MS);
    expect(Date.now() - wallStart).toBeLessThan(10_000);
  });

  it('fires a 30-day workflow timer without waiting', async () => {
    const worker = await Worker.create({
      dataConverter: testDataConverter,
      connection: env.nativeConnection,
      taskQueue: 'harness-time-skipping',
      workflowsPath: fileURLToPath(new URL('./fixtures/timer-workflow.ts', import.meta.url)),
    });
    const wallStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof sleepDays>('sleepDays', {
        taskQueue: 'harness-time-skipping',
        workflowId: `harness-sleep-${Date.now()}`,
        args: [30],
      }),
    );
    expect(result.wokeMs - result.startedMs).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(Date.now() - wallStart).toBeLessThan(30_000);
  });

  it('stops its server on teardown', async () => {
    const own = await createTimeSkippingEnv();
    const address = own.address;
    expect(own.supportsTimeSkipping).toBe(true);
    await own.teardown();
    await expect(
      Connection.connect({ address, connectTimeout: 1_000 }).then((c) =>
        c.workflowService.getSystemInfo({}),
      ),
    ).rejects.toThrow();
  });
});
