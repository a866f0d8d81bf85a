import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importExamResults } from '../../../store/exam/results';
import { buildDistrict, loadDistrict } from '../../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../../harness/db';

const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));
const HEAD = '人员编号,姓名,考试年度,科目,成绩';

describe.each(providersUnderTest())('exam results import on %s', (provider) => {
  let tdb: TestDb;
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await loadDistrict(tdb.db, buildDistrict({ streets: 1, unitsPerStreet: 1, people: 5 }));
  });
  afterAll(async () => {
    await tdb?.close();
  });
  const run = (lines: string[], opts: { commit?: boolean; strict?: boolean } = {}) =>
    importExamResults(tdb.db, { bytes: csv(lines), name: 'results.csv', ...opts });

  it('reports bad rows by row and column, writes nothing for them', async () => {
    const report = await run(
      [
        HEAD,
        'p-000001,甲,2024,社会工作综合能力（中级）,65',
        'p-999999,乙,2024,社会工作实务（中级）,70',
        'p-000002,丙,2024,烹饪,70',
        'p-000002,丙,2024,社会工作实务（中级）,101',
        'p-000002,丙,24,social_worker,50',
        'p-000001,甲,2024,comprehensive_intermediate,66',
      ],
      { commit: true },
    );
    expect(report.problems).toEqual([
      {
        row: 3,
        column: 'A 人员编号',
        message: '未知人员编号 p-999999 / unknown person id p-999999',
      },
      { row: 4, column: 'D 科目', message: '“烹饪”不是考试科目 / "烹饪" is not an exam subject' },
      {
        row: 5,
        column: 'E 成绩',
        message: '“101”不是 0 到 100 的分数 / "101" is not a score from 0 to 100',
      },
      { row: 6, column: 'C 考试年度', message: '“24”不是考试年度 / "24" is not an exam year' },
      {
        row: 6,
        column: 'D 科目',
        message: '“social_worker”不是考试科目 / "social_worker" is not an exam subject',
      },
      {
        row: 7,
        column: 'D 科目',
        message:
          '与第 2 行重复（同一人、年度和科目） / duplicates row 2 (same person, year and subject)',
      },
    ]);
    expect(report.counts).toEqual({ create: 1, update: 0, unchanged: 0, invalid: 5 });
    expect(await tdb.db.examSubjectResult.count()).toBe(1);
  });

  it('strict writes nothing when any row is bad', async () => {
    const r = await run(
      [HEAD, 'p-000003,丁,2024,社会工作实务（初级）,70', 'p-000003,丁,2024,x,1'],
      {
        commit: true,
        strict: true,
      },
    );
    expect(r.committed).toBe(false);
    expect(await tdb.db.examSubjectResult.count({ where: { personId: 'p-000003' } })).toBe(0);
  });

  it('carries passed subjects over to the next year and finds the pass', async () => {
    const y2024 = [
      HEAD,
      'p-000004,戊,2024,社会工作综合能力（中级）,72',
      'p-000004,戊,2024,社会工作实务（中级）,55',
      'p-000004,戊,2024,社会工作法规与政策,61',
    ];
    const first = await run(y2024, { commit: true });
    expect(first.verdicts).toEqual([
      {
        personId: 'p-000004',
        level: 'social_worker',
        verdict: {
          passed: false,
          carried: ['comprehensive_intermediate', 'regulations_policy'],
          missing: ['practice_intermediate'],
        },
      },
    ]);
    expect((await run(y2024, { commit: true })).counts).toMatchObject({ create: 0, unchanged: 3 });
    const second = await run([HEAD, 'p-000004,戊,2025,社会工作实务（中级）,63'], { commit: true });
    expect(second.verdicts[0]!.verdict).toMatchObject({ passed: true, certifiedYear: 2025 });
    const stored = await tdb.db.examSubjectResult.findMany({ where: { personId: 'p-000004' } });
    expect(stored.filter((s) => s.passed)).toHaveLength(3);
  });

  it('a corrected score updates the row', async () => {
    await run([HEAD, 'p-000005,己,2025,社会工作实务（初级）,58'], { commit: true });
    const r = await run([HEAD, 'p-000005,己,2025,社会工作实务（初级）,60'], { commit: true });
    expect(r.counts).toMatchObject({ update: 1 });
    const row = await tdb.db.examSubjectResult.findFirstOrThrow({
      where: { personId: 'p-000005' },
    });
    expect(row).toMatchObject({ score: 60, passed: true, level: 'assistant_social_worker' });
  });

  it('a file without a person column is refused with one clear error', async () => {
    await expect(
      run(['姓名,考试年度,科目,成绩', '甲,2024,社会工作实务（初级）,70']),
    ).rejects.toThrow(
      '成绩文件须有人员编号 (person_id) 或身份证号 (id_card) 列 / results need a 人员编号 (person_id) or 身份证号 (id_card) column',
    );
  });
});
