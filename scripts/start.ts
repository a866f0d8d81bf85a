/**
 * `npm start`: the whole system on one machine (the embedded default), kept running until Ctrl-C.
 *
 * Temporal dev server (SQLite file + Web UI under .data/), the database (SQLite through Prisma,
 * migrations applied), the SMTP sink that keeps every message in .data/mail, the worker and the
 * HTTP API. On first start it loads a small demo district and sends it a welcome announcement, so
 * there is something to look at. Any part given by configuration (TEMPORAL_ADDRESS, DATABASE_URL,
 * SMTP_URL) is used instead of the embedded one.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { openDb, type Db } from '../store/db';
import { deployMigrations } from '../prisma/migrator';
import { redactUrl } from '../prisma/adapters';
import { loadConfig, type Config } from '../config/env';
import { freePort, startDevServer } from '../runtime/devServer';
import { startReadOnlyUi } from '../runtime/readOnlyUi';
import { secureDataDir } from '../runtime/dataDir';
import { sinkHasMessage, startMailSink } from '../runtime/mailSink';
import { runWorker } from '../worker/run';
import { buildApi } from '../client/api/server';
import { openContext, announcementContext } from '../client/operations/context';
import { createAnnouncement } from '../client/operations/announcements/announcements';
import { buildDistrict, DEMO_SIZE, loadDistrict } from './demo/district';
import { formatQuietHours, nextSendableTime } from '../workflows/rules/quietHours';
import { formatLocal } from '../workflows/rules/zonedTime';
import { ConfigError } from '../common/errors';
import { migrateIdCardHashes } from '../store/registry/idCardHasher';
import { loadIdCardKey } from '../store/registry/idCardKey';
import { bootstrapLogin, BOOTSTRAP_USERNAME } from '../store/auth/bootstrap';

const stops: (() => Promise<unknown>)[] = [];
const t0 = Date.now();
const step = (text: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${text}`);

/** The API token: API_TOKEN, or one made on first start and kept in .data/api-token. */
function apiToken(config: Config): string {
  if (config.api.token) return config.api.token;
  const file = join(config.dataDir, 'api-token');
  if (!existsSync(file))
    writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function loadDemoOnFirstStart(db: Db): Promise<boolean> {
  if ((await db.organisation.count()) > 0) return false;
  await loadDistrict(db, buildDistrict(DEMO_SIZE));
  return true;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // This process stops the worker itself, in order, on Ctrl-C (not the SDK's own signal handlers).
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  // Personal data lives here: 0700/0600, what is there already tightened (README, 数据目录).
  const tightened = secureDataDir(config.dataDir);
  if (tightened) step(`data folder ${config.dataDir}: ${tightened} files made private (0600/0700)`);

  const applied = await deployMigrations(config.database.url);
  step(
    `database ${redactUrl(config.database.url)}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`,
  );
  const db = await openDb(config.database.url);
  stops.push(() => db.$disconnect());
  // ID-card hashes stored before keyed hashing move onto the key (once; nothing to do after).
  const keyed = await migrateIdCardHashes(db, loadIdCardKey(config.idCardKey));
  if (keyed) step(`ID-card hashes moved onto the key (${config.idCardKey.file}): ${keyed}`);
  const firstStart = await loadDemoOnFirstStart(db);
  if (firstStart)
    step(
      `demo district loaded: ${DEMO_SIZE.people} people in ${DEMO_SIZE.streets * DEMO_SIZE.unitsPerStreet} units`,
    );

  // The first admin (README, 账号 / Accounts): made once, its password printed once.
  const adminPassword = await bootstrapLogin(db, config.auth.adminPassword);

  if (config.temporal.embedded) {
    const [host, port] = config.temporal.address.split(':');
    const uiPort = Number(new URL(config.temporal.uiUrl).port || 8233);
    // Read-only by default: the dev server's own UI on a private port, the guard on the public one.
    const readOnly = !config.temporal.uiWritable;
    const server = await startDevServer({
      port: Number(port),
      uiPort: readOnly ? await freePort() : uiPort,
      dbFilename: join(config.dataDir, 'temporal.db'),
      namespace: config.temporal.namespace,
      // Payloads are encrypted; the Web UI shows them decoded through the API (logged-in only).
      uiCodecEndpoint: `http://${config.api.host}:${config.api.port}/codec`,
    });
    stops.unshift(() => server.stop());
    if (readOnly) {
      const ui = await startReadOnlyUi({ target: server.uiUrl, port: uiPort });
      stops.unshift(() => ui.stop());
      step(
        `Temporal dev server ${host}:${port}, Web UI ${ui.url} (read-only; YZ_TEMPORAL_UI_WRITE=on to allow writes)`,
      );
    } else step(`Temporal dev server ${host}:${port}, Web UI ${server.uiUrl}`);
  }

  let wasDelivered: ((messageId: string) => Promise<boolean | undefined>) | undefined;
  if (config.smtp.embedded) {
    const port = Number(new URL(config.smtp.url).port);
    const sink = await startMailSink({ dir: config.mailDir, port });
    stops.unshift(() => sink.stop());
    wasDelivered = async (messageId) => sinkHasMessage(config.mailDir, messageId);
    step(`SMTP sink ${sink.url}, keeping every message in ${config.mailDir}/`);
  }

  const worker = await runWorker(config, db, { wasDelivered });
  stops.unshift(() => worker.stop());
  step(`worker on task queue "${config.temporal.taskQueue}"`);

  const token = apiToken(config);
  const ctx = await openContext({ ...config, api: { ...config.api, token } });
  stops.unshift(() => ctx.close());
  const api = await buildApi(ctx);
  await api.listen({ host: config.api.host, port: config.api.port });
  stops.unshift(() => api.close());
  const apiUrl = `http://${config.api.host}:${config.api.port}`;
  step(`HTTP API ${apiUrl} (OpenAPI: ${apiUrl}/openapi.json)`);

  if (firstStart) {
    const welcome = await createAnnouncement(announcementContext(ctx), {
      id: 'welcome',
      title: '欢迎使用雁阵社工培训平台',
      body: '{name}，您好！您所在的单位已接入雁阵平台，今后的报考动员、课程与继续教育通知将通过本平台发送。',
      titleEn: 'Welcome to Yanzhen',
      bodyEn:
        'Your unit now uses Yanzhen: exam, course and continuing-education notices will come from here.',
      audience: { unitIds: ['pudong'] },
      createdBy: '浦东新区社会工作部（演示）',
    });
    step(`welcome announcement to ${welcome.recipients} people: ${welcome.workflowId}`);
    const now = new Date();
    const sendable = nextSendableTime(now, config.quietHours, config.timeZone);
    if (sendable > now) {
      step(
        `静默时段 / quiet hours (${formatQuietHours(config.quietHours!)} ${config.timeZone}): ` +
          `it goes out at ${formatLocal(sendable, config.timeZone)}; YZ_QUIET_HOURS=off sends at any hour`,
      );
    }
  }

  console.log(`
雁阵 Yanzhen 已启动 / is up (Ctrl-C 停止 / to stop)
  控制台 Console   ${apiUrl}/console/
  Temporal Web UI  ${config.temporal.uiUrl}
  HTTP API         ${apiUrl}   token: ${join(config.dataDir, 'api-token')}${config.api.token ? ' (from API_TOKEN)' : ''}
  Mail             ${config.smtp.embedded ? `${config.mailDir}/  →  npm run yz -- mail list` : redactUrl(config.smtp.url)}
  Try              npm run yz -- announce send --id room-302 --unit pudong.s01 \\
                     --title "明日课程改至302教室" --body "{name}，明天的课程改在302教室。" --wait
                   npm run yz -- history announcement/welcome
`);
  if (adminPassword)
    console.log(`首个管理员 / first admin (shown once${config.auth.adminPassword ? ': YZ_ADMIN_PASSWORD' : ''}):
  用户名 / username  ${BOOTSTRAP_USERNAME}
  密码 / password    ${config.auth.adminPassword ? '(YZ_ADMIN_PASSWORD)' : adminPassword}
  控制台与 API 登录 / console and API: POST ${apiUrl}/auth/login {"username":"${BOOTSTRAP_USERNAME}","password":"…"}
  命令行 / CLI:      printf '%s\\n' '<password>' | npm run yz -- login ${BOOTSTRAP_USERNAME} --password-stdin
                     (or npm run yz -- token create my-laptop, then YZ_TOKEN=yzt_…)
  更多账号 / more:   npm run yz -- user add wang --role district|unit|viewer [--unit pudong.s01]
  ${join(config.dataDir, 'api-token')} (API_TOKEN) acts as this admin for earlier scripts.
`);
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const stop of stops)
      await stop().catch((e: unknown) => console.error(`stop: ${(e as Error).message}`));
  }
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\n正在停止 / stopping…');
  void stopAll(0);
});
process.on('SIGTERM', () => void stopAll(0));

main().catch(async (e: unknown) => {
  if (e instanceof ConfigError) console.error(`配置错误 / configuration error: ${e.message}`);
  else console.error('启动失败 / start-up failed:', e);
  await stopAll(1);
});
