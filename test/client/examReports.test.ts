/**
 * The exam campaign report on both providers, from facts written directly (no workflow needed):
 * the funnel per street and for the district, prep hours from the referenced course series only,
 * "sat" and "passed" from the results by the pass rules (carry-over included), the certification
 * rate before the campaign and now against the target, and the XLSX export read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examCampaignReport, exportExamReport } from '../../client/examReports';
import { readSheet } from '../../activities/registry/roster/read';
import { buildDistrict, loadDistrict, personId } from '../../scripts/demo/district';
import { createTestDb, providersUnderTest, type TestDb } from '../harness/db';

const P = (n: number) => personId(n);

/** Two streets of two units, 20 people; person i is in unit i mod 4 (see district.ts). */
export async function seedCampaignFacts(tdb: TestDb): Promise<void> {
  const { db } = tdb;
  await loadDistrict(db, buildDistrict({ streets: 2, unitsPerStreet: 2, people: 20 }));
  const series = (id: string, sessions: [string, number][]) =>
    db.courseSeries.create({
      data: {
        id,
        title: id,
        coordinatorId: P(20),
        reminderOffsets: '[]',
        minTenths: 10,
        timeZone: 'Asia/Shanghai',
        status: 'running',
        workflowId: `course/${id}`,
        createdBy: 't',
        sessions: {
          create: sessions.map(([sessionId, hoursTenths], i) => ({
            sessionId,
            title: sessionId,
            mode: 'offline',
            place: '302',
            teacher: 't',
            hoursTenths,
            startsAt: new Date(Date.UTC(2025, 3, 10 + i, 1)),
            endsAt: new Date(Date.UTC(2025, 3, 10 + i, 4)),
          })),
        },
      },
    });
  await series('prep-2025', [
    ['s1', 30],
    ['s2', 25],
  ]);
  await series('other', [['o1', 40]]);
  const mark = (seriesId: string, sessionId: string, n: number, status: string) => ({
    seriesId,
    sessionId,
    personId: P(n),
    status,
    source: 'coordinator',
    recordedBy: 't',
  });
  await db.courseAttendance.createMany({
    data: [
      mark('prep-2025', 's1', 1, 'present'),
      mark('prep-2025', 's2', 1, 'present'),
      mark('prep-2025', 's1', 2, 'late'),
      mark('prep-2025', 's1', 3, 'absent'),
      mark('prep-2025', 's1', 4, 'excused'),
      mark('prep-2025', 's1', 13, 'present'), // not mobilized
      mark('other', 'o1', 5, 'present'), // a series the campaign does not reference
    ],
  });
  await db.examCampaign.create({
    data: {
      id: 'rpt-2025',
      name: '2025年报考动员',
      examYear: 2025,
      status: 'running',
      workflowId: 'exam-mobilization/rpt-2025',
      createdBy: 't',
      createdAt: new Date('2025-03-01T00:00:00Z'),
      definition: JSON.stringify({
        id: 'rpt-2025',
        levels: ['social_worker'],
        cohort: { unitIds: ['pudong.s01', 'pudong.s02'] },
        classes: [
          { id: 'prep', kind: 'online_course', seriesId: 'prep-2025', classHours: 5.5 },
          { id: 'sprint', kind: 'sprint_class', capacity: 10, classHours: 8 },
        ],
        targets: { registrations: 8, passes: 2, certificationRateChange: 10 },
      }),
    },
  });
  const status: Record<number, [string, boolean]> = {
    1: ['passed', true],
    2: ['passed', true],
    3: ['failed', true],
    4: ['registered', true],
    5: ['withdrawn', true], // withdrew after registering
    6: ['withdrawn', false],
    7: ['not_registered', false],
    8: ['registered', true],
    9: ['registered', true],
    10: ['invited', false],
    11: ['invited', false],
    12: ['invited', false],
  };
  await db.examParticipant.createMany({
    data: Object.entries(status).map(([n, [s, registered]]) => ({
      campaignId: 'rpt-2025',
      personId: P(Number(n)),
      level: 'social_worker',
      status: s,
      invitedAt: new Date('2025-03-02T00:00:00Z'),
      registeredAt: registered ? new Date('2025-03-10T00:00:00Z') : null,
    })),
  });
  const result = (n: number, examYear: number, subject: string, score: number) => ({
    personId: P(n),
    examYear,
    level: 'social_worker',
    subject,
    score,
    passed: score >= 60,
  });
  const all = (n: number, scores: [number, number, number], year = 2025) => [
    result(n, year, 'comprehensive_intermediate', scores[0]),
    result(n, year, 'practice_intermediate', scores[1]),
    result(n, year, 'regulations_policy', scores[2]),
  ];
  await db.examSubjectResult.createMany({
    data: [
      ...all(1, [70, 66, 61]),
      // p-000002 passes by carry-over: two subjects in 2024, the third in 2025.
      result(2, 2024, 'regulations_policy', 70),
      result(2, 2024, 'comprehensive_intermediate', 65),
      result(2, 2025, 'practice_intermediate', 62),
      ...all(3, [70, 50, 65]),
      ...all(4, [59, 59, 59]),
      result(8, 2024, 'regulations_policy', 40), // sat only the year before: not "sat"
      ...all(13, [90, 90, 90]), // passed, but not mobilized by this campaign
    ],
  });
  await db.certificate.createMany({
    data: [
      { personId: P(20), level: 'assistant_social_worker', obtainedOn: new Date('2019-06-01') },
      { personId: P(6), level: 'assistant_social_worker', obtainedOn: new Date('2024-06-01') },
      { personId: P(1), level: 'social_worker', obtainedOn: new Date('2025-08-20') },
      { personId: P(2), level: 'social_worker', obtainedOn: new Date('2025-08-20') },
    ],
  });
}

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
    expect(r.total.summary).toBe('持证率 20.0%，较 2025-03-01 +10.0 个百分点，目标 +10.0 个百分点，已达成');
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
    ).rejects.toMatchObject({ status: 404, message: 'unknown unit id: nowhere' });
    await expect(examCampaignReport({ db: tdb.db }, { campaignId: 'nope' })).rejects.toMatchObject(
      { status: 404, message: 'no exam campaign "nope"' },
    );
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
