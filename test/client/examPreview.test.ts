/**
 * `yz exam preview` (dry run) on a cohort of 30: the whole timeline on the time-skipping server
 * against a throw-away copy of the registry. The per-day totals equal the notices the workflows
 * queued in the copy's outbox, everyone invited is counted on launch day, the synthetic results
 * decide every registered journey, the live database is untouched, and the CLI opens no SMTP
 * connection (a TCP server at SMTP_URL counts connections) and writes no mail file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { previewCampaign, type PreviewReport } from '../../client/operations/exam/preview';
import { buildDistrict, loadDistrict } from '../../scripts/demo/district';
import { formatLocal } from '../../workflows/rules/zonedTime';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';
import { workflowBundle } from '../harness/stack';
import { onTerminal } from '../harness/terminal';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
const definition = {
  id: 'preview-2027',
  name: '报考动员预演',
  examYear: new Date().getUTCFullYear() + 1,
  levels: ['assistant_social_worker'],
  registrationWindow: { opens: hours(1), closes: hours(14 * 24) },
  examDates: { comprehensive_junior: hours(40 * 24), practice_junior: hours(41 * 24) },
  cohort: { unitIds: ['pudong'] },
  reminders: { beforeWindowCloses: ['7d', '1d'], quietHours: 'off' },
};
const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

describe.each(providersUnderTest())('campaign preview from a %s registry', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 2, unitsPerStreet: 2, people: 30 }));
  });
  afterAll(async () => tdb?.close());

  let campaignOnly: PreviewReport | undefined;
  it('counts every notice of the timeline by day, template and unit; sends none', async () => {
    const r: PreviewReport = (campaignOnly = await previewCampaign(tdb.db, definition, {
      seed: 7,
      registerShare: 0.5,
      passShare: 0.7,
      workflowBundle: await workflowBundle(),
    }));
    expect(r.journeys).toBe(false);
    expect(r.ran).toContain('the journeys were not run one by one');
    expect(r.cohort).toBe(30);
    expect(r.registered).toBeGreaterThan(5);
    expect(r.registered).toBeLessThan(25);
    // The per-day totals are exactly the notices the workflows queued, all handed to the counter.
    expect(r.days.reduce((n, d) => n + d.total, 0)).toBe(r.total);
    expect(r.queued).toEqual({ sent: r.total });
    for (const d of r.days) {
      expect(total(d.byTemplate)).toBe(d.total);
      expect(total(d.byUnit)).toBe(d.total);
    }
    expect(total(r.byTemplate)).toBe(r.total);
    expect(r.units.reduce((n, u) => n + u.total, 0)).toBe(r.total);
    expect(r.units.map((u) => u.id)).toEqual([
      'pudong.s01.u01',
      'pudong.s01.u02',
      'pudong.s02.u01',
      'pudong.s02.u02',
    ]);
    // Everyone is invited on launch day; every registered person hears the outcome.
    const launchDay = formatLocal(new Date(r.from), 'Asia/Shanghai').slice(0, 10);
    expect(r.days[0]!.date).toBe(launchDay);
    expect(r.days[0]!.byTemplate['exam-invitation']).toBe(30);
    expect(r.byTemplate['exam-invitation']).toBe(30);
    expect((r.byTemplate['exam-passed'] ?? 0) + (r.byTemplate['exam-failed'] ?? 0)).toBe(
      r.registered,
    );
    expect(r.funnel.not_registered).toBe(30 - r.registered);
    expect((r.funnel.passed ?? 0) + (r.funnel.failed ?? 0)).toBe(r.registered);
    // The days run from launch to after the results, in order.
    expect(r.days.map((d) => d.date)).toEqual([...r.days.map((d) => d.date)].sort());
    expect(r.days.length).toBeGreaterThan(3);
    expect(new Date(r.to).getTime()).toBeGreaterThan(
      Date.parse(definition.examDates.practice_junior),
    );
    // The live registry is only read.
    expect(await tdb.db.examCampaign.count()).toBe(0);
    expect(await tdb.db.notice.count()).toBe(0);
  });

  it('gives the same figures with every journey workflow run too (--journeys)', async () => {
    expect(campaignOnly).toBeDefined();
    const r = await previewCampaign(tdb.db, definition, {
      seed: 7,
      registerShare: 0.5,
      passShare: 0.7,
      workflowBundle: await workflowBundle(),
      journeys: true,
    });
    expect(r.journeys).toBe(true);
    const figures = (x: PreviewReport) => ({
      cohort: x.cohort,
      registered: x.registered,
      total: x.total,
      queued: x.queued,
      days: x.days,
      byTemplate: x.byTemplate,
      units: x.units,
      funnel: x.funnel,
    });
    expect(figures(r)).toEqual(figures(campaignOnly!));
    expect(await tdb.db.examCampaign.count()).toBe(0);
  });
});

describe('yz exam preview', () => {
  let tdb: TestDb;
  let dir: string;
  let smtp: net.Server;
  let connections = 0;
  beforeAll(async () => {
    tdb = await createTestDb();
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 2, people: 12 }));
    dir = mkdtempSync(join(tmpdir(), 'yz-preview-cli-'));
    smtp = net.createServer((socket) => {
      connections++;
      socket.end('220 counting\r\n');
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => smtp?.close(r));
    await tdb?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints per-day notices zh-CN first with English, --json alike; no SMTP connection', async () => {
    const file = join(dir, '方案.json');
    writeFileSync(file, JSON.stringify({ ...definition, id: 'preview-cli' }));
    const port = (smtp.address() as net.AddressInfo).port;
    const mailDir = join(dir, 'mail');
    const cliEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: tdb.url,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      YZ_MAIL_DIR: mailDir,
      ...(process.env.TEMPORAL_TEST_SERVER
        ? { TEMPORAL_TEST_SERVER: process.env.TEMPORAL_TEST_SERVER }
        : {}),
    };
    const yz = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          ['client/bin/yz.js', ...args],
          {
            env: cliEnv,
            timeout: 540_000,
          },
          (e, stdout, stderr) =>
            resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stdout, stderr }),
        ),
      );
    const preview = ['exam', 'preview', file, '--seed', '3', '--register-share', '0.5'];
    const run = await yz('--json', ...preview);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as PreviewReport;
    expect(r.cohort).toBe(12);
    expect(r.days.reduce((n, d) => n + d.total, 0)).toBe(r.total);
    expect(r.queued).toEqual({ sent: r.total });
    expect(r.byTemplate['exam-invitation']).toBe(12);

    const text = await yz(...preview);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe(
      `预演 / preview: 报考动员预演 (preview-cli) — 动员对象 / cohort 12，模拟报名 / registered ${r.registered}（seed 3）`,
    );
    expect(text.stdout).toContain(`通知合计 / notices: ${r.total}`);
    expect(text.stdout).toContain('未发送任何邮件 / nothing was sent');
    expect(text.stdout).toContain('未逐人运行报考流程');
    expect(text.stdout).toMatch(/日期 date\s+合计 total\s+邀请 invitation/);
    expect(text.stdout).toContain(`${r.days[0]!.date}`);
    expect(text.stdout).toMatch(/花木街道第1居委会/);

    // On a terminal the steps show on one line (stderr), cleared before the report.
    const shown = await onTerminal(cliEnv, ...preview);
    expect(shown).toContain('… registry copied / 已复制人员库');
    expect(shown).toContain('… registered / 已报名');
    expect(shown).toContain(`通知合计 / notices: ${r.total}`);

    expect(connections).toBe(0);
    expect(() => readdirSync(mailDir)).toThrow(/ENOENT/);
  });

  it('exits promptly with the error when the preview fails inside (no test server)', async () => {
    // Past the registry copy, the Temporal runtime is up when the test server is looked for; it
    // held the process (and SIGTERM) after the error until it was shut down.
    const file = join(dir, 'missing-server.json');
    writeFileSync(file, JSON.stringify({ ...definition, id: 'preview-fails' }));
    const t0 = Date.now();
    const run = await new Promise<{ code: number | null; stderr: string; stdout: string }>(
      (resolve) =>
        execFile(
          process.execPath,
          ['client/bin/yz.js', 'exam', 'preview', file],
          {
            env: {
              PATH: process.env.PATH,
              HOME: process.env.HOME,
              DATABASE_URL: tdb.url,
              TEMPORAL_TEST_SERVER: join(dir, 'no-such-test-server'),
            },
            timeout: 90_000,
            killSignal: 'SIGKILL',
          },
          (e, stdout, stderr) =>
            resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr }),
        ),
    );
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('错误 / error: 预演未能完成 / the preview did not finish');
    expect(run.stderr).toContain('no-such-test-server');
    expect(run.stdout).toBe('');
  });
});
