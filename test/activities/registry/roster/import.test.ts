import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRosterFile, type RosterReport } from '../../../../store/registry/roster/import';
import { installationIdCardHasher, type IdCardHash } from '../../../../store/registry/idCardHasher';
import { createTestDb, providersUnderTest, type TestDb } from '../../../harness/db';
import { EXISTING_ID_CARD, idCard, seedRegistry, tempDir, writeRoster } from '../fixtures';

const TODAY = new Date('2026-01-01T00:00:00Z');
const HEADER = [
  '人员编号',
  '姓名',
  '手机',
  '邮箱',
  '单位',
  '岗位',
  '证书等级',
  '取证日期',
  '专长',
  '身份证号',
];
const GOOD_ID = idCard('31011519900315002');
const U = 'pudong.s01.u01';

/** Row 2 onwards; each bad row has exactly one kind of problem. */
const ROWS: [string, (string | number | null)[]][] = [
  [
    'create',
    [
      'p-100',
      '张伟',
      '13800000001',
      'zw@example.cn',
      U,
      '社区工作者',
      '社会工作师',
      '2022-06-01',
      '家庭教育、心理健康',
      GOOD_ID,
    ],
  ],
  ['create', ['', '李娜', '13900000002', '', '花木街道第1居委会', '社工机构社工', '', '', '', '']],
  ['bad_phone', ['p-101', '王芳', '12345', '', U, '督导', '', '', '', '']],
  ['bad_email', ['p-102', '刘洋', '', 'not-mail', U, '志愿者', '', '', '', '']],
  ['unknown_unit', ['p-103', '陈杰', '', '', '不存在的单位', '社区工作者', '', '', '', '']],
  ['ambiguous_unit', ['p-104', '杨娟', '', '', '同名服务站', '社区工作者', '', '', '', '']],
  ['unknown_role', ['p-105', '黄涛', '', '', U, '厨师', '', '', '', '']],
  ['unknown_level', ['p-106', '赵明', '', '', U, '社区工作者', '特级社工师', '2022-06-01', '', '']],
  ['unknown_specialty', ['p-107', '吴超', '', '', U, '社区工作者', '', '', '烹饪', '']],
  ['bad_date', ['p-108', '周霞', '', '', U, '社区工作者', '助理社会工作师', '2023-02-30', '', '']],
  [
    'future_date',
    ['p-109', '徐平', '', '', U, '社区工作者', '助理社会工作师', '2099-01-01', '', ''],
  ],
  ['bad_id_card', ['p-110', '孙刚', '', '', U, '社区工作者', '', '', '', '310115199003150021']],
  ['duplicate_in_file', ['p-111', '马英', '13800000001', '', U, '社区工作者', '', '', '', '']],
  ['missing_value', ['p-112', '', '', '', U, '社区工作者', '', '', '', '']],
  ['no_key', ['', '朱华', '', '', U, '社区工作者', '', '', '', '']],
  ['date_without_level', ['p-113', '胡玉', '', '', U, '社区工作者', '', '2022-06-01', '', '']],
  ['bad_person_id', ['p 114!', '郭萍', '', '', U, '社区工作者', '', '', '', '']],
  ['bad_name', ['p-115', '13800001111', '', '', U, '社区工作者', '', '', '', '']],
  ['conflict_existing', ['p-116', '何红', '13700000001', '', U, '社区工作者', '', '', '', '']],
  ['conflict_existing', ['p-117', '高娥', '', '', U, '社区工作者', '', '', '', EXISTING_ID_CARD]],
  ['blank', ['', '', '', '', '', '', '', '', '', '']],
  ['update', ['p-000002', '吴静', '', '', 'pudong.s02.u01', '督导', '', '', '', '']],
  ['unchanged', ['p-000001', '周敏', '', '', U, '社区工作者', '', '', '', '']],
];
const BAD_KINDS = new Set(
  ROWS.map(([k]) => k).filter((k) => !['create', 'update', 'unchanged', 'blank'].includes(k)),
);

const problemsByRow = (r: RosterReport) =>
  Object.fromEntries(
    ROWS.map(([,], i) => i + 2)
      .filter((row) => r.problems.some((p) => p.row === row))
      .map((row) => [row, r.problems.filter((p) => p.row === row).map((p) => p.code)]),
  );

const expectedProblems = Object.fromEntries(
  ROWS.map(([k], i) => [i + 2, k] as const)
    .filter(([, k]) => BAD_KINDS.has(k))
    .map(([row, k]) => [row, [k]]),
);

describe.each(providersUnderTest())('roster import on %s', (provider) => {
  let t: TestDb;
  let dir: string;
  let hash: IdCardHash;
  beforeAll(async () => {
    t = await createTestDb(provider);
    await seedRegistry(t.db);
    hash = await installationIdCardHasher(t.db);
    dir = tempDir();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (path: string, extra: Partial<Parameters<typeof importRosterFile>[1]> = {}) =>
    importRosterFile(t.db, {
      bytes: readFileSync(path),
      name: path,
      hashIdCard: hash,
      recordedBy: 'tester',
      today: TODAY,
      ...extra,
    });

  it(`reports ${BAD_KINDS.size} kinds of bad rows by row and column, and writes nothing on a dry run`, async () => {
    expect(BAD_KINDS.size).toBeGreaterThanOrEqual(15);
    for (const name of ['bad.xlsx', 'bad.csv']) {
      const path = await writeRoster(dir, name, [HEADER, ...ROWS.map(([, r]) => r)]);
      const report = await run(path);
      expect(report.format).toBe(name.slice(4));
      expect(problemsByRow(report)).toEqual(expectedProblems);
      expect(report.committed).toBe(false);
      expect(report.rows).toBe(ROWS.length - 1);
      expect(report.counts).toEqual({
        create: 2,
        update: 1,
        unchanged: 1,
        invalid: Object.keys(expectedProblems).length,
      });
      // Every reason reads in Chinese first, the English beside it.
      for (const p of report.problems) expect(p.message).toMatch(/^\P{ASCII}.*\/ .*[a-z]/u);
      const phone = report.problems.find((p) => p.code === 'bad_phone')!;
      expect(phone).toMatchObject({ row: 4, field: 'phone', column: 'C 手机', value: '12345' });
      const id = report.problems.find((p) => p.code === 'bad_id_card')!;
      expect(id.column).toBe('J 身份证号');
      expect(id.value).toBe('3101**********0021'); // never echoed in clear
      expect(report.problems.find((p) => p.row === 14)!.message).toBe(
        '与第 2 行的手机重复 / repeats the phone of row 2',
      );
      expect(report.problems.find((p) => p.row === 20)!.message).toBe(
        '此手机号属于人员 p-000001 / this phone belongs to person p-000001',
      );
      expect(report.problems.find((p) => p.row === 21)!.message).toBe(
        '此身份证号属于人员 p-000001 / this ID-card number belongs to person p-000001',
      );
      expect(report.outcomes.find((o) => o.row === 23)).toMatchObject({
        personId: 'p-000002',
        action: 'update',
        changes: ['role'],
      });
      expect(await t.db.person.count()).toBe(2);
    }
  });

  it('strict commit writes nothing when any row has a problem', async () => {
    const path = await writeRoster(dir, 'strict.xlsx', [HEADER, ...ROWS.map(([, r]) => r)]);
    const report = await run(path, { commit: true, strict: true });
    expect(report.committed).toBe(false);
    expect(await t.db.person.count()).toBe(2);
    expect((await t.db.person.findUnique({ where: { id: 'p-000002' } }))!.role).toBe(
      'community_worker',
    );
  });

  it('commit writes the valid rows in one go; importing the file again changes nothing', async () => {
    const path = await writeRoster(dir, 'commit.xlsx', [HEADER, ...ROWS.map(([, r]) => r)]);
    const report = await run(path, { commit: true });
    expect(report.committed).toBe(true);
    expect(report.counts).toMatchObject({ create: 2, update: 1, unchanged: 1 });
    const zhang = await t.db.person.findUniqueOrThrow({
      where: { id: 'p-100' },
      include: { contacts: true, specialties: true, certificates: true },
    });
    expect(zhang).toMatchObject({ name: '张伟', unitId: U, role: 'community_worker' });
    expect(zhang.idCardHash).toBe(hash(GOOD_ID));
    expect(zhang.idCardMasked).toBe('3101**********' + GOOD_ID.slice(-4));
    expect(zhang.contacts.map((c) => [c.kind, c.value]).sort()).toEqual([
      ['email', 'zw@example.cn'],
      ['phone', '13800000001'],
    ]);
    expect(zhang.specialties.map((s) => s.specialty).sort()).toEqual([
      'family_education',
      'mental_health',
    ]);
    expect(zhang.certificates).toMatchObject([
      { level: 'social_worker', obtainedOn: new Date('2022-06-01T00:00:00Z') },
    ]);
    const li = report.outcomes.find((o) => o.row === 3)!;
    expect(li.personId).toMatch(/^p-[0-9a-f]{12}$/);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: li.personId } })).unitId).toBe(U);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: 'p-000002' } })).role).toBe(
      'supervisor',
    );
    const count = await t.db.person.count();

    const again = await run(path, { commit: true });
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 4 });
    expect(again.outcomes.find((o) => o.row === 3)!.personId).toBe(li.personId); // matched by phone
    expect(await t.db.person.count()).toBe(count);
  });

  it('updates what a later file corrects: certificate, specialties, phone', async () => {
    const path = await writeRoster(dir, 'fix.csv', [
      HEADER,
      [
        'p-100',
        '张伟',
        '13800000009',
        '',
        U,
        '社区工作者',
        '社会工作师',
        '2022/6/2',
        '养老服务',
        '',
      ],
    ]);
    const dry = await run(path);
    expect(dry.outcomes).toMatchObject([
      { personId: 'p-100', action: 'update', changes: ['phone', 'specialties', 'certificate'] },
    ]);
    await run(path, { commit: true });
    const zhang = await t.db.person.findUniqueOrThrow({
      where: { id: 'p-100' },
      include: { contacts: true, specialties: true, certificates: true },
    });
    expect(zhang.contacts.filter((c) => c.kind === 'phone').map((c) => c.value)).toEqual([
      '13800000009',
    ]);
    expect(zhang.specialties.map((s) => s.specialty)).toEqual(['elderly_care']);
    expect(zhang.certificates[0]!.obtainedOn).toEqual(new Date('2022-06-02T00:00:00Z'));
    expect((await run(path)).counts.unchanged).toBe(1);
  });

  it('reads XLSX cells as offices leave them: a title row, numbers, dates, English headers', async () => {
    const path = await writeRoster(dir, 'cells.xlsx', [
      ['花木街道社工人才登记表'],
      ['name', 'phone', 'unit', 'role', 'certificate_level', 'certificate_date', 'id_card'],
      [
        '郑爽',
        13800000077,
        U,
        'volunteer',
        'assistant_social_worker',
        new Date('2021-10-01T00:00:00Z'),
        '',
      ],
      ['梁冰', 13800000078, U, 'volunteer', '', '', 310115199003150020],
    ]);
    const report = await run(path);
    expect(report.counts.create).toBe(1);
    expect(report.problems).toMatchObject([
      { row: 4, code: 'bad_id_card', message: expect.stringMatching(/lost digits/) },
    ]);
  });

  it('reads GB18030 CSV as Excel saves it on Chinese Windows', async () => {
    const gbk =
      'd0d5c3fb2ccad6bbfa2cb5a5cebb2cb8dacebb0d0acdf5ceb02c31333830303030303039392c7075646f6e672e7330312e7530312cc9e7c7f8b9a4d7f7d5df0d0a';
    const report = await importRosterFile(t.db, {
      bytes: Buffer.from(gbk, 'hex'),
      hashIdCard: hash,
      recordedBy: 'tester',
      today: TODAY,
    });
    expect(report.problems).toEqual([]);
    expect(report.outcomes).toMatchObject([{ action: 'create' }]);
  });
});

describe('roster files that cannot be imported', () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDb('sqlite');
    dir = tempDir();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const attempt = (bytes: Uint8Array) =>
    importRosterFile(t.db, {
      bytes,
      name: 'roster',
      hashIdCard: String,
      recordedBy: 't',
      today: TODAY,
    });

  it('an empty file, a blank one, a PDF, an old .xls, a broken .xlsx, a missing column', async () => {
    const empty = '文件“roster”是空的 / roster is empty';
    await expect(attempt(new Uint8Array())).rejects.toThrow(empty);
    await expect(attempt(Buffer.from('\uFEFF\r\n ,\r\n'))).rejects.toThrow(empty);
    await expect(attempt(Buffer.from('%PDF-1.7\n\u0000\u0001binary'))).rejects.toThrow(
      '文件“roster”不是表格：应为 .xlsx 工作簿或 CSV 文本 / roster is not a spreadsheet',
    );
    await expect(
      attempt(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])),
    ).rejects.toThrow(
      /^文件“roster”是旧版 Excel \.xls 工作簿：请另存为 \.xlsx 或 CSV（UTF-8）后再导入 \/ roster is an old Excel \.xls workbook: save it as \.xlsx or CSV/,
    );
    const xlsx = readFileSync(await writeRoster(dir, 'ok.xlsx', [['姓名', '单位', '岗位']]));
    await expect(attempt(xlsx.subarray(0, xlsx.length / 2))).rejects.toThrow(
      '文件“roster”不是表格：是 ZIP 压缩包，但不是 .xlsx 工作簿 / roster is not a spreadsheet: a ZIP archive but no .xlsx workbook',
    );
    await expect(attempt(Buffer.from('姓名,手机\n王伟,13800000001\n'))).rejects.toThrow(
      '缺少必填列：单位 (unit), 岗位 (role)；表头行现有：姓名, 手机 / missing required column(s): 单位 (unit), 岗位 (role)',
    );
    await expect(attempt(Buffer.from('姓名,单位\n"王伟,x\n'))).rejects.toThrow(
      '文件“roster”：第 2 行开始的引号字段没有结束引号 / roster: a quoted field opened on line 2 is never closed',
    );
  });

  it('a format that does not match the contents', async () => {
    await expect(
      importRosterFile(t.db, {
        bytes: Buffer.from('姓名,单位,岗位\n'),
        name: 'r.xlsx',
        format: 'xlsx',
        hashIdCard: String,
        recordedBy: 't',
        today: TODAY,
      }),
    ).rejects.toThrow(
      '文件“r.xlsx”按 xlsx 提交，内容却是 csv / r.xlsx was given as xlsx but holds csv',
    );
  });
});
