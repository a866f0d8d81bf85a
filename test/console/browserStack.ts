/**
 * The whole system behind a real browser for a console test file: the test system (database with
 * a synthetic district, SMTP sink, worker on the run's Temporal server), the HTTP API listening on
 * a loopback port and serving the built console, and Debian's Chromium driven by playwright-core
 * (headless). The console is built first when it is missing or stale.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../client/api/server';
import { openContext, type YzContext } from '../../client/operations/context';
import { loadConfig } from '../../config/env';
import type { DistrictSize } from '../../scripts/demo/district';
import { buildConsole, consoleIsCurrent } from '../../scripts/build-console.js';
import { useTestSystem, type TestSystem } from '../harness/system';
import { TEST_PAYLOAD_KEYS } from '../harness/payloadKeys';

export const CHROMIUM = process.env.YZ_CHROMIUM || '/usr/bin/chromium';

export interface BrowserStack {
  sys: TestSystem;
  ctx: YzContext;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  origin: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) with one page, at a desktop or phone size. */
  newPage(size?: 'desktop' | 'phone'): Promise<{ context: BrowserContext; page: Page }>;
}

export function useBrowserStack(options: {
  district: DistrictSize;
  apiToken: string;
}): BrowserStack {
  const stack = { sys: useTestSystem({ district: options.district }) } as BrowserStack;
  let mailDir: string;
  beforeAll(async () => {
    if (!consoleIsCurrent()) await buildConsole();
    mailDir = mkdtempSync(join(tmpdir(), 'yz-console-'));
    stack.ctx = await openContext(
      loadConfig({
        YZ_PAYLOAD_KEYS: TEST_PAYLOAD_KEYS,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_UI_URL: inject('temporalUiUrl') || 'http://127.0.0.1:8233',
        YZ_LOG_LEVEL: 'warn',
        TASK_QUEUE: stack.sys.stack.taskQueue,
        DATABASE_URL: stack.sys.tdb.url,
        API_TOKEN: options.apiToken,
        YZ_MAIL_DIR: mailDir,
        YZ_QUIET_HOURS: 'off',
      }),
    );
    stack.app = await buildApi(stack.ctx);
    stack.origin = await stack.app.listen({ host: '127.0.0.1', port: 0 });
    stack.browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Containers without a user namespace; /dev/shm is small there.
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    stack.newPage = async (size = 'desktop') => {
      const context = await stack.browser.newContext({
        baseURL: stack.origin,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: size === 'phone' ? { width: 375, height: 740 } : { width: 1366, height: 900 },
        ...(size === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
      });
      context.setDefaultTimeout(20_000);
      return { context, page: await context.newPage() };
    };
  });
  afterAll(async () => {
    await stack.browser?.close();
    await stack.app?.close();
    await stack.ctx?.close();
    if (mailDir) rmSync(mailDir, { recursive: true, force: true });
  });
  return stack;
}
