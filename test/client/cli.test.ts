/**
 * The real `yz` CLI (client/bin/yz.js → client/cli.ts) as a child process, against this test's
 * database, the run's Temporal server and a worker in this process that mails into a sink folder.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDistrict } from '../../scripts/demo/district';
import { useCliSystem, type Run } from '../harness/cliSystem';
import { onTerminal } from '../harness/terminal';
import { parseSendAt } from '../../client/cli/common';
import { readSheet } from '../../store/registry/roster/read';
import { censusReport, certificationRate } from '../../client/operations/registry/registry';
import { buildRegistryFacts, loadRegistryFacts } from '../../scripts/demo/registry';

const sys = useCliSystem({ streets: 2, unitsPerStreet: 2, people: 24 });
const yz = (...args: string[]) => sys.yz(...args);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON of many shapes, checked below
const json = (r: Run) => sys.json(r) as any;

let recipients: string[];

describe('yz announce', () => {
  it('send --wait --json starts the workflow and reports the finished run', async () => {
    const people = await sys.tdb.db.person.findMany({
      where: { unit: { path: { startsWith: '/pudong/pudong.s01/' } } },
      include: { contacts: true },
    });
    recipients = people.map((p) => p.contacts[0]!.value).sort();
    expect(recipients.length).toBeGreaterThan(3);

    const out = json(
      await yz(
        'announce',
        'send',
        '--id',
        'cli-1',
        '--title',
        '考前冲刺班开课',
        '--body',
        '{name}，考前冲刺班周六开课。',
        '--unit',
        'pudong.s01',
        '--by',
        '浦东社工部',
        '--wait',
        '--json',
      ),
    );
    expect(out).toMatchObject({
      id: 'cli-1',
      workflowId: 'announcement/cli-1',
      recipients: recipients.length,
      url: 'http://ui.test:8233/namespaces/default/workflows/announcement%2Fcli-1',
      final: { status: 'completed', sent: recipients.length, failed: 0 },
    });
    const row = await sys.tdb.db.announcement.findUnique({ where: { id: 'cli-1' } });
    // --by is ignored: the CLI's account (no token: the first admin) is recorded.
    expect(row).toMatchObject({ createdBy: 'admin', status: 'completed' });
  });

  it('status prints readable progress', async () => {
    const r = await yz('announce', 'status', 'cli-1');
    expect(r.code).toBe(0);
    const n = recipients.length;
    expect(r.stdout).toContain('状态 / status: completed\n');
    expect(r.stdout).toContain(`已发送 / sent: ${n}/${n}   失败 / failed: 0\n`);
    expect(r.stdout).toContain(
      'Web UI: http://ui.test:8233/namespaces/default/workflows/announcement%2Fcli-1\n',
    );
  });

  it('a user error prints one line and exits 1', async () => {
    const [r, missing] = await Promise.all([
      yz('announce', 'send', '--id', 'cli-x', '--title', 't', '--body', 'b', '--unit', 'nowhere'),
      yz('announce', 'status', 'nope', '--json'),
    ]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: '错误 / error: 未知单位编号 unknown unit id(s): nowhere\n',
    });
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: '没有通知“nope” / no announcement "nope"',
      statusCode: 404,
    });
    expect(await sys.tdb.db.announcement.count()).toBe(1);
  });
});

describe('strict dates on the command line', () => {
  it('refuses impossible dates naming the flag, and nothing is started', async () => {
    const send = ['announce', 'send', '--id', 'cli-date', '--title', 't', '--body', 'b'];
    const [month, feb, deadline, end] = await Promise.all([
      yz(...send, '--unit', 'pudong', '--at', '2026-13-45T09:00'),
      yz(...send, '--unit', 'pudong', '--at', '2026-02-30'),
      yz(
        'census',
        'start',
        '--id',
        'cli-census',
        '--title',
        't',
        '--unit',
        'pudong',
        '--coordinator',
        'p-000001',
        '--deadline',
        '2026-02-30 17:00',
      ),
      yz(
        'mentoring',
        'start',
        '--id',
        'cli-mentoring',
        '--title',
        't',
        '--coordinator',
        'p-000001',
        '--trainees',
        'p-000002',
        '--mentors',
        'p-000003',
        '--end',
        '2027-02-30',
      ),
    ]);
    expect(month).toEqual({
      code: 1,
      stdout: '',
      stderr:
        '错误 / error: --at：“2026-13-45T09:00”不是有效的日期时间（没有 13 月）/ --at: "2026-13-45T09:00" is not a valid date and time (there is no month 13)\n',
    });
    expect(feb.stderr).toContain('--at：“2026-02-30”不是有效的日期时间（2026 年 2 月只有 28 天）');
    expect(deadline.code).toBe(1);
    expect(deadline.stderr).toContain('--deadline：“2026-02-30 17:00”不是有效的日期时间');
    expect(end.code).toBe(1);
    expect(end.stderr).toContain(
      '--end: "2027-02-30" is not a valid date and time (2027-02 has 28 days)',
    );
    expect(await sys.tdb.db.announcement.count({ where: { id: 'cli-date' } })).toBe(0);
    expect(await sys.tdb.db.censusCampaign.count()).toBe(0);
    expect(await sys.tdb.db.mentoringProgram.count()).toBe(0);
  });
});

describe('yz workflows and history', () => {
  it('workflows --type announcement lists the run through visibility', async () => {
    let found: { workflowId: string; type: string; status: string }[] = [];
    for (let i = 0; i < 20 && found.length === 0; i++) {
      found = json(
        await yz('workflows', '--type', 'announcement', '--key', 'announcement/cli-', '--json'),
      );
      if (!found.length) await new Promise((r) => setTimeout(r, 250));
    }
    expect(found.map((w) => [w.workflowId, w.type, w.status])).toEqual([
      ['announcement/cli-1', 'announcement', 'Completed'],
    ]);
    const text = await yz('workflows', '--type', 'announcement', '--key', 'announcement/cli-');
    expect(text.stdout).toMatch(
      /^工作流 workflow\s+类型 type\s+状态 status\s+业务 step\s+开始 started\n/,
    );
    // The business step is the announcement's search attribute YzStatus.
    expect(text.stdout).toMatch(
      /\nannouncement\/cli-1\s+announcement\s+Completed\s+completed\s+\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d\n时区 \/ time zone: 北京时间 Asia\/Shanghai\n$/,
    );
  });

  it('history tells what happened in business words, the steps behind --steps', async () => {
    const n = recipients.length;
    const told = await yz('history', 'announcement/cli-1');
    expect(told.code).toBe(0);
    const story = told.stdout.trimEnd().split('\n');
    expect(story[0]).toBe('announcement/cli-1  announcement  Completed  (Asia/Shanghai)');
    expect(story[2]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+开始 started\s+通知公告 announcement: announcementId=cli-1, unitIds=pudong\.s01$/,
    );
    expect(told.stdout).toMatch(new RegExp(`统计对象 audience counted: ${n} 人 people\\n`));
    expect(told.stdout).toMatch(
      new RegExp(
        `通知 announcement\\s+通知已发送 notices sent: 已发 ${n}，失败 0 / sent ${n}, failed 0\\n`,
      ),
    );
    expect(told.stdout).not.toMatch(/countAudience|resolveAudiencePage|sendNotices/);

    const r = await yz('history', 'announcement/cli-1', '--steps');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('announcement/cli-1  announcement  Completed  (Asia/Shanghai)');
    expect(lines[2]).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+started\s+announcement: announcementId=cli-1, unitIds=pudong\.s01$/,
    );
    expect(r.stdout).toMatch(
      new RegExp(`activity done\\s+sendNotices: ${n} people → sent ${n}, failed 0\\n`),
    );
    expect(lines.at(-2)).toMatch(
      new RegExp(`completed\\s+status completed, recipients ${n}, sent ${n}`),
    );
    expect(lines.at(-1)).toMatch(
      /^Web UI: http:\/\/ui\.test:8233\/namespaces\/default\/workflows\/announcement%2Fcli-1\/[\w-]+\/history$/,
    );
  });
});

describe('yz mail', () => {
  it('lists and reads what the sink received', async () => {
    const [allRun, mineRun, bad] = await Promise.all([
      yz('mail', 'list', '--limit', '100', '--json'),
      yz('mail', 'list', '--to', recipients[0]!, '--json'),
      yz('mail', 'list', '--limit', 'many'),
    ]);
    const all = json(allRun);
    expect(all.map((m: { to: string[] }) => m.to[0]).sort()).toEqual(recipients);
    const mine = json(mineRun);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ to: [recipients[0]], subject: '【通知】考前冲刺班开课' });

    const person = await sys.tdb.db.person.findFirstOrThrow({
      where: { contacts: { some: { value: recipients[0] } } },
    });
    const read = await yz('mail', 'read', mine[0].file);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain(`收件人 / to: ${recipients[0]}\n`);
    expect(read.stdout).toContain(`${person.name}，考前冲刺班周六开课。`);

    expect(bad.code).toBe(1);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^错误 \/ error: option '--limit <n>' argument 'many' is invalid/);
  });
});

describe('yz mail, by short reference', () => {
  it('reads a message by the number in the first column of the list, or a unique start of its file', async () => {
    const [listRun, allRun] = await Promise.all([
      yz('mail', 'list', '--limit', '2'),
      yz('mail', 'list', '--limit', '100', '--json'),
    ]);
    const lines = listRun.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^编号 no\.\s+收到 received\s+收件人 to\s+主题 subject\s+文件 file$/);
    const ref = lines[1]!.split(/\s+/)[0]!;
    expect(ref).toMatch(/^\d+$/);
    const all = json(allRun) as { ref: number; file: string; to: string[] }[];
    const newest = all.find((m) => String(m.ref) === ref)!;
    expect(newest).toBe(all[0]);
    const prefix = newest.file.slice(0, newest.file.lastIndexOf('-'));
    const [byRef, byPrefix, ambiguous, none] = await Promise.all([
      yz('mail', 'read', ref),
      yz('mail', 'read', prefix),
      yz('mail', 'read', newest.file.slice(0, 2)),
      yz('mail', 'read', '99999'),
    ]);
    expect(byRef.code).toBe(0);
    expect(byRef.stdout).toContain(`收件人 / to: ${newest.to[0]}\n`);
    expect(byRef.stdout).toContain(`文件 / file: ${newest.file}\n`);
    expect(byPrefix.stdout).toBe(byRef.stdout);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/^错误 \/ error: “\d\d”对应 \d+ 封邮件/);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('没有邮件“99999” / no mail "99999"');
  });

  it('a welcome that opens with its own greeting greets once', async () => {
    const sent = await yz(
      'announce',
      'send',
      '--id',
      'welcome-1',
      '--title',
      '欢迎使用雁阵',
      '--body',
      '{name}，您好！您所在的单位已接入雁阵平台。',
      '--person',
      'p-000003',
      '--wait',
    );
    expect(sent.code).toBe(0);
    const person = await sys.tdb.db.person.findUniqueOrThrow({
      where: { id: 'p-000003' },
      include: { contacts: true },
    });
    const [m] = json(await yz('mail', 'list', '--to', person.contacts[0]!.value, '--json')) as {
      ref: number;
      subject: string;
    }[];
    expect(m!.subject).toBe('【通知】欢迎使用雁阵');
    const read = await yz('mail', 'read', String(m!.ref));
    expect(read.stdout).toContain(`\n${person.name}，您好！您所在的单位已接入雁阵平台。\n`);
    expect(read.stdout.split('您好').length - 1).toBe(1);
    expect(read.stdout).not.toContain('Dear Dear');
  });
});

describe('yz announce send --wait, as text', () => {
  const sendWait = (id: string) => [
    'announce',
    'send',
    '--id',
    id,
    '--title',
    '督导会改期',
    '--body',
    '改至周四。',
    '--person',
    'p-000002',
    '--wait',
  ];

  it('prints the start and the outcome, and no progress lines when not on a terminal', async () => {
    const r = await yz(...sendWait('text-1'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '已开始 / started: announcement/text-1',
      '收件人 / recipients: 1',
    ]);
    expect(lines).not.toContain('completed: 1/1 已发送 / sent, 0 失败 / failed');
    expect(r.stdout).not.toContain('\r');
    expect(lines.slice(-5)).toEqual([
      'text-1  督导会改期',
      '状态 / status: completed',
      '已发送 / sent: 1/1   失败 / failed: 0',
      '工作流 / workflow: announcement/text-1',
      '时区 / time zone: 北京时间 Asia/Shanghai',
    ]);
    // Times read the Chinese way, the zone named once (at the end), no UTC ISO.
    expect(r.stdout).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    expect(r.stdout.match(/时区 \/ time zone/g)).toHaveLength(1);
  });

  it('shows its progress on one terminal line, cleared before the outcome; none with --json', async () => {
    const send = (id: string, ...more: string[]) => onTerminal(sys.env(), ...more, ...sendWait(id));
    const shown = await send('tty-1');
    expect(shown).toContain('\r\x1b[2K… completed: 1/1 已发送 / sent, 0 失败 / failed\r\x1b[2K');
    expect(shown).toContain('状态 / status: completed');
    const quiet = await send('tty-2', '--json');
    expect(quiet).not.toContain('\x1b');
    expect(JSON.parse(quiet)).toMatchObject({ id: 'tty-2', final: { status: 'completed' } });
  });

  it('reads a send time without an offset in the configured time zone', () => {
    expect(parseSendAt('2026-05-24 09:30', 'Asia/Shanghai', '--at')).toBe(
      '2026-05-24T01:30:00.000Z',
    );
    expect(parseSendAt('2026-05-24T09:30:15', 'Asia/Shanghai', '--at')).toBe(
      '2026-05-24T01:30:15.000Z',
    );
    expect(parseSendAt('2026-05-24T09:30:00+02:00', 'Asia/Shanghai', '--at')).toBe(
      '2026-05-24T07:30:00.000Z',
    );
    expect(() => parseSendAt('2026-13-45T09:00', 'Asia/Shanghai', '--at')).toThrow(
      /--at：“2026-13-45T09:00”不是有效的日期时间（没有 13 月）/,
    );
    expect(() => parseSendAt('2026-02-30 09:00', 'Asia/Shanghai', '--at')).toThrow(
      /2026-02 has 28 days/,
    );
  });
});

describe('yz registry', () => {
  beforeAll(async () => {
    const district = buildDistrict({ streets: 2, unitsPerStreet: 2, people: 24 });
    await loadRegistryFacts(sys.tdb.db, buildRegistryFacts(district));
  });

  it('imports as a dry run or refuses with --strict, exports, and reports', async () => {
    const roster = join(sys.mailDir, '..', `${Date.now()}-roster.csv`);
    writeFileSync(
      roster,
      [
        '姓名,手机,单位,岗位',
        '欧阳一帆,13900000001,pudong.s01.u01,社区工作者',
        '欧阳二帆,12345,pudong.s01.u01,社区工作者',
        '欧阳三帆,13900000003,nowhere,社区工作者',
      ].join('\n'),
    );
    const out = join(sys.mailDir, '..', `${Date.now()}-registry.xlsx`);
    const active = { active: true };
    const before = await sys.tdb.db.person.count();
    const [dry, strict, exported, report] = await Promise.all([
      yz('registry', 'import', roster, '--by', '协调员'),
      yz('registry', 'import', roster, '--strict', '--commit', '--json'),
      yz('registry', 'export', '--out', out, '--unit', 'pudong.s01'),
      yz('registry', 'report', '--unit', 'pudong', '--json'),
    ]);
    try {
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      const lines = dry.stdout.trimEnd().split('\n');
      expect(lines.slice(1)).toEqual([
        '新增 / create 1，更新 / update 0，未变 / unchanged 0，有误 / invalid 2',
        '未使用的列 / ignored: 无 / none',
        '问题 / problems (2):',
        expect.stringMatching(/^ {2}第3行 \/ row 3 {2}B 手机: ./),
        expect.stringMatching(/^ {2}第4行 \/ row 4 {2}C 单位: .*unit/),
        '将新增人员 / people to add (1):',
        expect.stringMatching(/^ {2}第2行 \/ row 2 {2}欧阳一帆 {2}p-[0-9a-f]+$/),
        '未写入（试运行）/ nothing written (dry run)',
      ]);

      expect(strict.code).toBe(1);
      expect(JSON.parse(strict.stdout)).toMatchObject({
        committed: false,
        counts: { create: 1, invalid: 2 },
      });
      expect(await sys.tdb.db.person.count()).toBe(before);
      expect(await sys.tdb.db.person.count({ where: { name: { startsWith: '欧阳' } } })).toBe(0);

      expect(exported.stderr).toBe('');
      expect(exported.stdout).toMatch(
        /^已写入 \/ written: .*registry\.xlsx \(\d+ 字节 \/ bytes\)\n$/,
      );
      expect(existsSync(out)).toBe(true);
      const sheet = await readSheet(readFileSync(out));
      expect(sheet.rows[0]!.slice(0, 2)).toEqual(['人员编号', '姓名']);
      expect(sheet.rows.length - 1).toBe(
        await sys.tdb.db.person.count({
          where: { ...active, unit: { path: { startsWith: '/pudong/pudong.s01/' } } },
        }),
      );

      const census = json(report);
      expect(census.unit).toEqual({ id: 'pudong', name: '浦东新区', kind: 'district' });
      expect(census.total.people).toBe(await sys.tdb.db.person.count({ where: active }));
      const byRole = await sys.tdb.db.person.groupBy({ by: ['role'], where: active, _count: true });
      expect(census.total.byRole).toEqual(
        Object.fromEntries(byRole.map((r) => [r.role, r._count])),
      );
      expect(census.children.map((c: { id: string }) => c.id)).toEqual([
        'pudong.s01',
        'pudong.s02',
      ]);
    } finally {
      rmSync(roster, { force: true });
      rmSync(out, { force: true });
    }
  });

  it('counts focus specialties written in Chinese as the codes, and refuses unknown ones', async () => {
    const [zhRun, codeRun, bad, ids] = await Promise.all([
      yz('registry', 'report', '--unit', 'pudong', '--focus', '家庭教育,心理健康', '--json'),
      yz(
        'registry',
        'report',
        '--unit',
        'pudong',
        '--focus',
        'family_education,mental_health',
        '--json',
      ),
      yz('registry', 'report', '--unit', 'pudong', '--focus', '家庭教育,烹饪'),
      yz('registry', 'report', '--unit', 'pudong', '--ids'),
    ]);
    const zh = json(zhRun);
    expect(zh.focusSpecialties).toEqual(['family_education', 'mental_health']);
    expect(zh.total.focusPeople).toBeGreaterThan(0);
    expect(zh.total.focusPeople).toBe(json(codeRun).total.focusPeople);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'focus: 未知的专长 unknown specialty "烹饪"（可选 known: 家庭教育 family_education、',
    );
    expect(ids.stdout.split('\n')[1]).toMatch(
      /^项目 figure\s+花木街道 pudong\.s01\s+\S+ pudong\.s02\s+合计 total$/,
    );
  });

  it('prints the census and the rate as tables', async () => {
    const [report, rate, bad] = await Promise.all([
      yz('registry', 'report', '--unit', 'pudong.s01', '--hours', '60'),
      yz('registry', 'rate', '--unit', 'pudong', '--since', '2020-01-01', '--target-rate', '60'),
      yz('registry', 'rate', '--unit', 'pudong', '--since', '2020-13-01'),
    ]);
    const people = await sys.tdb.db.person.count({
      where: { active: true, unit: { path: { startsWith: '/pudong/pudong.s01/' } } },
    });
    expect(report.code).toBe(0);
    const lines = report.stdout.split('\n');
    expect(lines[0]).toBe('花木街道 pudong.s01 — 人才资源库统计 / talent census');
    const [n1, n2] = (
      await sys.tdb.db.organisation.findMany({
        where: { parentId: 'pudong.s01' },
        orderBy: { id: 'asc' },
      })
    ).map((u) => u.name);
    expect(lines[1]).toMatch(new RegExp(`^项目 figure\\s+${n1}\\s+${n2}\\s+合计 total$`));
    expect(lines[2]).toMatch(new RegExp(`^人数 / people\\s+\\d+\\s+\\d+\\s+${people}$`));
    const c = await censusReport({ db: sys.tdb.db }, { unitId: 'pudong.s01', hoursThreshold: 60 });
    expect(c.total.trained).toBeGreaterThan(0);
    const [u1, u2] = c.children.map((u) => u.value.trained);
    expect(report.stdout).toMatch(
      new RegExp(`\\n培训≥60学时 / ≥60 training hours\\s+${u1}\\s+${u2}\\s+${c.total.trained}\\n`),
    );

    expect(rate.code).toBe(0);
    const want = await certificationRate(
      { db: sys.tdb.db },
      { unitId: 'pudong', since: '2020-01-01', target: { rate: 60 } },
    );
    expect(want.unit.certified).toBeGreaterThan(0);
    const { people: n, certified, verdict: v } = want.unit;
    const change = v.change!.toFixed(1);
    expect(rate.stdout).toMatch(
      new RegExp(
        `\\n浦东新区 \\(合计 total\\)\\s+${n}\\s+${certified}\\s+${(v.rate * 100).toFixed(1)}%\\s+${change}\\s+${v.met ? '达成 met' : '未达成 not met'}\\n`,
      ),
    );
    expect(rate.stdout).toContain(`\n${v.summary}\n${v.summaryEn}\n`);
    expect(v.summary).toMatch(/，目标 60\.0%，(未)?达成$/);
    expect(bad).toEqual({
      code: 1,
      stdout: '',
      stderr:
        '错误 / error: since 须为形如 2024-01-01 的日期 / since must be a date like 2024-01-01, got "2020-13-01"\n',
    });
  });
});
