/**
 * The exam campaign report on both providers, from facts written directly (no workflow needed):
 * the funnel per street and for the district, prep hours from the referenced course series only,
 * "sat" and "passed" from the results by the pass rules (carry-over included), the certification
 * rate before the campaign and now against the target, and the XLSX export read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examCampaignReport, exportExamReport } from '../../client/operations/exam/reports';
import { readSheet } from '../../store/registry/roster/read';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';
import { seedCampaignFacts } from '../harness/examFacts';

describe.each(providersUnderTest())('exam campaign report on %s', (provider) => {
  let tdb: TestDb;
  const now = () => new Date('2025-09-01T00:00:00Z');
  beforeAll(async () => {
    tdb = await createTestDb(provider);
    await seedCampaignFacts(tdb);
  });
  afterAll(async () => tdb?.close());

  it('counts the funnel per street and for the district', async () => {
    const r = await examCampaignReport({ db: tdb.db, now }, { campaignId: 'rpt-2025' });
    expect(r.unit).toMatchObject({ id: 'pudong', kind: 'district' });
    expect(r.seriesIds).toEqual(['prep-2025']);
    const funnel = (u: (typeof r)['total']) => [
      u.id,
      u.mobilized,
      u.registered,
      u.attendedPrep,
      u.prepHours,
      u.sat,
      u.passed,
      u.passRate,
    ];
    expect(r.children.map(funnel)).toEqual([
      ['pudong.s01', 6, 5, 1, 5.5, 2, 1, 0.5],
      ['pudong.s02', 6, 2, 1, 3, 2, 1, 0.5],
    ]);
    expect(funnel(r.total)).toEqual(['pudong', 12, 7, 2, 8.5, 4, 2, 0.5]);
  });

  it('judges the certification rate before and after against the targets', async () => {
    const r = await examCampaignReport({ db: tdb.db, now }, { campaignId: 'rpt-2025' });
    expect(r.total).toMatchObject({ people: 20, certifiedBefore: 2, certified: 4 });
    expect(r.total.rateBefore).toBeCloseTo(0.1, 9);
    expect(r.total.rateNow).toBeCloseTo(0.2, 9);
    expect(r.total.change).toBeCloseTo(10, 9);
    expect(r.total.summary).toBe(
      '持证率 20.0%，较 2025-03-01 +10.0 个百分点，目标 +10.0 个百分点，已达成',
    );
    expect(r.children.map((c) => [c.id, c.people, c.certifiedBefore, c.certified])).toEqual([
      ['pudong.s01', 10, 1, 2],
      ['pudong.s02', 10, 1, 2],
    ]);
    expect(r.targets).toEqual({
      registrations: { target: 8, actual: 7, met: false },
      passes: { target: 2, actual: 2, met: true },
      certificationRateChange: { target: 10, actual: expect.closeTo(10, 9), met: true },
    });
  });

  it('reports one street by its units, and names an unknown unit or campaign', async () => {
    const r = await examCampaignReport(
      { db: tdb.db, now },
      { campaignId: 'rpt-2025', unitId: 'pudong.s01' },
    );
    expect(
      r.children.map((c) => [c.id, c.mobilized, c.registered, c.sat, c.passed, c.prepHours]),
    ).toEqual([
      ['pudong.s01.u01', 3, 2, 1, 0, 0],
      ['pudong.s01.u02', 3, 3, 1, 1, 5.5],
    ]);
    expect(r.total).toMatchObject({ mobilized: 6, people: 10 });
    await expect(
      examCampaignReport({ db: tdb.db }, { campaignId: 'rpt-2025', unitId: 'nowhere' }),
    ).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('unknown unit id: nowhere'),
    });
    await expect(examCampaignReport({ db: tdb.db }, { campaignId: 'nope' })).rejects.toMatchObject({
      status: 404,
      message: '没有报考动员“nope” / no exam campaign "nope"',
    });
  });

  it('exports the report as XLSX that reads back', async () => {
    const file = await exportExamReport({ db: tdb.db, now }, { campaignId: 'rpt-2025' });
    expect(file.fileName).toBe('exam-report-rpt-2025.xlsx');
    const sheet = await readSheet(file.bytes, { name: file.fileName });
    expect(sheet.rows[0]!.slice(0, 9)).toEqual([
      '单位编号',
      '单位',
      '动员人数',
      '报名人数',
      '参加辅导人数',
      '辅导课时',
      '参考人数',
      '通过人数',
      '通过率(%)',
    ]);
    const total = sheet.rows[3]!.map(String);
    expect(total.slice(0, 13)).toEqual([
      'pudong',
      '浦东新区（合计）',
      '12',
      '7',
      '2',
      '8.5',
      '4',
      '2',
      '50',
      '20',
      '10',
      '20',
      '10',
    ]);
  });
});
