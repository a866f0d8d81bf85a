/**
 * The registered-list check on both providers: every kind of bad row named by its row (unknown
 * person, duplicate, outside the campaign, ended journey, wrong year or level, empty id), people
 * found by ID-card number through its hash, an XLSX, and who is still to register versus
 * registered already. Nothing is written by the check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExamRegistrations } from '../../../store/exam/registrations';
import { installationIdCardHasher } from '../../../store/registry/idCardHasher';
import { writeTable } from '../../../store/registry/table';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';
import { idCard } from '../registry/fixtures';

const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));
const CARD = idCard('31011519900101123');

describe.each(providersUnderTest())('registered-list check on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    const { db } = tdb;
    await loadDistrict(db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 8 }));
    await db.person.update({
      where: { id: 'p-000005' },
      data: { idCardHash: (await installationIdCardHasher(db))(CARD) },
    });
    await db.examCampaign.create({
      data: {
        id: 'reg-2025',
        name: 'x',
        examYear: 2025,
        definition: JSON.stringify({ levels: ['assistant_social_worker'], engine: 2 }),
        status: 'running',
        workflowId: 'exam-mobilization/reg-2025',
        createdBy: 't',
      },
    });
    const status = ['invited', 'invited', 'registered', 'withdrawn', 'invited', 'not_registered'];
    await db.examParticipant.createMany({
      data: status.map((s, i) => ({
        campaignId: 'reg-2025',
        personId: `p-00000${i + 1}`,
        level: 'assistant_social_worker',
        status: s,
      })),
    });
  });
  afterAll(async () => tdb?.close());
  const check = (bytes: Uint8Array, name = 'registered.csv') =>
    checkExamRegistrations(tdb.db, { campaignId: 'reg-2025', bytes, name });

  it('names every bad row and writes nothing', async () => {
    const before = await tdb.db.examParticipant.findMany({ orderBy: { personId: 'asc' } });
    const r = await check(
      csv([
        '人员编号,姓名,考试年度,级别,报名号',
        'p-000001,甲,2025,助理社会工作师,A1',
        'p-999999,乙,2025,助理社会工作师,A2',
        'p-000001,甲,2025,助理社会工作师,A3',
        'p-000007,丙,2025,助理社会工作师,A4',
        'p-000002,丁,2024,助理社会工作师,A5',
        'p-000004,戊,2025,,A6',
        ',己,2025,,A7',
        'p-000002,丁,,社会工作师,A8',
        'p-000006,庚,2025,初级,A9',
        'p-000003,辛,2025,烹饪,A10',
      ]),
    );
    expect(r.problems).toEqual([
      {
        row: 3,
        field: 'person_id',
        column: 'A 人员编号',
        message: '未知人员编号 p-999999 / unknown person id p-999999',
      },
      {
        row: 4,
        field: 'person_id',
        column: 'A 人员编号',
        message: '与第 2 行重复（p-000001）/ duplicates row 2 (p-000001 again)',
      },
      {
        row: 5,
        field: 'person_id',
        column: 'A 人员编号',
        message: 'p-000007 不在报考动员“reg-2025”中 / p-000007 is not in exam campaign "reg-2025"',
      },
      {
        row: 6,
        field: 'exam_year',
        column: 'C 考试年度',
        message: `考试年度“2024”与本次动员（2025）不符 / exam year "2024" is not this campaign's (2025)`,
      },
      {
        row: 7,
        field: 'person_id',
        column: 'A 人员编号',
        message:
          "p-000004 的报考流程已结束（已退出），无法报名 / p-000004's journey has ended (withdrawn): cannot register",
      },
      {
        row: 8,
        field: 'person_id',
        column: 'A 人员编号',
        message: '既无人员编号也无身份证号 / neither a person id nor an ID-card number',
      },
      {
        row: 9,
        field: 'level',
        column: 'D 级别',
        message:
          "级别 社会工作师 与本次动员（助理社会工作师）不符 / level 社会工作师 is not this campaign's (助理社会工作师)",
      },
      {
        row: 9,
        field: 'person_id',
        column: 'A 人员编号',
        message: '与第 6 行重复（p-000002）/ duplicates row 6 (p-000002 again)',
      },
      {
        row: 10,
        field: 'person_id',
        column: 'A 人员编号',
        message:
          "p-000006 的报考流程已结束（未报名），无法报名 / p-000006's journey has ended (not_registered): cannot register",
      },
      {
        row: 11,
        field: 'level',
        column: 'D 级别',
        message: '“烹饪”不是考试级别 / "烹饪" is not an exam level',
      },
    ]);
    expect(r.rows).toBe(10);
    expect(r.toRegister).toEqual(['p-000001']);
    expect(await tdb.db.examParticipant.findMany({ orderBy: { personId: 'asc' } })).toEqual(before);
  });

  it('reads an XLSX, finds people by ID-card number, sorts out the registered', async () => {
    const bytes = await writeTable(
      {
        title: '报名名单',
        headers: ['身份证号', '人员编号', '姓名', '考试年度', '报考级别'],
        rows: [
          [CARD, null, '甲', 2025, '助理社会工作师'],
          [null, 'p-000001', '乙', 2025, 'assistant_social_worker'],
          [null, 'p-000003', '丙', null, null],
          [idCard('11010119800101002'), null, '丁', 2025, null],
        ],
      },
      'xlsx',
    );
    const r = await check(bytes, 'registered.xlsx');
    expect(r.problems).toEqual([
      {
        row: 5,
        field: 'id_card',
        column: 'A 身份证号',
        message: '没有持此身份证号的人员 / no person with this ID-card number',
      },
    ]);
    expect(r.problems[0]!.message).not.toContain('1101');
    expect([r.toRegister, r.already]).toEqual([['p-000005', 'p-000001'], ['p-000003']]);
  });

  it('passes over a title row above the header; refuses a file without a person column', async () => {
    const titled = await check(
      csv([
        '2025年社会工作者职业水平考试报名名单',
        '人员编号,考试年度',
        'p-000002,2025',
        'p-404,2025',
      ]),
    );
    expect(titled.toRegister).toEqual(['p-000002']);
    expect(titled.problems).toEqual([
      {
        row: 4,
        field: 'person_id',
        column: 'A 人员编号',
        message: '未知人员编号 p-404 / unknown person id p-404',
      },
    ]);

    await expect(check(csv(['姓名,考试年度', '甲,2025']))).rejects.toThrow(
      '报名名单须有人员编号 (person_id) 或身份证号 (id_card) 列 / the registered list needs a 人员编号 (person_id) or 身份证号 (id_card) column',
    );
  });
});
